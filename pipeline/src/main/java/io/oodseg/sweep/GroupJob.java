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
 * Clustering groups on one grid in one Spark job: the stored images are clustered and binned
 * partition by partition for every group ({@link ImageBinner}), the per-partition counts are summed
 * by a tree reduction (the driver receives {@code 2 × bins} counts per group, configuration and
 * image split of {@code sweep.select-on}), and each group's assignments are written by the
 * executors (when the group has none yet).
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
   * Bins every configuration of the tasks over the store's good images, in one pass over them.
   *
   * @param images the store's good images (read once per sweep run and kept in Spark's storage)
   * @param tasks clustering groups on the same grid ({@link ImageBinner})
   * @param assignmentsPaths per task, where to write its assignments, or null to skip them
   * @return per task, its counts
   */
  static List<GroupPartial> run(
      SparkSession spark,
      JavaRDD<StoredImage> images,
      List<BinTask> tasks,
      List<String> assignmentsPaths) {
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
      for (int g = 0; g < tasks.size(); g++) {
        if (assignmentsPaths.get(g) != null) {
          writeAssignments(spark, partials, g, assignmentsPaths.get(g));
        }
      }
      return totals;
    } finally {
      partials.unpersist(false);
    }
  }

  private static void writeAssignments(
      SparkSession spark, JavaRDD<List<GroupPartial>> partials, int task, String path) {
    JavaRDD<Row> rows =
        partials.flatMap(
            parts -> {
              List<Row> out = new ArrayList<>();
              for (GroupPartial.Assigned a : parts.get(task).assigned) {
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
    spark.createDataFrame(rows, assignmentsSchema()).write().mode(SaveMode.Overwrite).parquet(path);
  }
}
