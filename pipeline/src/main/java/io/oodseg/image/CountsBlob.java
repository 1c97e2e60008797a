package io.oodseg.image;

import io.oodseg.udfs.metrics.CompactCounts;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One image's per-method {@link CompactCounts}, serialized once when the image is scored. An
 * outcome serialized again (the serialized cache, the committed parts) copies these bytes instead
 * of encoding the keys, and a pass that does not read counts (the tables, the error count, the
 * overlays' picks) deserializes it without decoding them: only {@link #get} decodes. The map made
 * on the executor is kept beside the bytes while that object lives (outcomes cached as objects read
 * it without decoding).
 */
public final class CountsBlob implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final CountsBlob EMPTY = new CountsBlob(new byte[0], Map.of());

  private final byte[] bytes;
  private transient Map<String, CompactCounts> decoded;

  private CountsBlob(byte[] bytes, Map<String, CompactCounts> decoded) {
    this.bytes = bytes;
    this.decoded = decoded;
  }

  /** The blob of {@code counts} (method order kept). */
  public static CountsBlob of(Map<String, CompactCounts> counts) {
    if (counts.isEmpty()) {
      return EMPTY;
    }
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeInt(counts.size());
      for (Map.Entry<String, CompactCounts> e : counts.entrySet()) {
        out.writeUTF(e.getKey());
        out.writeObject(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialize an image's counts", e);
    }
    return new CountsBlob(
        buffer.toByteArray(), Collections.unmodifiableMap(new LinkedHashMap<>(counts)));
  }

  /** The counts by method name, in method order (decoded on the first call after a read). */
  public Map<String, CompactCounts> get() {
    if (decoded == null) {
      decoded = decode();
    }
    return decoded;
  }

  /** Serialized bytes. */
  public int size() {
    return bytes.length;
  }

  private Map<String, CompactCounts> decode() {
    if (bytes.length == 0) {
      return Map.of();
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      Map<String, CompactCounts> counts = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String method = in.readUTF();
        Object c = in.readObject();
        if (!(c instanceof CompactCounts)) {
          throw new InvalidObjectException("not compact counts: " + method);
        }
        counts.put(method, (CompactCounts) c);
      }
      return Collections.unmodifiableMap(counts);
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalStateException("cannot read an image's counts: " + e, e);
    }
  }
}
