package io.oodseg.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;

/**
 * Clustering groups on one grid in one Spark job: the stored images are clustered and binned
 * partition by partition for every group ({@link ImageBinner}), the per-partition counts are summed
 * by a tree reduction (the driver receives {@code 2 × bins} counts per group, configuration and
 * image split of {@code sweep.select-on}), and the groups' assignments are written by the
 * executors, in one table.
 */
final class GroupJob {
  private GroupJob() {}

  static StructType assignmentsSchema() {
    return new StructType()
        .add("group_key", DataTypes.StringType, false)
        .add("image_id", DataTypes.StringType, false)
        .add("assignments", DataTypes.createArrayType(DataTypes.IntegerType, false), false)
        .add("clusters", DataTypes.IntegerType, false)
        .add("grid_height", DataTypes.IntegerType, false)
        .add("grid_width", DataTypes.IntegerType, false);
  }

  /**
   * Bins every configuration of the tasks over the store's good images, in one pass over them;
   * writes the tasks' assignments in one table (one row per group and image), then hands the tasks'
   * counts to {@code commit}.
   *
   * @param images the store's good images (read once per sweep run and kept in Spark's storage)
   * @param tasks clustering groups on the same grid ({@link ImageBinner})
   * @param groupKeys per task, its group's key (the assignments' {@code group_key})
   * @param assignmentsPath where to write the assignments
   * @param commit called with the tasks' counts, in the tasks' order, once the assignments are in
   */
  static void run(
      SparkSession spark,
      JavaRDD<StoredImage> images,
      List<BinTask> tasks,
      List<String> groupKeys,
      String assignmentsPath,
      Consumer<List<GroupPartial>> commit) {
    JavaRDD<List<GroupPartial>> partials =
        images
            .mapPartitions(
                it -> {
                  ImageBinner binner = new ImageBinner(tasks);
                  List<GroupPartial> parts = new ArrayList<>();
                  for (BinTask task : tasks) {
                    parts.add(new GroupPartial(task.methods().size(), task.bins(), task.splits()));
                  }
                  while (it.hasNext()) {
                    binner.add(it.next(), parts);
                  }
                  return Collections.singletonList(parts).iterator();
                })
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      List<GroupPartial> totals =
          partials
              .map(
                  parts -> {
                    List<GroupPartial> counts = new ArrayList<>();
                    parts.forEach(p -> counts.add(p.countsOnly()));
                    return counts;
                  })
              .treeReduce(
                  (a, b) -> {
                    for (int g = 0; g < a.size(); g++) {
                      a.get(g).merge(b.get(g));
                    }
                    return a;
                  });
      JavaRDD<Row> rows =
          partials.flatMap(
              parts -> {
                List<Row> out = new ArrayList<>();
                for (int g = 0; g < parts.size(); g++) {
                  for (GroupPartial.Assigned a : parts.get(g).assigned) {
                    Integer[] cells = new Integer[a.assignments().length];
                    for (int i = 0; i < cells.length; i++) {
                      cells[i] = a.assignments()[i];
                    }
                    out.add(
                        RowFactory.create(
                            groupKeys.get(g),
                            a.imageId(),
                            cells,
                            a.clusters(),
                            a.gridHeight(),
                            a.gridWidth()));
                  }
                }
                return out.iterator();
              });
      spark
          .createDataFrame(rows, assignmentsSchema())
          .write()
          .mode(SaveMode.Overwrite)
          .parquet(assignmentsPath);
      commit.accept(totals);
    } finally {
      partials.unpersist(false);
    }
  }
}
