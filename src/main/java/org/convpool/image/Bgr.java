package org.convpool.image;

/**
 * A decoded 8-bit colour image as OpenCV holds it: {@code height} rows of {@code width} pixels,
 * each three bytes B, G, R, row-major, no padding. The array is shared, not copied.
 */
public final class Bgr {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * @param width  pixels per row, at least 1
     * @param height rows, at least 1
     * @param pixels {@code 3 * width * height} bytes, interleaved B, G, R; kept, not copied
     */
    public Bgr(int width, int height, byte[] pixels) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != 3L * width * height) {
            throw new IllegalArgumentException("expected " + 3L * width * height + " bytes for "
                    + width + "x" + height + " BGR, got " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Pixels per row. */
    public int width() {
        return width;
    }

    /** Number of rows. */
    public int height() {
        return height;
    }

    /** Interleaved B, G, R bytes, row-major, shared with this image. */
    public byte[] pixels() {
        return pixels;
    }
}
