package io.oodseg.catalog;

import java.io.IOException;
import org.apache.hadoop.fs.FileStatus;

/**
 * Layouts with every image in one folder and its label at a path made from the image's id (its file
 * name without extension): {@code <imageFolder>/<id>.<ext>} with the label at {@code labelTemplate}
 * where {@code {id}} stands for the id. Files of the image folder that are not images (by
 * extension) are ignored and named in one warning; sub-folders and hidden files ({@code .x}, {@code
 * _x}) are skipped silently. With a non-empty {@code idContains}, only images whose id contains it
 * are listed (SMIYC's labelled validation frames).
 */
abstract class FolderPairReader extends AbstractBenchmarkReader {
  private static final long serialVersionUID = 1L;
  private final String imageFolder;
  private final String labelTemplate;
  private final String idContains;

  FolderPairReader(
      String layout,
      LabelMap labelMap,
      int expectedCount,
      String imageFolder,
      String labelTemplate,
      String idContains) {
    super(layout, labelMap, expectedCount);
    this.imageFolder = imageFolder;
    this.labelTemplate = labelTemplate;
    this.idContains = idContains == null ? "" : idContains;
  }

  @Override
  public String expectedLayout() {
    return imageFolder
        + "/<id>.(jpg|jpeg|png|webp) with labels at "
        + labelTemplate.replace("{id}", "<id>")
        + ", values "
        + labelMap()
        + (idContains.isEmpty() ? "" : ", ids containing \"" + idContains + "\"");
  }

  /** Where the label of image {@code id} lies, relative to the root. */
  String labelPath(String id) {
    return labelTemplate.replace("{id}", id);
  }

  @Override
  void collect(BenchmarkFiles files, ListingBuilder out) throws IOException {
    for (FileStatus file : files.files(imageFolder)) {
      String name = file.getPath().getName();
      if (!BenchmarkFiles.isImage(name)) {
        out.ignore(file.getPath());
        continue;
      }
      String id = BenchmarkFiles.stem(name);
      if (id.contains(idContains)) {
        out.add(id, file.getPath(), files.resolve(labelPath(id)));
      }
    }
  }
}
