package org.convpool.image;

import java.io.Serializable;

/** Limits checked against an image header before any pixel is decoded; small enough to ship to executors. */
public final class DecodeLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Default pixel limit, 2^27 (134,217,728; a 16384 x 8192 image): about 1.1 GB at the peak of a task with the seed
     * bank, see the README's Performance section.
     */
    public static final long DEFAULT_MAX_PIXELS = 1L << 27;

    private final long maxPixels;

    /** @param maxPixels the largest width * height accepted, at least 1 */
    public DecodeLimits(long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("--max-pixels must be at least 1, got " + maxPixels);
        }
        this.maxPixels = maxPixels;
    }

    /** The defaults: {@value #DEFAULT_MAX_PIXELS} pixels. */
    public static DecodeLimits defaults() {
        return new DecodeLimits(DEFAULT_MAX_PIXELS);
    }

    /** The largest width * height accepted. */
    public long maxPixels() {
        return maxPixels;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodeLimits other && other.maxPixels == maxPixels;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(maxPixels);
    }

    @Override
    public String toString() {
        return "DecodeLimits[maxPixels=" + maxPixels + "]";
    }
}
