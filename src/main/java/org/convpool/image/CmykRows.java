package org.convpool.image;

import java.awt.image.Raster;

/**
 * A four-component JPEG as OpenCV 4.6 turns it into BGR. OpenCV asks libjpeg for CMYK output (libjpeg
 * converts YCCK to CMYK itself, with its YCbCr tables) and then applies its own {@code
 * icvCvt_CMYK2BGR_8u_C4C3R}, which reads the samples as Adobe's inverted CMYK (255 = no ink):
 * {@code R = K - ((255 - C) * K >> 8)}, and likewise G from M and B from Y. No ICC profile is used.
 *
 * <p>The JDK's reader hands back the raw decoded components through {@code readRaster} (CMYK, or
 * YCCK before conversion); both steps are reproduced here with libjpeg's integer arithmetic.
 */
final class CmykRows extends DecodedRows {
    // libjpeg's jdcolor.c tables: SCALEBITS = 16, FIX(x) = round(x * 2^16).
    private static final int SCALEBITS = 16;
    private static final int ONE_HALF = 1 << (SCALEBITS - 1);
    private static final int[] CR_R = new int[256];
    private static final int[] CB_B = new int[256];
    private static final int[] CR_G = new int[256];
    private static final int[] CB_G = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int x = i - 128;
            CR_R[i] = (91881 * x + ONE_HALF) >> SCALEBITS;     // FIX(1.40200)
            CB_B[i] = (116130 * x + ONE_HALF) >> SCALEBITS;    // FIX(1.77200)
            CR_G[i] = -46802 * x;                              // FIX(0.71414)
            CB_G[i] = -22554 * x + ONE_HALF;                   // FIX(0.34414), with the rounding half
        }
    }

    private final Raster raster;
    private final boolean ycck;
    private final int[] samples;

    private CmykRows(Raster raster, boolean ycck) {
        super(raster.getWidth(), raster.getHeight());
        this.raster = raster;
        this.ycck = ycck;
        this.samples = new int[4 * width];
    }

    /**
     * @param raster four bands of 8-bit samples as libjpeg decoded them, before any colour conversion
     * @param ycck   whether the bands are Y, Cb, Cr, K (to be converted to C, M, Y, K first)
     */
    static CmykRows of(Raster raster, boolean ycck) throws ImageDecodeException {
        if (raster.getNumBands() != 4) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, "This JPEG has " + raster.getNumBands()
                    + " colour components where CMYK needs 4; re-export it as an RGB or greyscale JPEG");
        }
        return new CmykRows(raster, ycck);
    }

    @Override
    public void bgrRow(int y, byte[] dst, int offset) {
        final int[] s = samples;
        raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, s);
        int d = offset;
        for (int i = 0, end = 4 * width; i < end; i += 4, d += 3) {
            int c = s[i];
            int m = s[i + 1];
            int yel = s[i + 2];
            final int k = s[i + 3];
            if (ycck) {
                // jdcolor.c ycck_cmyk_convert: YCbCr to RGB, inverted, clamped; K passes through.
                int luma = c;
                int cb = m;
                int cr = yel;
                c = clamp(255 - (luma + CR_R[cr]));
                m = clamp(255 - (luma + ((CB_G[cb] + CR_G[cr]) >> SCALEBITS)));
                yel = clamp(255 - (luma + CB_B[cb]));
            }
            dst[d] = (byte) (k - ((255 - yel) * k >> 8));
            dst[d + 1] = (byte) (k - ((255 - m) * k >> 8));
            dst[d + 2] = (byte) (k - ((255 - c) * k >> 8));
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
