package io.oodseg.config;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.TaskContext;

/**
 * Test-only fault switches (section {@code testing} of the defaults; never set in production): fail
 * the first attempt of chosen tasks, and stop the JVM at once ({@code Runtime.halt}) after a number
 * of committed result parts, as a killed process would.
 *
 * @param failFirstAttempt {@code stage:partition} entries; stages {@code inference} and {@code
 *     clustering}
 * @param haltAfterParts halt the JVM once this many result parts are committed; 0 = never
 */
public record FaultPlan(List<String> failFirstAttempt, int haltAfterParts) implements Serializable {
  /** Stages that can be made to fail. */
  public static final List<String> STAGES = List.of("inference", "clustering");

  /** No faults. */
  public static FaultPlan none() {
    return new FaultPlan(List.of(), 0);
  }

  /** Thrown by an injected failure. */
  public static final class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFailure(String message) {
      super(message);
    }
  }

  /**
   * Fails the running task when {@code stage:<its partition>} is planned and this is the task's
   * first attempt; does nothing outside a Spark task.
   */
  public void maybeFail(String stage) {
    TaskContext task = TaskContext.get();
    if (task != null
        && task.attemptNumber() == 0
        && failFirstAttempt.contains(stage + ":" + task.partitionId())) {
      throw new InjectedFailure(
          "injected failure (testing.fail-first-attempt) in "
              + stage
              + ", partition "
              + task.partitionId()
              + ", stage "
              + task.stageId()
              + ", attempt 0");
    }
  }
}
