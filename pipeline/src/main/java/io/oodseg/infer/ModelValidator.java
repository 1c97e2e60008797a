package io.oodseg.infer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import io.oodseg.config.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one forward pass on zeros of the descriptor's input size and checks that the outputs match
 * the descriptor (count, channels, spatial size from the stride), so a wrong model fails at load,
 * before any image is processed.
 */
final class ModelValidator {
  private ModelValidator() {}

  static void check(ZooModel<NDList, NDList> model, ModelDescriptor d) {
    List<String> problems = new ArrayList<>();
    List<Shape> got = new ArrayList<>();
    try (NDManager manager = model.getNDManager().newSubManager()) {
      NDArray input = manager.zeros(new Shape(1, 3, d.height(), d.width()));
      NDList out =
          model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
      for (NDArray a : out) {
        got.add(a.getShape());
      }
    }
    if (got.size() != d.outputs().size()) {
      problems.add("expected " + d.outputs().size() + " outputs, got " + got.size());
    }
    for (int i = 0; i < Math.min(got.size(), d.outputs().size()); i++) {
      OutputSpec spec = d.outputs().get(i);
      Shape expected =
          new Shape(1, spec.channels(), d.height() / spec.stride(), d.width() / spec.stride());
      if (!expected.equals(got.get(i))) {
        problems.add(
            "output "
                + i
                + " ("
                + spec.name()
                + ", "
                + spec.kind()
                + ", stride "
                + spec.stride()
                + "): expected shape "
                + expected
                + ", got "
                + got.get(i));
      }
    }
    if (!problems.isEmpty()) {
      throw new UsageException(
          "model "
              + d.fileUri()
              + " does not match its descriptor for input "
              + new Shape(1, 3, d.height(), d.width())
              + ": "
              + String.join("; ", problems));
    }
  }
}
