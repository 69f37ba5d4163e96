package org.convpool.image;

import java.util.EnumMap;
import java.util.Map;
import com.twelvemonkeys.imageio.plugins.webp.WebPImageReaderSpi;
import org.convpool.engine.GreyImage;
import org.convpool.engine.ImageArrays;

/**
 * Decodes image files the way OpenCV 4.6's {@code cv2.imread(path, IMREAD_COLOR)} does, then
 * converts to grey as {@code cv2.cvtColor(bgr, COLOR_BGR2GRAY)} does. Pure: bytes in, pixels or
 * an {@link ImageDecodeException} out; thread-safe.
 *
 * <p>The format comes from the bytes' signature, never the file name. JPEG, PNG, BMP and TIFF are
 * decoded by the JDK's readers, WebP by TwelveMonkeys', PBM/PGM/PPM by {@link PnmDecoder} (OpenCV's own
 * rules), and GIF's first frame as OpenCV 4.11 and later return it (4.6 does not read GIF); anything else
 * is {@code unsupported_format}. EXIF orientation (JPEG and PNG, as OpenCV 4.6) is applied last. The
 * README's "Format parity" table says, per format and variant, how the pixels compare with OpenCV's.
 */
public final class ImageDecoder {
    private static final Map<ImageFormat, FormatDecoder> DECODERS = new EnumMap<>(ImageFormat.class);

    static {
        for (ImageFormat f : new ImageFormat[] {ImageFormat.JPEG, ImageFormat.PNG, ImageFormat.BMP, ImageFormat.TIFF}) {
            DECODERS.put(f, new ImageIoDecoder(f));
        }
        // TwelveMonkeys' WebP reader (lossy VP8 and lossless VP8L), named directly rather than found through the
        // ImageIO registry, which on a Spark executor may not see the application jar's plugins.
        DECODERS.put(ImageFormat.WEBP, new ImageIoDecoder(ImageFormat.WEBP, new WebPImageReaderSpi()));
        DECODERS.put(ImageFormat.PNM, new PnmDecoder());
        DECODERS.put(ImageFormat.GIF, new GifDecoder(ImageIoDecoder.jdkProvider(ImageFormat.GIF)));
    }

    private ImageDecoder() {
    }

    /**
     * The file as an 8-bit grey image, EXIF orientation applied. Rows are converted to grey as
     * they are read, so no full-size BGR copy is made.
     *
     * @param bytes  the whole file
     * @param limits checked against the header before any pixel is decoded
     * @return a new image, height x width as OpenCV reports them after orientation
     * @throws ImageDecodeException with the contract's reason and a message for the user
     */
    public static GreyImage decodeGrey(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        return decodeGrey(bytes, limits, ImageArrays.fresh());
    }

    /**
     * As {@link #decodeGrey(byte[], DecodeLimits)}, with the decoded samples and the grey pixels in arrays from
     * {@code arrays}: the image is valid until {@code arrays} hands out the next ones.
     */
    public static GreyImage decodeGrey(byte[] bytes, DecodeLimits limits, ImageArrays arrays)
            throws ImageDecodeException {
        DecodedRows rows = decoderFor(bytes).decode(bytes, limits, arrays);
        int w = rows.width();
        int h = rows.height();
        byte[] grey = arrays.grey(w * h);
        byte[] scratch = new byte[3 * w];
        for (int y = 0; y < h; y++) {
            rows.greyRow(y, grey, y * w, scratch);
        }
        return ExifOrientation.apply(new GreyImage(w, h, grey), ExifOrientation.read(bytes));
    }

    /**
     * The file as OpenCV's 8-bit BGR, EXIF orientation applied: for tests and diagnostics, as it
     * needs three times the memory of {@link #decodeGrey}.
     *
     * @param bytes  the whole file
     * @param limits checked against the header before any pixel is decoded
     * @throws ImageDecodeException with the contract's reason and a message for the user
     */
    public static Bgr decodeBgr(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        DecodedRows rows = decoderFor(bytes).decode(bytes, limits);
        int w = rows.width();
        int h = rows.height();
        if (3L * w * h > Integer.MAX_VALUE - 8) {
            throw new ImageDecodeException(FailureReason.TOO_LARGE, "A " + w + " x " + h
                    + " image is too large for one BGR array; use decodeGrey, which needs a third of the memory");
        }
        byte[] bgr = new byte[3 * w * h];
        for (int y = 0; y < h; y++) {
            rows.bgrRow(y, bgr, 3 * w * y);
        }
        return ExifOrientation.apply(new Bgr(w, h, bgr), ExifOrientation.read(bytes));
    }

    private static FormatDecoder decoderFor(byte[] bytes) throws ImageDecodeException {
        ImageFormat format = ImageFormat.sniff(bytes);
        FormatDecoder decoder = DECODERS.get(format);
        if (decoder != null) {
            return decoder;
        }
        throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT, bytes.length == 0
                ? "The file is empty; remove it from the input or replace it with the real image"
                : "The file is not an image in a format this job decodes (its first bytes are not a JPEG, PNG, BMP,"
                        + " TIFF, WebP, PBM/PGM/PPM or GIF signature); remove it from the input or convert it to PNG");
    }
}
