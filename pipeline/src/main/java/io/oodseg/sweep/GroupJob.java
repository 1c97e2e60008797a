package io.oodseg.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * One clustering group in Spark: the stored images are clustered and binned partition by partition
 * ({@link ImageBinner}), the per-partition counts are summed by a tree reduction (the driver
 * receives {@code 2 × bins} counts per configuration and image split of {@code sweep.select-on}),
 * and the assignments are written by the executors (when the group has none yet).
 */
final class GroupJob {
  private GroupJob() {}

  static StructType assignmentsSchema() {
    return new StructType()
        .add("image_id", DataTypes.StringType, false)
        .add("assignments", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("clusters", DataTypes.IntegerType, false)
        .add("grid_height", DataTypes.IntegerType, false)
        .add("grid_width", DataTypes.IntegerType, false);
  }

  /**
   * Bins every configuration of the task over the store's good images.
   *
   * @param images the store's good images (read once per sweep run and kept in Spark's storage)
   * @param assignmentsPath where to write the assignments, or null to skip them
   */
  static GroupPartial run(
      SparkSession spark, JavaRDD<StoredImage> images, BinTask task, String assignmentsPath) {
    int configs = task.methods().size();
    JavaRDD<GroupPartial> partials =
        images
            .mapPartitions(
                it -> {
                  ImageBinner binner = new ImageBinner(task);
                  GroupPartial partial = new GroupPartial(configs, task.bins(), task.splits());
                  while (it.hasNext()) {
                    partial.assigned.add(binner.add(it.next(), partial));
                  }
                  return Collections.singletonList(partial).iterator();
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      GroupPartial total = partials.map(GroupPartial::countsOnly).treeReduce(GroupPartial::merge);
      if (assignmentsPath != null) {
        JavaRDD<Row> rows =
            partials.flatMap(
                p -> {
                  List<Row> out = new ArrayList<>();
                  for (GroupPartial.Assigned a : p.assigned) {
                    Integer[] cells = new Integer[a.assignments().length];
                    for (int i = 0; i < cells.length; i++) {
                      cells[i] = a.assignments()[i];
                    }
                    out.add(
                        RowFactory.create(
                            a.imageId(), cells, a.clusters(), a.gridHeight(), a.gridWidth()));
                  }
                  return out.iterator();
                });
        spark
            .createDataFrame(rows, assignmentsSchema())
            .write()
            .mode(SaveMode.Overwrite)
            .parquet(assignmentsPath);
      }
      return total;
    } finally {
      partials.unpersist(false);
    }
  }
}
