/**
 * The one place where the stages are wired into clustering engines ({@code
 * oodseg.clustering.engine}): {@link io.oodseg.wiring.DeviceEngine} runs {@link
 * io.oodseg.wiring.ImageAnalyzer} (K-Means, scoring and counting on the model's device) inside the
 * inference partition; {@link io.oodseg.wiring.MllibEngine} runs {@link
 * io.oodseg.wiring.TensorExtractor} there and clusters and scores with Spark afterwards. {@link
 * io.oodseg.wiring.ModelOutputs} says which model outputs feed the clustering grid and the
 * confidence maps, for the engines, the report's overlays and the sweep alike.
 */
package io.oodseg.wiring;
