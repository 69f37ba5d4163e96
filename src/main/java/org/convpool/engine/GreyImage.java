package org.convpool.engine;

import java.util.Objects;

/**
 * An 8-bit grey image: {@code height} rows of {@code width} unsigned bytes, row-major.
 *
 * <p>The pixel array is held, not copied, because images can be large; callers must not change it afterwards. It
 * may be longer than the image (an array reused from a larger one): only its first {@code width * height} bytes
 * are the image's.
 */
public final class GreyImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    /**
     * @param width  columns, at least 1
     * @param height rows, at least 1
     * @param pixels {@code width * height} unsigned bytes, row-major, or more (the rest is not the image's); kept,
     *               not copied
     * @throws IllegalArgumentException if a size is not positive or the array is too short
     */
    public GreyImage(int width, int height, byte[] pixels) {
        Objects.requireNonNull(pixels, "pixels");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, not " + width + "x" + height);
        }
        if (pixels.length < (long) width * height) {
            throw new IllegalArgumentException("a " + width + "x" + height + " image needs " + (long) width * height
                    + " pixels, not " + pixels.length);
        }
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Number of columns, at least 1. */
    public int width() {
        return width;
    }

    /** Number of rows, at least 1. */
    public int height() {
        return height;
    }

    /**
     * The pixels, row-major, to be read as unsigned ({@code b & 0xFF}); the array itself, not a copy, whose first
     * {@code width * height} bytes are the image.
     */
    public byte[] pixels() {
        return pixels;
    }

    /** The grey level 0..255 at column {@code x}, row {@code y}. */
    public int pixel(int x, int y) {
        Objects.checkIndex(x, width);
        Objects.checkIndex(y, height);
        return pixels[y * width + x] & 0xFF;
    }

    @Override
    public String toString() {
        return "GreyImage[" + width + "x" + height + "]";
    }
}
