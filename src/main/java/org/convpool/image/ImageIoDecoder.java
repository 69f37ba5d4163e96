package org.convpool.image;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import org.convpool.engine.ImageArrays;

/**
 * JPEG, PNG, BMP and TIFF through the JDK's own ImageIO readers, WebP through TwelveMonkeys'. Those
 * readers, not whichever plugin happens to be on the classpath, are the ones measured against the
 * reference (see the README's format parity table). The JDK's JPEG reader is a thin layer over
 * libjpeg: Debian's and Ubuntu's OpenJDK link the system libjpeg-turbo, the very library OpenCV uses,
 * which is what the parity tests measure. JDK builds that bundle IJG libjpeg 6b are not measured:
 * 6b replicates 4:4:0 chroma where libjpeg-turbo interpolates it, and cannot read arithmetic coding.
 */
final class ImageIoDecoder implements FormatDecoder {
    /**
     * The JDK readers hold the whole image in one Java array of up to four samples a pixel, so no
     * setting of {@code --max-pixels} can take them past this.
     */
    static final long HARD_MAX_PIXELS = (Integer.MAX_VALUE - 8) / 4;

    /** What the JDK reader says when libjpeg hit the end of the data (libjpeg's "Premature end of JPEG file"). */
    private static final String JDK_MISSING_EOI = "missing eoi marker";
    /** libjpeg's own wording for scan data that stops early ("Corrupt JPEG data: premature end of data segment"). */
    private static final String LIBJPEG_PREMATURE_END = "premature end";

    private final ImageFormat format;
    private final ImageReaderSpi provider;

    ImageIoDecoder(ImageFormat format) {
        this(format, jdkProvider(format));
    }

    /** A decoder with a given reader, for formats the JDK lacks (named, so no registry scan is needed on executors). */
    ImageIoDecoder(ImageFormat format, ImageReaderSpi provider) {
        this.format = format;
        this.provider = provider;
    }

    @Override
    public DecodedRows decode(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        return decode(bytes, limits, ImageArrays.fresh());
    }

    @Override
    public DecodedRows decode(byte[] bytes, DecodeLimits limits, ImageArrays arrays) throws ImageDecodeException {
        if (provider == null) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, "This Java runtime has no " + format
                    + " reader; run the job on a standard JDK 17 or later");
        }
        if (format == ImageFormat.WEBP) {
            // libwebp checks the RIFF container before the header inside it.
            verifyRiffLength(bytes);
        } else if (format == ImageFormat.BMP) {
            // The JDK's BMP reader compares the header's size with the file's length before it will say
            // the size, and calls a huge one damaged: read it here first, as OpenCV does.
            checkBmpHeader(bytes, limits);
        }
        ImageReader reader = null;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = stream(bytes)) {
            reader = provider.createReaderInstance();
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            // The size first, as OpenCV checks it on the header: a bomb is too_large whatever follows
            // (once libpng has checked the header chunk itself).
            if (format == ImageFormat.PNG) {
                PngChunks.verifyHeader(bytes);
            }
            checkSize(format, reader.getWidth(0), reader.getHeight(0), limits);
            if (format == ImageFormat.PNG) {
                PngChunks.verify(bytes);
            }
            ImageReadParam param = reader.getDefaultReadParam();
            if (format == ImageFormat.JPEG) {
                JpegMarkers markers = JpegMarkers.scan(bytes);
                if (markers.components() == 4) {
                    // CMYK or YCCK: the raw components, converted here as OpenCV converts them.
                    Raster raster = reader.readRaster(0, param);
                    rejectTruncatedJpeg(warnings);
                    return CmykRows.of(raster, markers.ycck());
                }
                samplesInFileOrder(keepDecodedSamples(reader, param), reader, param, arrays);
            } else if (format == ImageFormat.PNG) {
                Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
                if (types.hasNext()) {
                    samplesInFileOrder(types.next(), reader, param, arrays);
                }
            } else if (format == ImageFormat.TIFF) {
                checkTiffSampleDepth(reader);
            }
            BufferedImage image = reader.read(0, param);
            if (format == ImageFormat.JPEG) {
                rejectTruncatedJpeg(warnings);
            }
            return RasterRows.of(image, format.name(),
                    format == ImageFormat.TIFF ? RasterRows.Reduction.LIBTIFF_RGBA : RasterRows.Reduction.HIGH_BYTE);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // ImageIO readers signal damaged data with IIOException, EOFException and, for some
            // malformed headers, runtime exceptions; all of them mean the bytes do not decode.
            throw corrupt(e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    /**
     * JPEG and PNG read in place; ImageIO's own stream would copy the whole file into its cache as it goes. Other
     * formats keep that stream, whose length is unknown: told the length, the JDK's TIFF reader decodes a truncated
     * file's strips as far as they go instead of failing, as OpenCV does.
     */
    private ImageInputStream stream(byte[] bytes) {
        return format == ImageFormat.JPEG || format == ImageFormat.PNG ? new ByteArrayImageInputStream(bytes)
                : new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes));
    }

    /**
     * Refuses a header size that is impossible ({@code CORRUPT}), over the limit or over what one Java
     * array can hold ({@code TOO_LARGE}), before any pixel is allocated.
     */
    static void checkSize(ImageFormat format, long width, long height, DecodeLimits limits) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "The " + format + " header gives an impossible size of "
                    + width + " x " + height + " pixels (the file is damaged); re-copy or re-export the file");
        }
        long pixels = width * height;
        if (pixels > limits.maxPixels()) {
            throw new ImageDecodeException(FailureReason.TOO_LARGE, String.format(Locale.ROOT,
                    "The %s header says %d x %d = %,d pixels, over the limit of %,d pixels; raise it with"
                            + " --max-pixels if each executor core has about 8 bytes of memory per pixel to spare",
                    format, width, height, pixels, limits.maxPixels()));
        }
        if (pixels > HARD_MAX_PIXELS) {
            throw new ImageDecodeException(FailureReason.TOO_LARGE, String.format(Locale.ROOT,
                    "The %s header says %d x %d = %,d pixels, more than this decoder can hold (%,d pixels)"
                            + " whatever --max-pixels says; split or downscale the image first",
                    format, width, height, pixels, HARD_MAX_PIXELS));
        }
    }

    /**
     * Makes the JPEG reader hand back libjpeg's own RGB (or grey) samples. Left alone, it converts
     * an image with an embedded ICC profile from that profile to sRGB in Java; naming the bands
     * explicitly is the reader's documented way to accept the decoder's output unconverted.
     *
     * @return the reader's first image type, whose bands are named
     */
    private static ImageTypeSpecifier keepDecodedSamples(ImageReader reader, ImageReadParam param)
            throws IOException, ImageDecodeException {
        Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
        if (!types.hasNext()) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT,
                    "This JPEG uses a colour encoding the decoder cannot read; re-export it as an RGB or greyscale JPEG");
        }
        ImageTypeSpecifier type = types.next();
        int space = type.getColorModel().getColorSpace().getType();
        if (space != ColorSpace.TYPE_RGB && space != ColorSpace.TYPE_GRAY) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT,
                    "This JPEG stores CMYK or YCCK colour, which this job does not convert yet;"
                            + " re-export it as an RGB or greyscale JPEG");
        }
        int[] bands = new int[type.getNumBands()];
        for (int i = 0; i < bands.length; i++) {
            bands[i] = i;
        }
        param.setSourceBands(bands);
        param.setDestinationBands(bands);
        return type;
    }

    /**
     * Gives the JPEG and PNG readers a destination whose bands are in the decoder's own order (R, G, B and
     * alpha), so that each decoded row goes into the image with one array copy. Their default, the AWT
     * types {@code TYPE_3BYTE_BGR} and {@code TYPE_4BYTE_ABGR}, store the bands reversed, and the JDK then
     * copies every row a byte at a time: a third of a JPEG's decoding time. The samples are the same
     * either way ({@link RasterRows} reads the bands wherever they are), and the JPEG reader, whose bands
     * are named, converts no colour for any destination. Other types (grey, palette, 16-bit) are left as
     * they are. The samples go into an array from {@code arrays}.
     *
     * @param type the reader's first (default) image type
     */
    private static void samplesInFileOrder(ImageTypeSpecifier type, ImageReader reader, ImageReadParam param,
            ImageArrays arrays) throws IOException {
        int imageType = type.getBufferedImageType();
        boolean rgb = imageType == BufferedImage.TYPE_3BYTE_BGR
                || (param.getDestinationBands() != null && type.getNumBands() == 3
                        && type.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_RGB
                        && type.getSampleModel().getDataType() == DataBuffer.TYPE_BYTE);
        boolean rgba = imageType == BufferedImage.TYPE_4BYTE_ABGR;
        if (!rgb && !rgba) {
            return;
        }
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        int bands = rgba ? 4 : 3;
        int[] offsets = new int[bands];
        for (int i = 0; i < bands; i++) {
            offsets[i] = i;
        }
        int size = width * height * bands; // within HARD_MAX_PIXELS, checked before
        WritableRaster raster = Raster.createInterleavedRaster(new DataBufferByte(arrays.decoded(size), size), width,
                height, width * bands, bands, offsets, null);
        ColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), rgba, false,
                rgba ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        param.setDestination(new BufferedImage(model, raster, false, null));
    }

    /**
     * OpenCV 4.6 reads TIFF through libtiff's RGBA interface and accepts only 1, 8, 10, 12, 14, 16, 32
     * or 64 bits a sample; of those, the JDK's reader and {@link RasterRows} reproduce 1, 8 and 16.
     */
    private static void checkTiffSampleDepth(ImageReader reader) throws IOException, ImageDecodeException {
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw == null) {
            return;
        }
        for (int bits : raw.getSampleModel().getSampleSize()) {
            if (bits != 1 && bits != 8 && bits != 16) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "This TIFF stores " + bits + "-bit samples, which"
                        + " OpenCV (whose results this job reproduces) does not decode either; convert it to 8 or 16"
                        + " bits a sample");
            }
        }
    }

    /**
     * The size in a BMP header (BITMAPCOREHEADER or any later one), checked before the reader sees it,
     * and for uncompressed rows, their length: OpenCV reads every row with its padding to 4 bytes and
     * fails on a file that stops short of the last one, while the JDK's reader does without the padding.
     * Headers too short to say are left to the reader, which reports them as damaged.
     */
    private static void checkBmpHeader(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        if (bytes.length < 30) {
            return;
        }
        long headerSize = readLe32(bytes, 14);
        long width;
        long height;
        int bitsPerPixel;
        long compression = 0;
        if (headerSize == 12) {
            width = readLe16(bytes, 18);
            height = readLe16(bytes, 20);
            bitsPerPixel = readLe16(bytes, 24);
        } else if (headerSize >= 40 && bytes.length >= 34) {
            width = (int) readLe32(bytes, 18);
            height = Math.abs((long) (int) readLe32(bytes, 22));   // negative for top-down rows
            bitsPerPixel = readLe16(bytes, 28);
            compression = readLe32(bytes, 30);
        } else {
            return;
        }
        checkSize(ImageFormat.BMP, width, height, limits);
        boolean uncompressed = compression == 0 || compression == 3;    // BI_RGB, BI_BITFIELDS
        if (uncompressed && bitsPerPixel > 0 && bitsPerPixel <= 32) {
            long rowBytes = (width * bitsPerPixel + 31) / 32 * 4;
            long needed = readLe32(bytes, 10) + rowBytes * height;
            if (bytes.length < needed) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "BMP data ends after " + bytes.length + " of "
                        + needed + " bytes (the file looks truncated); re-copy or re-export the file");
            }
        }
    }

    private static long readLe32(byte[] b, int at) {
        return (b[at] & 0xFFL) | (b[at + 1] & 0xFFL) << 8 | (b[at + 2] & 0xFFL) << 16 | (b[at + 3] & 0xFFL) << 24;
    }

    private static int readLe16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /**
     * libjpeg fills a JPEG cut short with grey and only warns; the reference calls such a file
     * corrupt, so a warning of either kind it would print is fatal here.
     */
    private static void rejectTruncatedJpeg(List<String> warnings) throws ImageDecodeException {
        for (String warning : warnings) {
            String w = warning.toLowerCase(Locale.ROOT);
            if (w.contains(JDK_MISSING_EOI) || w.contains(LIBJPEG_PREMATURE_END)) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "JPEG data ends before the image is complete"
                        + " (the file looks truncated: \"" + warning + "\"); re-copy or re-export the file");
            }
        }
    }

    private ImageDecodeException corrupt(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException) {
                return new ImageDecodeException(FailureReason.CORRUPT, format + " data ends before the image is complete"
                        + " (the file looks truncated); re-copy or re-export the file", e);
            }
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ImageDecodeException(FailureReason.CORRUPT, format + " data could not be decoded (" + detail
                + "); the file is damaged or truncated, re-copy or re-export it", e);
    }

    /**
     * libwebp refuses a WebP whose RIFF container is shorter than its header says, while the
     * TwelveMonkeys reader decodes what is there and leaves the rest blank: check it first.
     */
    private static void verifyRiffLength(byte[] bytes) throws ImageDecodeException {
        long declared = 8L + readLe32(bytes, 4);
        if (bytes.length < declared) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "WebP data ends after " + bytes.length + " of "
                    + declared + " bytes (the file looks truncated); re-copy or re-export the file");
        }
    }

    /** The JDK's built-in reader for the format, or, on an unusual runtime, any registered one. */
    static ImageReaderSpi jdkProvider(ImageFormat format) {
        String name = format.name().toLowerCase(Locale.ROOT);
        ImageReaderSpi any = null;
        Iterator<ImageReaderSpi> providers =
                IIORegistry.getDefaultInstance().getServiceProviders(ImageReaderSpi.class, true);
        while (providers.hasNext()) {
            ImageReaderSpi spi = providers.next();
            if (!List.of(spi.getFormatNames()).contains(name)) {
                continue;
            }
            if (spi.getClass().getName().startsWith("com.sun.imageio.plugins.")) {
                return spi;
            }
            if (any == null) {
                any = spi;
            }
        }
        return any;
    }
}
