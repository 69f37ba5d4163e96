package org.convpool.image;

import java.util.Arrays;

/**
 * Resamples an 8-bit grey map, fed one row at a time, into a {@code dh x dw} rectangle of a larger picture, so that no
 * full-size map needs to be kept: the montage's tiles and the report's thumbnails.
 *
 * <p>Destination pixel y covers source rows {@code [y * sh / dh, (y + 1) * sh / dh)} (at least one), likewise for
 * columns, and gets the rounded mean: an area average when shrinking, nearest neighbour when enlarging. Those row
 * ranges follow each other without overlapping when shrinking and are single rows when enlarging, so one accumulator
 * row suffices. Rows must come in order, {@code 0 .. sh - 1}. Not thread-safe.
 */
final class AreaResampler {
    private final int sh;
    private final int dh;
    private final int dw;
    private final byte[] dst;
    private final int stride;
    private final int x0;
    private final int y0;
    private final int[] c0;
    private final int[] c1;
    private final int[] sums;
    private int next; // the first destination row not yet written
    private int seen; // source rows added so far

    /**
     * @param sh     rows of the source map
     * @param sw     columns of the source map
     * @param dh     rows of the rectangle
     * @param dw     columns of the rectangle
     * @param dst    the picture the rectangle is in, {@code stride} bytes a row
     * @param x0     the rectangle's left column in {@code dst}
     * @param y0     the rectangle's top row in {@code dst}
     */
    AreaResampler(int sh, int sw, int dh, int dw, byte[] dst, int stride, int x0, int y0) {
        this.sh = sh;
        this.dh = dh;
        this.dw = dw;
        this.dst = dst;
        this.stride = stride;
        this.x0 = x0;
        this.y0 = y0;
        this.c0 = new int[dw];
        this.c1 = new int[dw];
        for (int x = 0; x < dw; x++) {
            c0[x] = (int) ((long) x * sw / dw);
            c1[x] = Math.max(c0[x] + 1, (int) ((long) (x + 1) * sw / dw));
        }
        this.sums = new int[dw];
    }

    /** The rectangle's left column in the picture. */
    int x0() {
        return x0;
    }

    /** Adds source row {@code y}, {@code row[offset .. offset + sw)}; not modified. */
    void row(int y, byte[] row, int offset) {
        if (y != seen || y >= sh) {
            throw new IllegalArgumentException("expected row " + seen + " of a " + sh + "-row map, got row " + y);
        }
        seen++;
        if (next < dh && y == firstRow(next)) {
            Arrays.fill(sums, 0);
        }
        for (int x = 0; x < dw; x++) {
            int s = 0;
            for (int c = c0[x]; c < c1[x]; c++) {
                s += row[offset + c] & 0xFF;
            }
            sums[x] += s;
        }
        // every destination row whose source rows end here is complete (several when enlarging)
        while (next < dh && endRow(next) == y + 1) {
            int rowsCovered = endRow(next) - firstRow(next);
            int d = (y0 + next) * stride + x0;
            for (int x = 0; x < dw; x++) {
                int count = rowsCovered * (c1[x] - c0[x]);
                dst[d + x] = (byte) ((sums[x] + count / 2) / count);
            }
            next++;
        }
    }

    /** Whether every destination row has been written. */
    boolean complete() {
        return next == dh;
    }

    private int firstRow(int d) {
        return (int) ((long) d * sh / dh);
    }

    private int endRow(int d) {
        return Math.max(firstRow(d) + 1, (int) ((long) (d + 1) * sh / dh));
    }
}
