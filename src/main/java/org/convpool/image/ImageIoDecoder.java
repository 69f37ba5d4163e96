package org.convpool.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
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

/**
 * JPEG, PNG, BMP and TIFF through the JDK's own ImageIO readers. Those readers, not whichever
 * plugin happens to be on the classpath, are the ones measured against the golden hashes: the JDK's
 * JPEG reader is IJG libjpeg 6b (islow IDCT, fancy upsampling), which gives the same pixels as the
 * reference's libjpeg-turbo 2.1.5 on every golden JPEG.
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
        if (provider == null) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, "This Java runtime has no " + format
                    + " reader; run the job on a standard JDK 17 or later");
        }
        if (format == ImageFormat.PNG) {
            PngChunks.verify(bytes);
        } else if (format == ImageFormat.WEBP) {
            verifyRiffLength(bytes);
        }
        ImageReader reader = null;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader = provider.createReaderInstance();
            reader.setInput(in, true, true);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            checkSize(reader.getWidth(0), reader.getHeight(0), limits);
            ImageReadParam param = reader.getDefaultReadParam();
            if (format == ImageFormat.JPEG) {
                keepDecodedSamples(reader, param);
            }
            BufferedImage image = reader.read(0, param);
            if (format == ImageFormat.JPEG) {
                rejectTruncatedJpeg(warnings);
            }
            return RasterRows.of(image, format.name());
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

    private void checkSize(int width, int height, DecodeLimits limits) throws ImageDecodeException {
        if (width <= 0 || height <= 0) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "The " + format + " header gives an impossible size of "
                    + width + " x " + height + " pixels (the file is damaged); re-copy or re-export the file");
        }
        long pixels = (long) width * height;
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
     */
    private static void keepDecodedSamples(ImageReader reader, ImageReadParam param)
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
        long declared = 8L + ((bytes[4] & 0xFFL) | (bytes[5] & 0xFFL) << 8 | (bytes[6] & 0xFFL) << 16
                | (bytes[7] & 0xFFL) << 24);
        if (bytes.length < declared) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "WebP data ends after " + bytes.length + " of "
                    + declared + " bytes (the file looks truncated); re-copy or re-export the file");
        }
    }

    /** The JDK's built-in reader for the format, or, on an unusual runtime, any registered one. */
    private static ImageReaderSpi jdkProvider(ImageFormat format) {
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
