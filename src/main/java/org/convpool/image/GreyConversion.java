package org.convpool.image;

import org.convpool.engine.GreyImage;

/**
 * OpenCV's {@code cvtColor(COLOR_BGR2GRAY)} on 8-bit data, bit for bit.
 *
 * <p>OpenCV 4.x converts 8-bit BGR with 15-bit fixed-point weights (its {@code BY15}, {@code GY15},
 * {@code RY15}: 0.114, 0.587 and 0.299 scaled by 2^15, summing to exactly 2^15) and rounds half up.
 * The 14-bit weights of older releases (1868, 9617, 4899) differ from it by one grey level on
 * about 0.05% of photographic pixels; the golden hashes tell them apart (coffee.png, astronaut.png).
 */
public final class GreyConversion {
    /** Weight of blue, in units of 2^-15. */
    public static final int B_WEIGHT = 3735;
    /** Weight of green, in units of 2^-15. */
    public static final int G_WEIGHT = 19235;
    /** Weight of red, in units of 2^-15. */
    public static final int R_WEIGHT = 9798;
    /** Fixed-point shift: the weights sum to {@code 1 << SHIFT}. */
    public static final int SHIFT = 15;
    private static final int HALF = 1 << (SHIFT - 1);

    private GreyConversion() {
    }

    /**
     * The grey level of one pixel.
     *
     * @param b blue, 0..255
     * @param g green, 0..255
     * @param r red, 0..255
     * @return grey, 0..255
     */
    public static int grey(int b, int g, int r) {
        return (b * B_WEIGHT + g * G_WEIGHT + r * R_WEIGHT + HALF) >> SHIFT;
    }

    /**
     * Converts {@code width} interleaved B, G, R pixels starting at {@code bgr[bgrOffset]} into
     * {@code width} grey bytes starting at {@code grey[greyOffset]}; only the latter are written.
     */
    public static void bgrRowToGrey(byte[] bgr, int bgrOffset, byte[] grey, int greyOffset, int width) {
        int s = bgrOffset;
        int end = greyOffset + width;
        for (int d = greyOffset; d < end; d++, s += 3) {
            int b = bgr[s] & 0xFF;
            int g = bgr[s + 1] & 0xFF;
            int r = bgr[s + 2] & 0xFF;
            grey[d] = (byte) ((b * B_WEIGHT + g * G_WEIGHT + r * R_WEIGHT + HALF) >> SHIFT);
        }
    }

    /** A new grey image of the same size as {@code image}; {@code image} is not modified. */
    public static GreyImage toGrey(Bgr image) {
        int w = image.width();
        int h = image.height();
        byte[] grey = new byte[w * h];
        bgrRowToGrey(image.pixels(), 0, grey, 0, w * h);
        return new GreyImage(w, h, grey);
    }
}
