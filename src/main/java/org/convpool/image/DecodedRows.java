package org.convpool.image;

/**
 * A decoded image, before EXIF orientation, that hands out its rows as OpenCV's 8-bit BGR. The
 * seam between {@link ImageDecoder} and the per-format decoders: callers pull one row at a time,
 * so the grey path never holds a full-size BGR copy.
 */
interface DecodedRows {
    /** Pixels per row, at least 1. */
    int width();

    /** Number of rows, at least 1. */
    int height();

    /** Writes row {@code y} (0-based) as {@code 3 * width()} bytes B, G, R into {@code dst} from {@code offset}. */
    void bgrRow(int y, byte[] dst, int offset);
}
