/**
 * Per-image values that cross stages: what inference hands to clustering and scoring ({@link
 * io.oodseg.image.ImageTensors}), what scoring hands to metrics and output ({@link
 * io.oodseg.image.ImageOutcome}), and the per-stage times they carry ({@link
 * io.oodseg.image.StageTimes}). Depends on the catalog's {@code ImageRecord} only, so every stage
 * after the catalog may use it.
 */
package io.oodseg.image;
