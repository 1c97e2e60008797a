package io.oodseg.catalog;

import java.io.Serializable;

/**
 * One entry of a benchmark listing: paths only, never pixels.
 *
 * @param id image id, unique in the benchmark
 * @param imageUri qualified location of the image
 * @param labelUri qualified location of its label mask
 */
public record ImageRecord(String id, String imageUri, String labelUri) implements Serializable {}
