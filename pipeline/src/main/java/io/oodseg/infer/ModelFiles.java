package io.oodseg.infer;

import io.oodseg.config.UsageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Brings a model file to local disk (DJL loads local files) and checks its SHA-256. */
final class ModelFiles {
  private ModelFiles() {}

  /** Copies the descriptor's model file into a fresh local folder and verifies its digest. */
  static java.nio.file.Path localCopy(ModelDescriptor d, Configuration conf) throws IOException {
    java.nio.file.Path dir = Files.createTempDirectory("oodseg-model-");
    dir.toFile().deleteOnExit();
    java.nio.file.Path target = dir.resolve(d.name() + ".pt");
    String digest;
    try (InputStream raw = open(d.fileUri(), conf);
        DigestInputStream in = new DigestInputStream(raw, MessageDigest.getInstance("SHA-256"))) {
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      digest = HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
    target.toFile().deleteOnExit();
    if (!digest.equals(d.sha256())) {
      throw new UsageException(
          "model file "
              + d.fileUri()
              + " has SHA-256 "
              + digest
              + " but its descriptor says "
              + d.sha256()
              + "; the file or the descriptor is not the one expected");
    }
    return target;
  }

  private static InputStream open(String uri, Configuration conf) throws IOException {
    if (uri.startsWith("classpath:")) {
      String resource = uri.substring("classpath:".length());
      InputStream in = ModelFiles.class.getClassLoader().getResourceAsStream(resource);
      if (in == null) {
        throw new IOException("model file " + resource + " is missing from the classpath");
      }
      return in;
    }
    Path path = new Path(uri);
    return path.getFileSystem(conf).open(path);
  }
}
