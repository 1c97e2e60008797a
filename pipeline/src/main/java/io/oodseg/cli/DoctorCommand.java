package io.oodseg.cli;

import ai.djl.Device;
import io.oodseg.engine.HostFacts;
import io.oodseg.engine.Libtorch;
import io.oodseg.infer.DeterminismSoak;
import io.oodseg.infer.LoadedModel;
import io.oodseg.infer.ModelCache;
import io.oodseg.infer.ModelDescriptor;
import io.oodseg.infer.NumericsFault;
import io.oodseg.infer.NumericsProbe;
import io.oodseg.infer.Placement;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code doctor}: what this host runs (versions, devices, CPU and its vector flags, libtorch
 * threads, the numerics remedy), then the model's numerics probe and a determinism soak on every
 * device. Exit code 0 when nothing is wrong, 2 on any numerics fault. The first command to run on a
 * new cluster node (docs/numerics.md).
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Check this host: versions, devices, CPU flags, the numerics remedy, the model's numerics probe "
            + "and a determinism soak (forward passes of seeded inputs, each twice). Exit 0 = no fault, 2 = a fault.")
final class DoctorCommand implements Callable<Integer> {
  @Option(
      names = "--model",
      description = "Model descriptor to probe (any Hadoop path; default: ${DEFAULT-VALUE}).")
  String model = ModelDescriptor.EMBEDDED;

  @Option(
      names = "--inputs",
      description =
          "Seeded input batches of the soak, each run twice (default: " + "${DEFAULT-VALUE}).")
  int inputs = 50;

  @Option(names = "--batch", description = "Images per soak batch (default: ${DEFAULT-VALUE}).")
  int batch = 4;

  @Option(
      names = "--threads",
      description = "libtorch intra-op threads; 0 = every core (default: ${DEFAULT-VALUE}).")
  int threads = 0;

  @Override
  public Integer call() {
    PrintStream out = System.out;
    Configuration conf = new Configuration();
    ModelDescriptor d = ModelDescriptor.load(model, conf);
    int t = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    LoadedModel cpu = ModelCache.loadFresh(d, Placement.of(Device.cpu()), t, conf);
    HostFacts facts = HostFacts.here();
    out.println("oodseg doctor");
    out.printf("  %-20s %s%n", "spark", org.apache.spark.package$.MODULE$.SPARK_VERSION());
    for (Map.Entry<String, Object> e : facts.toMap().entrySet()) {
      out.printf("  %-20s %s%n", e.getKey(), e.getValue());
    }
    int gpus = Libtorch.engine().getGpuCount();
    out.printf(
        "  %-20s cpu%s%n",
        "devices", gpus == 0 ? " (libtorch sees no CUDA device)" : " + " + gpus + " GPU(s)");
    List<String> faults = new ArrayList<>();
    if (facts.hasAvx512() && !facts.remedy().inEffect()) {
      out.println("  warning: AVX-512 host without the oneDNN cap: " + facts.remedy().describe());
    }
    List<Device> devices = new ArrayList<>(List.of(Device.cpu()));
    for (int g = 0; g < gpus; g++) {
      devices.add(Device.gpu(g));
    }
    out.println(
        "model "
            + d.name()
            + " ("
            + d.fileUri()
            + "), checked at input "
            + d.height()
            + "x"
            + d.width()
            + ", pipeline "
            + d.pipeline().fingerprint()
            + " to "
            + d.pipeline().height()
            + "x"
            + d.pipeline().width());
    for (Device device : devices) {
      LoadedModel loaded =
          device.equals(Device.cpu())
              ? cpu
              : ModelCache.loadFresh(d, Placement.of(device), t, conf);
      try {
        check(loaded, device, out, faults);
      } finally {
        loaded.close();
      }
    }
    if (faults.isEmpty()) {
      out.println("no fault found");
      return 0;
    }
    out.println(faults.size() + " fault(s) found: see docs/numerics.md");
    return 2;
  }

  private void check(LoadedModel loaded, Device device, PrintStream out, List<String> faults) {
    ModelDescriptor d = loaded.descriptor();
    var zoo = loaded.zooModel();
    if (d.probe() == null) {
      out.println(
          "  "
              + device
              + ": probe     none in the descriptor (write one with notebooks/numerics_probe.py)");
      faults.add(device + ": no probe");
    } else {
      try {
        NumericsProbe.Result r = NumericsProbe.run(zoo.getBlock(), zoo.getNDManager(), d, device);
        out.printf(
            "  %s: probe     passed (%d recipes x %d repeats, worst deviation %.3f of its tolerance, %.2f s)%n",
            device, r.recipes(), r.repeats(), r.worst(), r.seconds());
      } catch (NumericsFault e) {
        out.println("  " + device + ": probe     FAILED: " + e.getMessage());
        faults.add(device + ": probe");
      }
    }
    DeterminismSoak.Result soak =
        DeterminismSoak.run(zoo.getBlock(), zoo.getNDManager(), d, device, inputs, batch);
    out.printf(
        "  %s: soak      %d forward passes of %d seeded batches of %d, %d faulty (%.1f s)%n",
        device, soak.passes(), soak.inputs(), batch, soak.faultyInputs(), soak.seconds());
    for (String p : soak.problems()) {
      out.println("      " + p);
    }
    if (!soak.clean()) {
      faults.add(device + ": soak");
    }
  }
}
