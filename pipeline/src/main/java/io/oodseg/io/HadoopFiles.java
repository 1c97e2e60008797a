package io.oodseg.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;

/** Small helpers over Hadoop's FileSystem so local, hdfs:// and s3a:// paths read alike. */
public final class HadoopFiles {
  private HadoopFiles() {}

  /** Reads a whole file. */
  public static byte[] readAll(String uri, Configuration conf) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    long length = fs.getFileStatus(path).getLen();
    if (length > Integer.MAX_VALUE) {
      throw new IOException(uri + " is too large to read into memory (" + length + " bytes)");
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = fs.open(path)) {
      IOUtils.readFully(in, bytes, 0, bytes.length);
    }
    return bytes;
  }

  /** Writes a whole file, replacing any existing one (no {@code .crc} side file on local disk). */
  public static void writeAll(Path path, byte[] bytes, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    fs.setWriteChecksum(false);
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }

  /** Turns a plain local path into a qualified URI string; leaves URIs with a scheme alone. */
  public static String qualify(String location, Configuration conf) throws IOException {
    Path path = new Path(location);
    URI uri = path.toUri();
    if (uri.getScheme() != null) {
      return path.toString();
    }
    return path.getFileSystem(conf).makeQualified(path).toString();
  }
}
