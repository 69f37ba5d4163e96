package org.convpool.engine;

/**
 * An 8-bit greyscale image: {@code height} rows of {@code width} unsigned bytes, row-major, no
 * padding. The pixel array is shared, not copied: callers must not modify it after construction.
 */
public final class GreyImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * @param width  pixels per row, at least 1
     * @param height rows, at least 1
     * @param pixels {@code width * height} bytes, row-major; kept, not copied
     */
    public GreyImage(int width, int height, byte[] pixels) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (pixels.length != (long) width * height) {
            throw new IllegalArgumentException("expected " + (long) width * height + " pixels for "
                    + width + "x" + height + ", got " + pixels.length);
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

    /** The row-major pixels (unsigned bytes), shared with this image. */
    public byte[] pixels() {
        return pixels;
    }

    /** The pixel at column {@code x}, row {@code y}, as 0..255. */
    public int get(int x, int y) {
        return pixels[y * width + x] & 0xFF;
    }
}
