package org.convpool.image;

/**
 * A decoded image, before EXIF orientation, that hands out its rows as OpenCV's 8-bit BGR. The
 * seam between {@link ImageDecoder} and the per-format decoders: callers pull one row at a time,
 * so the grey path never holds a full-size BGR copy.
 */
abstract class DecodedRows {
    /** Pixels per row, at least 1. */
    protected final int width;
    /** Number of rows, at least 1. */
    protected final int height;

    protected DecodedRows(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** Pixels per row, at least 1. */
    final int width() {
        return width;
    }

    /** Number of rows, at least 1. */
    final int height() {
        return height;
    }

    /** Writes row {@code y} (0-based) as {@code 3 * width()} bytes B, G, R into {@code dst} from {@code offset}. */
    abstract void bgrRow(int y, byte[] dst, int offset);

    /**
     * Writes row {@code y} as {@code width()} grey bytes, {@link GreyConversion}'s of its BGR, into {@code dst} from
     * {@code offset}; {@code scratch} holds at least {@code 3 * width()} bytes and may be overwritten. Decoders that
     * can convert straight from their own samples override this to skip the BGR copy.
     */
    void greyRow(int y, byte[] dst, int offset, byte[] scratch) {
        bgrRow(y, scratch, 0);
        GreyConversion.bgrRowToGrey(scratch, 0, dst, offset, width());
    }
}
