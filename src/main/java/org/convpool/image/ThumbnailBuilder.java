package org.convpool.image;

/**
 * {@link MapPictures#thumbnail}'s picture built from a map's rows as they come, so that no full-size map needs to be
 * kept: the same pixels, from the same arithmetic ({@link AreaResampler}). Rows must come in order. Not thread-safe.
 */
public final class ThumbnailBuilder {
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final AreaResampler resampler;

    /**
     * @param sourceHeight rows of the map, at least 1
     * @param sourceWidth  columns of the map, at least 1
     * @param maxSide      the thumbnail's longer side at most, at least 1; smaller maps keep their size
     */
    public ThumbnailBuilder(int sourceHeight, int sourceWidth, int maxSide) {
        if (sourceHeight < 1 || sourceWidth < 1 || maxSide < 1) {
            throw new IllegalArgumentException("a thumbnail needs a map of at least 1x1 and a side of at least 1, got "
                    + sourceHeight + "x" + sourceWidth + " and " + maxSide);
        }
        double scale = Math.min(1.0, (double) maxSide / Math.max(sourceHeight, sourceWidth));
        this.height = Math.max(1, (int) Math.round(sourceHeight * scale));
        this.width = Math.max(1, (int) Math.round(sourceWidth * scale));
        this.pixels = new byte[height * width];
        this.resampler = new AreaResampler(sourceHeight, sourceWidth, height, width, pixels, width, 0, 0);
    }

    /** Adds row {@code y} of the map, {@code row[offset .. offset + sourceWidth)}; not modified. */
    public void row(int y, byte[] row, int offset) {
        resampler.row(y, row, offset);
    }

    /**
     * The thumbnail; call after the map's last row.
     *
     * @throws IllegalStateException if some rows are missing
     */
    public MapPictures.Picture picture() {
        if (!resampler.complete()) {
            throw new IllegalStateException("the thumbnail is missing rows of its map");
        }
        return new MapPictures.Picture(width, height, pixels);
    }
}
