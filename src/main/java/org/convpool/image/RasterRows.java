package org.convpool.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SampleModel;
import java.nio.ByteOrder;
import org.convpool.engine.Simd;
import org.convpool.engine.SimdGrey;

/**
 * Turns the rows of a decoded AWT image into OpenCV's 8-bit BGR, from the raw raster samples.
 *
 * <p>Never goes through {@code getRGB} or a colour conversion: OpenCV does no colour management,
 * so an embedded ICC profile must not change the numbers. Alpha is dropped without compositing;
 * grey is replicated; palettes are looked up; deeper samples keep their high byte (what libpng's
 * {@code png_set_strip_16} does); 1-, 2- and 4-bit samples are stretched as libpng stretches grey
 * ({@code v * 255 / (2^bits - 1)}); other narrow samples (BMP 5-6-5) are shifted up as OpenCV's BMP
 * decoder does. TIFF follows libtiff's RGBA interface instead (see {@link Reduction#LIBTIFF_RGBA}).
 */
final class RasterRows extends DecodedRows {
    /** Whether colour rows are made grey by {@link SimdGrey} (see there), rather than by the scalar loop. */
    private static final boolean SIMD_GREY = Simd.enabled() && ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private enum Layout { BYTE_INTERLEAVED, USHORT_INTERLEAVED, GENERIC }

    /** How the reference's codec turns samples into 8-bit colour. */
    enum Reduction {
        /**
         * libpng ({@code png_set_strip_16}), OpenCV's BMP decoder, libwebp: 16-bit samples keep their high
         * byte, alpha is dropped as it is.
         */
        HIGH_BYTE,
        /**
         * libtiff's {@code TIFFReadRGBAStrip}, through which OpenCV 4.6 reads every TIFF into 8 bits: 16-bit
         * colour samples become {@code (v + 128) / 257} (its {@code Bitdepth16To8} table) while 16-bit grey
         * keeps its high byte, and colour with unassociated alpha is premultiplied, {@code (v * a + 127) / 255}
         * (its {@code UaToAa} table), before OpenCV drops the alpha.
         */
        LIBTIFF_RGBA
    }

    private final Raster raster;
    private final boolean colour;
    private final Layout layout;
    /** 16-bit colour samples round to 8 bits ({@code (v + 128) / 257}) rather than keep their high byte. */
    private final boolean round16;
    /** Band of an unassociated alpha to premultiply colour with, or -1. */
    private final int premultiplyBand;

    // Interleaved layouts: element index of pixel (0, y) band b is rowStart(y) + bandOffsets[b].
    private final int pixelStride;
    private final int scanlineStride;
    private final int origin;
    private final int[] bandOffsets;

    // Generic layout.
    private final IndexColorModel palette;
    private final int[] sampleBits;
    private final int[] samples;

    private RasterRows(BufferedImage image, boolean colour, Reduction reduction) {
        super(image.getRaster().getWidth(), image.getRaster().getHeight());
        this.raster = image.getRaster();
        this.colour = colour;
        ColorModel cm = image.getColorModel();
        SampleModel sm = raster.getSampleModel();
        this.palette = cm instanceof IndexColorModel icm ? icm : null;
        this.sampleBits = sm.getSampleSize();
        boolean libtiff = reduction == Reduction.LIBTIFF_RGBA;
        this.round16 = libtiff && colour;
        this.premultiplyBand = libtiff && colour && palette == null && cm.hasAlpha() && !cm.isAlphaPremultiplied()
                && raster.getNumBands() >= 4 ? 3 : -1;
        this.layout = layoutOf(raster, palette, sampleBits);
        if (layout == Layout.GENERIC) {
            this.pixelStride = 0;
            this.scanlineStride = 0;
            this.origin = 0;
            this.bandOffsets = null;
            this.samples = new int[width * raster.getNumBands()];
        } else {
            ComponentSampleModel csm = (ComponentSampleModel) sm;
            this.pixelStride = csm.getPixelStride();
            this.scanlineStride = csm.getScanlineStride();
            this.origin = raster.getDataBuffer().getOffset()
                    + (raster.getMinY() - raster.getSampleModelTranslateY()) * scanlineStride
                    + (raster.getMinX() - raster.getSampleModelTranslateX()) * pixelStride;
            this.bandOffsets = csm.getBandOffsets();
            this.samples = null;
        }
    }

    /**
     * Rows of {@code image}, or {@code UNSUPPORTED_FORMAT} when its colour space is neither grey
     * nor RGB (CMYK, YCCK, Lab, ...), which this decoder does not convert yet.
     */
    static RasterRows of(BufferedImage image, String formatName, Reduction reduction) throws ImageDecodeException {
        ColorModel cm = image.getColorModel();
        int bands = image.getRaster().getNumBands();
        int space = cm.getColorSpace().getType();
        boolean colour;
        if (cm instanceof IndexColorModel) {
            colour = true;
        } else if (space == ColorSpace.TYPE_RGB && bands >= 3) {
            colour = true;
        } else if (space == ColorSpace.TYPE_GRAY && bands >= 1) {
            colour = false;
        } else {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, "This " + formatName
                    + " file stores " + describe(space, bands) + ", which this job cannot convert yet;"
                    + " convert the file to RGB or greyscale first");
        }
        return new RasterRows(image, colour, reduction);
    }

    @Override
    public void bgrRow(int y, byte[] dst, int offset) {
        switch (layout) {
            case BYTE_INTERLEAVED -> byteRow(y, dst, offset);
            case USHORT_INTERLEAVED -> ushortRow(y, dst, offset);
            default -> genericRow(y, dst, offset);
        }
    }

    @Override
    public void greyRow(int y, byte[] dst, int offset, byte[] scratch) {
        if (layout != Layout.BYTE_INTERLEAVED || premultiplyBand >= 0) {
            // through bgrRow, which also premultiplies the colour of a TIFF with unassociated alpha
            super.greyRow(y, dst, offset, scratch);
            return;
        }
        // straight from the raster's samples: the same arithmetic as GreyConversion, without the BGR copy
        final byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        final int step = pixelStride;
        int s = origin + y * scanlineStride;
        final int end = offset + width;
        if (colour) {
            final int r = bandOffsets[0];
            final int g = bandOffsets[1];
            final int b = bandOffsets[2];
            if (SIMD_GREY && (step == 3 || step == 4) && r < 3 && g < 3 && b < 3) {
                // R, G and B are the pixel's first three bytes, in some order (JPEG and PNG as ImageIoDecoder has them
                // decoded): each byte position gets its band's weight
                SimdGrey.interleaved(data, s, step, weightAt(0, r, g), weightAt(1, r, g), weightAt(2, r, g),
                        GreyConversion.SHIFT, dst, offset, width);
                return;
            }
            for (int d = offset; d < end; d++, s += step) {
                dst[d] = (byte) GreyConversion.grey(data[s + b] & 0xFF, data[s + g] & 0xFF, data[s + r] & 0xFF);
            }
        } else {
            // grey samples replicated to B = G = R convert back to themselves: the weights sum to exactly 2^15
            s += bandOffsets[0];
            for (int d = offset; d < end; d++, s += step) {
                dst[d] = data[s];
            }
        }
    }

    /** The weight of the band at byte {@code position} of a pixel whose red and green are at {@code r} and {@code g}. */
    private static int weightAt(int position, int r, int g) {
        return position == r ? GreyConversion.R_WEIGHT : position == g ? GreyConversion.G_WEIGHT
                : GreyConversion.B_WEIGHT;
    }

    private void byteRow(int y, byte[] dst, int offset) {
        final byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        final int step = pixelStride;
        int s = origin + y * scanlineStride;
        int d = offset;
        final int end = offset + 3 * width;
        if (colour && premultiplyBand >= 0) {
            final int r = bandOffsets[0];
            final int g = bandOffsets[1];
            final int b = bandOffsets[2];
            final int a = bandOffsets[premultiplyBand];
            for (; d < end; d += 3, s += step) {
                putBgr(dst, d, data[s + b] & 0xFF, data[s + g] & 0xFF, data[s + r] & 0xFF, data[s + a] & 0xFF);
            }
        } else if (colour) {
            final int r = bandOffsets[0];
            final int g = bandOffsets[1];
            final int b = bandOffsets[2];
            for (; d < end; d += 3, s += step) {
                dst[d] = data[s + b];
                dst[d + 1] = data[s + g];
                dst[d + 2] = data[s + r];
            }
        } else {
            s += bandOffsets[0];
            for (; d < end; d += 3, s += step) {
                byte v = data[s];
                dst[d] = v;
                dst[d + 1] = v;
                dst[d + 2] = v;
            }
        }
    }

    private void ushortRow(int y, byte[] dst, int offset) {
        final short[] data = ((DataBufferUShort) raster.getDataBuffer()).getData();
        final int step = pixelStride;
        int s = origin + y * scanlineStride;
        int d = offset;
        final int end = offset + 3 * width;
        if (colour && round16) {
            final int r = bandOffsets[0];
            final int g = bandOffsets[1];
            final int b = bandOffsets[2];
            final int a = premultiplyBand >= 0 ? bandOffsets[premultiplyBand] : -1;
            for (; d < end; d += 3, s += step) {
                putBgr(dst, d, round16(data[s + b] & 0xFFFF), round16(data[s + g] & 0xFFFF),
                        round16(data[s + r] & 0xFFFF), a >= 0 ? round16(data[s + a] & 0xFFFF) : -1);
            }
        } else if (colour) {
            final int r = bandOffsets[0];
            final int g = bandOffsets[1];
            final int b = bandOffsets[2];
            for (; d < end; d += 3, s += step) {
                dst[d] = (byte) (data[s + b] >>> 8);
                dst[d + 1] = (byte) (data[s + g] >>> 8);
                dst[d + 2] = (byte) (data[s + r] >>> 8);
            }
        } else {
            s += bandOffsets[0];
            for (; d < end; d += 3, s += step) {
                byte v = (byte) (data[s] >>> 8);
                dst[d] = v;
                dst[d + 1] = v;
                dst[d + 2] = v;
            }
        }
    }

    private void genericRow(int y, byte[] dst, int offset) {
        final int bands = raster.getNumBands();
        final int[] row = samples;
        raster.getPixels(raster.getMinX(), raster.getMinY() + y, width, 1, row);
        int d = offset;
        if (palette != null) {
            for (int x = 0; x < width; x++, d += 3) {
                int index = row[x * bands];
                dst[d] = (byte) palette.getBlue(index);
                dst[d + 1] = (byte) palette.getGreen(index);
                dst[d + 2] = (byte) palette.getRed(index);
            }
        } else if (colour) {
            final int rBits = sampleBits[0];
            final int gBits = sampleBits[1];
            final int bBits = sampleBits[2];
            final int a = premultiplyBand;
            final int aBits = a >= 0 ? sampleBits[a] : 0;
            for (int x = 0, s = 0; x < width; x++, s += bands, d += 3) {
                putBgr(dst, d, colourTo8Bits(row[s + 2], bBits), colourTo8Bits(row[s + 1], gBits),
                        colourTo8Bits(row[s], rBits), a >= 0 ? colourTo8Bits(row[s + a], aBits) : -1);
            }
        } else {
            final int bits = sampleBits[0];
            for (int x = 0, s = 0; x < width; x++, s += bands, d += 3) {
                byte v = (byte) to8Bits(row[s], bits);
                dst[d] = v;
                dst[d + 1] = v;
                dst[d + 2] = v;
            }
        }
    }

    private int colourTo8Bits(int v, int bits) {
        return round16 && bits == 16 ? round16(v) : to8Bits(v, bits);
    }

    /** libtiff's 16-to-8-bit table entry: the nearest of the 256 levels. */
    private static int round16(int v) {
        return (v + 128) / 257;
    }

    /** Stores one pixel as B, G, R at {@code dst[d]}, premultiplied by {@code alpha} unless it is negative. */
    private static void putBgr(byte[] dst, int d, int blue, int green, int red, int alpha) {
        dst[d] = (byte) (alpha < 0 ? blue : premultiply(blue, alpha));
        dst[d + 1] = (byte) (alpha < 0 ? green : premultiply(green, alpha));
        dst[d + 2] = (byte) (alpha < 0 ? red : premultiply(red, alpha));
    }

    /** libtiff's unassociated-to-associated alpha table entry. */
    private static int premultiply(int v, int alpha) {
        return (v * alpha + 127) / 255;
    }

    /** One sample of {@code bits} bits as 0..255, the way the reference's codecs reduce or widen it. */
    static int to8Bits(int v, int bits) {
        return switch (bits) {
            case 8 -> v;
            case 1 -> v * 255;
            case 2 -> v * 85;
            case 4 -> v * 17;
            default -> bits > 8 ? v >>> (bits - 8) : v << (8 - bits);
        };
    }

    private static Layout layoutOf(Raster raster, IndexColorModel palette, int[] bits) {
        if (palette != null || !(raster.getSampleModel() instanceof ComponentSampleModel)) {
            return Layout.GENERIC;
        }
        DataBuffer buffer = raster.getDataBuffer();
        if (buffer.getNumBanks() != 1) {
            return Layout.GENERIC;
        }
        if (buffer instanceof DataBufferByte && allEqual(bits, 8)) {
            return Layout.BYTE_INTERLEAVED;
        }
        if (buffer instanceof DataBufferUShort && allEqual(bits, 16)) {
            return Layout.USHORT_INTERLEAVED;
        }
        return Layout.GENERIC;
    }

    private static boolean allEqual(int[] values, int expected) {
        for (int v : values) {
            if (v != expected) {
                return false;
            }
        }
        return true;
    }

    private static String describe(int colourSpaceType, int bands) {
        String space = switch (colourSpaceType) {
            case ColorSpace.TYPE_CMYK -> "CMYK";
            case ColorSpace.TYPE_YCbCr -> "YCbCr";
            case ColorSpace.TYPE_Lab -> "Lab";
            default -> "colour space type " + colourSpaceType;
        };
        return space + " samples (" + bands + " bands)";
    }
}
