package io.oodseg.demo;

/**
 * One generated road scene: packed RGB pixels, the semantic class of every pixel and the OoD label
 * (0 = in-distribution, 1 = OoD, 255 = void) in row-major order.
 *
 * @param width image width in pixels
 * @param height image height in pixels
 * @param rgb packed {@code 0xRRGGBB} pixels
 * @param semantic class id per pixel (see {@link SceneGenerator#CLASS_NAMES}); OoD pixels hold
 *     {@link SceneGenerator#OOD_CLASS}
 * @param oodLabel OoD label per pixel: 0, 1 or 255
 */
public record SyntheticScene(int width, int height, int[] rgb, byte[] semantic, byte[] oodLabel) {}
