package io.oodseg.sweep;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** float32 arrays as little-endian bytes: the compact form of the tensor store's columns. */
final class FloatBytes {
  private FloatBytes() {}

  static byte[] pack(float[] values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  static float[] unpack(byte[] bytes) {
    float[] values = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }
}
