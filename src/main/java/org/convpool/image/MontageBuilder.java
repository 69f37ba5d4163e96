package org.convpool.image;

import java.util.Arrays;

/**
 * Builds {@link MapPictures#montage}'s picture from the normalised maps' rows as they come, so that no full-size map
 * needs to be kept: each tile is resampled row by row ({@link AreaResampler}), with exactly the montage's arithmetic.
 *
 * <p>Rows of one map must come in order, {@code 0 .. height - 1}; maps may interleave. Not thread-safe.
 */
public final class MontageBuilder {
    private final int filters;
    private final int tileH;
    private final int tileW;
    private final int width;
    private final byte[] pixels;
    private final AreaResampler[] relu;
    private final AreaResampler[] pool;
    private final int[] copyOf;

    /**
     * @param filters the number of filters, at least 1
     * @param reluH   rows of each ReLU map, at least 1
     * @param reluW   columns of each ReLU map, at least 1
     * @param poolH   rows of each pooled map, at least 1
     * @param poolW   columns of each pooled map, at least 1
     * @throws IllegalArgumentException if a size is not positive or the montage would be too large
     */
    public MontageBuilder(int filters, int reluH, int reluW, int poolH, int poolW) {
        if (filters < 1 || reluH < 1 || reluW < 1 || poolH < 1 || poolW < 1) {
            throw new IllegalArgumentException("a montage needs at least one filter and maps of at least 1x1, got "
                    + filters + " filters, ReLU maps " + reluH + "x" + reluW + " and pooled maps " + poolH + "x"
                    + poolW);
        }
        this.filters = filters;
        double scale = Math.min(1.0, (double) MapPictures.MAX_TILE / Math.max(reluH, reluW));
        this.tileH = Math.max(1, (int) Math.round(reluH * scale));
        this.tileW = Math.max(1, (int) Math.round(reluW * scale));
        long w = (long) filters * tileW + (long) (filters + 1) * MapPictures.GUTTER;
        int h = 2 * tileH + 3 * MapPictures.GUTTER;
        if (w * h > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a montage of " + filters + " filters would be too large");
        }
        this.width = (int) w;
        this.pixels = new byte[width * h];
        Arrays.fill(pixels, (byte) 255);
        this.relu = new AreaResampler[filters];
        this.pool = new AreaResampler[filters];
        this.copyOf = new int[filters];
        for (int f = 0; f < filters; f++) {
            int x0 = MapPictures.GUTTER + f * (tileW + MapPictures.GUTTER);
            relu[f] = new AreaResampler(reluH, reluW, tileH, tileW, pixels, width, x0, MapPictures.GUTTER);
            pool[f] = new AreaResampler(poolH, poolW, tileH, tileW, pixels, width, x0,
                    2 * MapPictures.GUTTER + tileH);
            copyOf[f] = f;
        }
    }

    /**
     * Declares that filter {@code filter}'s maps are the same as the earlier filter {@code original}'s: its column is
     * copied from that one's instead of being built from rows, which must then not be added for it.
     *
     * @throws IllegalArgumentException unless {@code 0 <= original < filter < filters}
     */
    public void sameAs(int filter, int original) {
        if (original < 0 || original >= filter || filter >= filters) {
            throw new IllegalArgumentException("filter " + filter + " cannot repeat filter " + original);
        }
        copyOf[filter] = original;
    }

    /** Adds row {@code y} of filter {@code filter}'s normalised ReLU map, {@code row[0 .. reluW)}; not modified. */
    public void reluRow(int filter, int y, byte[] row) {
        relu[filter].row(y, row, 0);
    }

    /** Adds row {@code y} of filter {@code filter}'s normalised pooled map, {@code row[0 .. poolW)}; not modified. */
    public void poolRow(int filter, int y, byte[] row) {
        pool[filter].row(y, row, 0);
    }

    /**
     * The montage; call after every row of every map was added.
     *
     * @throws IllegalStateException if some rows are missing
     */
    public MapPictures.Picture picture() {
        for (int f = 0; f < filters; f++) {
            if (!relu[copyOf[f]].complete() || !pool[copyOf[f]].complete()) {
                throw new IllegalStateException("the montage is missing rows of filter " + copyOf[f]);
            }
        }
        int height = pixels.length / width;
        for (int f = 0; f < filters; f++) {
            if (copyOf[f] != f) {
                int from = relu[copyOf[f]].x0();
                int to = relu[f].x0();
                for (int y = 0; y < height; y++) {
                    System.arraycopy(pixels, y * width + from, pixels, y * width + to, tileW);
                }
            }
        }
        return new MapPictures.Picture(width, height, pixels);
    }
}
