package org.convpool.image;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.List;

/**
 * The pictures under {@code png/}: one 8-bit grey PNG per feature map, and a montage of the
 * activated and pooled maps laid out as the seed notebook's figures are.
 */
public final class MapPictures {
    /** Longest side of one montage tile, in pixels; larger maps are scaled down. */
    public static final int MAX_TILE = 512;
    /** Width of the white bands around and between montage tiles, in pixels. */
    public static final int GUTTER = 8;

    /** An 8-bit grey picture: {@code height} rows of {@code width} bytes, row-major. */
    public record Picture(int width, int height, byte[] pixels) {
        /** Checks that {@code pixels} holds exactly {@code width * height} bytes. */
        public Picture {
            if (width < 1 || height < 1 || pixels.length != (long) width * height) {
                throw new IllegalArgumentException("a " + width + "x" + height + " picture needs "
                        + (long) width * height + " bytes, got " + pixels.length);
            }
        }
    }

    private MapPictures() {
    }

    /**
     * The contract's picture of a map: each value becomes {@code round(255 * (v - min) / (max - min))},
     * computed in double, with min and max over the {@code n} values; all 0 when max == min.
     *
     * @param map finite values; only the first {@code n} are read, none is modified
     * @param n   number of values, 0..map.length
     * @return {@code n} new bytes, 0..255
     */
    public static byte[] normalise(float[] map, int n) {
        if (n < 0 || n > map.length) {
            throw new IllegalArgumentException("n must be in 0.." + map.length + ", got " + n);
        }
        byte[] out = new byte[n];
        if (n == 0) {
            return out;
        }
        float min = map[0];
        float max = map[0];
        for (int i = 1; i < n; i++) {
            float v = map[i];
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
        }
        normaliseRow(map, n, min, max, out);
        return out;
    }

    /**
     * {@link #normalise} of part of a map whose min and max are already known, for example from its statistics: each
     * of the first {@code n} values becomes {@code round(255 * (v - min) / (max - min))} in {@code out}, computed in
     * double; all 0 when max == min.
     *
     * @param row values in [min, max]; only the first {@code n} are read, none is modified
     * @param out receives {@code n} bytes
     */
    public static void normaliseRow(float[] row, int n, float min, float max, byte[] out) {
        if (max == min) {
            Arrays.fill(out, 0, n, (byte) 0);
            return;
        }
        double lo = min;
        double range = (double) max - lo;
        // Math.round(q) is floor(q + 1/2), which HotSpot 17 runs as bit operations and data-dependent branches. For
        // 0 <= q <= 255, truncating q + ROUND_HALF_UP is the same integer: ties (j + 1/2) reach j + 1 exactly, every
        // double below a tie stays below j + 1, including 0.5 - 2^-54, which q + 0.5 would round up to 1. One division
        // per value, no branch: the maps' values often sit exactly on ties (they are multiples of 1/255), which made
        // a reciprocal with an exact fallback near ties mispredict on about every other value.
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (int) (255.0 * (row[i] - lo) / range + ROUND_HALF_UP);
        }
    }

    /** The largest double below 1/2: see {@link #normaliseRow}. */
    static final double ROUND_HALF_UP = 0.49999999999999994;

    /**
     * Writes an 8-bit greyscale PNG with {@link PngEncoder}'s defaults; {@code pixels} is not modified and
     * {@code out} is flushed, not closed.
     *
     * @param pixels {@code width * height} bytes, row-major
     */
    public static void writeGreyPng(byte[] pixels, int width, int height, OutputStream out) throws IOException {
        if (width < 1 || height < 1 || pixels.length != (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " PNG needs "
                    + (long) width * height + " bytes, got " + pixels.length);
        }
        PngEncoder.write(pixels, width, height, out);
    }

    /**
     * One picture of a bank's maps: a column per filter, its activated (ReLU) map on top and its
     * pooled map below, in white gutters of {@value #GUTTER} px. Every tile has the ReLU map's
     * size, scaled down (area average) so that no side exceeds {@value #MAX_TILE} px; pooled maps
     * are enlarged (nearest neighbour) to the same size so they line up with their ReLU map.
     *
     * @param reluMaps one normalised map per filter, each {@code reluH * reluW} bytes; not modified
     * @param poolMaps one normalised map per filter, each {@code poolH * poolW} bytes; not modified
     * @return a new picture {@code filters * tileW + (filters + 1) * GUTTER} wide and
     *     {@code 2 * tileH + 3 * GUTTER} high
     */
    public static Picture montage(List<byte[]> reluMaps, int reluH, int reluW,
                                  List<byte[]> poolMaps, int poolH, int poolW) {
        int filters = reluMaps.size();
        if (filters < 1 || poolMaps.size() != filters) {
            throw new IllegalArgumentException("need the same number (at least 1) of ReLU and pooled maps, got "
                    + filters + " and " + poolMaps.size());
        }
        checkMaps(reluMaps, reluH, reluW, "ReLU");
        checkMaps(poolMaps, poolH, poolW, "pooled");
        MontageBuilder montage = new MontageBuilder(filters, reluH, reluW, poolH, poolW);
        byte[] row = new byte[Math.max(reluW, poolW)];
        for (int f = 0; f < filters; f++) {
            for (int y = 0; y < reluH; y++) {
                System.arraycopy(reluMaps.get(f), y * reluW, row, 0, reluW);
                montage.reluRow(f, y, row);
            }
            for (int y = 0; y < poolH; y++) {
                System.arraycopy(poolMaps.get(f), y * poolW, row, 0, poolW);
                montage.poolRow(f, y, row);
            }
        }
        return montage.picture();
    }

    /**
     * A copy of an 8-bit grey picture scaled down (area average) so that its longer side is at
     * most {@code maxSide}; pictures already that small are copied unchanged.
     *
     * @param pixels row-major, {@code height * width} bytes; not modified
     */
    public static Picture thumbnail(byte[] pixels, int height, int width, int maxSide) {
        ThumbnailBuilder thumbnail = new ThumbnailBuilder(height, width, maxSide);
        for (int y = 0; y < height; y++) {
            thumbnail.row(y, pixels, y * width);
        }
        return thumbnail.picture();
    }

    private static void checkMaps(List<byte[]> maps, int h, int w, String what) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(what + " maps must be at least 1x1, got " + h + "x" + w);
        }
        for (byte[] map : maps) {
            if (map.length != (long) h * w) {
                throw new IllegalArgumentException("each " + what + " map must hold " + (long) h * w
                        + " bytes (" + h + "x" + w + "), got " + map.length);
            }
        }
    }
}
