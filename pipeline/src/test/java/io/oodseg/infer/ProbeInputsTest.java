package io.oodseg.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The probe inputs and sample positions are bit for bit those of the Python reference ({@code
 * notebooks/numerics_probe.py}, run here with Debian's python3), at sizes that are no multiple of
 * the block size.
 */
class ProbeInputsTest {
  @TempDir Path dir;

  @Test
  void javaInputsAndSamplePositionsEqualThePythonReference() throws Exception {
    Path out = dir.resolve("inputs.f32");
    String script =
        String.join(
            "\n",
            "import sys, numpy as np",
            "sys.path.insert(0, sys.argv[1])",
            "import numerics_probe as p",
            "a = p.recipe_input('noise', 5, 37, 53)",
            "b = p.recipe_input('blocks', 6, 37, 53)",
            "idx = np.array(p.sample_indices(2, 1000), dtype='<f4')",
            "open(sys.argv[2], 'wb').write(np.concatenate([a.ravel(), b.ravel(), idx]).astype('<f4').tobytes())");
    Process python =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                script,
                Path.of("..", "notebooks").toAbsolutePath().toString(),
                out.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String printed = new String(python.getInputStream().readAllBytes());
    assertThat(python.exitValue()).as(printed).isZero();

    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    float[] noise = ProbeInputs.image("noise", 5, 37, 53);
    float[] blocks = ProbeInputs.image("blocks", 6, 37, 53);
    int[] idx = ProbeInputs.sampleIndices(2, 1000);
    assertThat(bytes.remaining()).isEqualTo(4 * (noise.length + blocks.length + idx.length));
    for (float v : noise) {
      assertThat(Float.floatToRawIntBits(bytes.getFloat())).isEqualTo(Float.floatToRawIntBits(v));
    }
    for (float v : blocks) {
      assertThat(Float.floatToRawIntBits(bytes.getFloat())).isEqualTo(Float.floatToRawIntBits(v));
    }
    for (int i : idx) {
      assertThat((int) bytes.getFloat()).isEqualTo(i);
    }
    for (float v : noise) {
      assertThat(v).isBetween(-3f, 3f);
    }
    assertThat(blocks[0]).isEqualTo(blocks[15]).isNotEqualTo(blocks[16]);
  }
}
