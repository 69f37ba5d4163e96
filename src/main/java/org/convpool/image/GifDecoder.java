package org.convpool.image;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The first frame of a GIF, as OpenCV 4.11 and later return it from {@code imread(IMREAD_COLOR)}
 * (OpenCV 4.6, the reference, does not read GIF at all): a canvas of the logical screen's size filled
 * with the background colour (black without a global colour table), the first frame's pixels looked up
 * in its colour table and drawn at the frame's position, transparent pixels left as background, alpha
 * dropped. The JDK's GIF reader decodes the LZW data; this class composes the canvas.
 *
 * <p>A frame that does not fit in the logical screen, or whose data stops short, is corrupt, as OpenCV
 * refuses both.
 */
final class GifDecoder implements FormatDecoder {
    private static final String IMAGE_METADATA = "javax_imageio_gif_image_1.0";

    private final ImageReaderSpi provider;

    GifDecoder(ImageReaderSpi provider) {
        this.provider = provider;
    }

    @Override
    public DecodedRows decode(byte[] bytes, DecodeLimits limits) throws ImageDecodeException {
        if (bytes.length < 13) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "GIF data ends inside its header (the file looks"
                    + " truncated); re-copy or re-export the file");
        }
        int screenWidth = le16(bytes, 6);
        int screenHeight = le16(bytes, 8);
        ImageIoDecoder.checkSize(ImageFormat.GIF, screenWidth, screenHeight, limits);
        int flags = bytes[10] & 0xFF;
        int background = bytes[11] & 0xFF;
        int globalSize = (flags & 0x80) != 0 ? 1 << ((flags & 0x07) + 1) : 0;
        if (13 + 3 * globalSize > bytes.length) {
            throw new ImageDecodeException(FailureReason.CORRUPT, "GIF data ends inside its colour table (the file"
                    + " looks truncated); re-copy or re-export the file");
        }
        if (provider == null) {
            throw new ImageDecodeException(FailureReason.UNSUPPORTED_FORMAT,
                    "This Java runtime has no GIF reader; run the job on a standard JDK 17 or later");
        }
        ImageReader reader = null;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader = provider.createReaderInstance();
            reader.setInput(in, true, false);
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            Frame frame = Frame.of(reader.getImageMetadata(0));
            if (frame.width <= 0 || frame.height <= 0 || frame.left + frame.width > screenWidth
                    || frame.top + frame.height > screenHeight) {
                throw new ImageDecodeException(FailureReason.CORRUPT, String.format(Locale.ROOT,
                        "The first GIF frame (%d x %d at %d, %d) does not fit in the %d x %d screen the header gives;"
                                + " the file is damaged, re-copy or re-export it", frame.width, frame.height,
                        frame.left, frame.top, screenWidth, screenHeight));
            }
            BufferedImage image = reader.read(0);
            if (!warnings.isEmpty()) {
                throw new ImageDecodeException(FailureReason.CORRUPT, "GIF data is damaged (\"" + warnings.get(0)
                        + "\"); re-copy or re-export the file");
            }
            byte[] bgr = new byte[3 * screenWidth * screenHeight];
            if (background < globalSize) {
                int at = 13 + 3 * background;
                fill(bgr, bytes[at + 2], bytes[at + 1], bytes[at]);
            }
            draw(image, frame, bgr, screenWidth);
            return new BgrRows(screenWidth, screenHeight, bgr);
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            throw new ImageDecodeException(FailureReason.CORRUPT, "GIF data could not be decoded (" + detail
                    + "); the file is damaged or truncated, re-copy or re-export it", e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static void draw(BufferedImage image, Frame frame, byte[] bgr, int screenWidth) {
        Raster raster = image.getRaster();
        IndexColorModel palette = (IndexColorModel) image.getColorModel();
        int size = palette.getMapSize();
        byte[] reds = new byte[size];
        byte[] greens = new byte[size];
        byte[] blues = new byte[size];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        int[] row = new int[frame.width];
        final int transparent = frame.transparentIndex;
        for (int y = 0; y < frame.height; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, frame.width, 1, 0, row);
            int d = 3 * ((frame.top + y) * screenWidth + frame.left);
            for (int x = 0; x < frame.width; x++, d += 3) {
                int index = row[x];
                if (index == transparent || index >= size) {
                    continue;
                }
                bgr[d] = blues[index];
                bgr[d + 1] = greens[index];
                bgr[d + 2] = reds[index];
            }
        }
    }

    private static void fill(byte[] bgr, byte b, byte g, byte r) {
        for (int i = 0; i < bgr.length; i += 3) {
            bgr[i] = b;
            bgr[i + 1] = g;
            bgr[i + 2] = r;
        }
    }

    private static int le16(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8;
    }

    /** The first frame's place and transparency, from the reader's metadata. */
    private record Frame(int left, int top, int width, int height, int transparentIndex) {
        static Frame of(IIOMetadata metadata) {
            int left = 0;
            int top = 0;
            int width = 0;
            int height = 0;
            int transparent = -1;
            for (Node n = metadata.getAsTree(IMAGE_METADATA).getFirstChild(); n != null; n = n.getNextSibling()) {
                NamedNodeMap a = n.getAttributes();
                if (n.getNodeName().equals("ImageDescriptor")) {
                    left = Integer.parseInt(a.getNamedItem("imageLeftPosition").getNodeValue());
                    top = Integer.parseInt(a.getNamedItem("imageTopPosition").getNodeValue());
                    width = Integer.parseInt(a.getNamedItem("imageWidth").getNodeValue());
                    height = Integer.parseInt(a.getNamedItem("imageHeight").getNodeValue());
                } else if (n.getNodeName().equals("GraphicControlExtension")
                        && "TRUE".equals(a.getNamedItem("transparentColorFlag").getNodeValue())) {
                    transparent = Integer.parseInt(a.getNamedItem("transparentColorIndex").getNodeValue());
                }
            }
            return new Frame(left, top, width, height, transparent);
        }
    }

    /** A decoded BGR canvas handed out row by row. */
    private static final class BgrRows extends DecodedRows {
        private final byte[] bgr;

        BgrRows(int width, int height, byte[] bgr) {
            super(width, height);
            this.bgr = bgr;
        }

        @Override
        public void bgrRow(int y, byte[] dst, int offset) {
            System.arraycopy(bgr, 3 * width * y, dst, offset, 3 * width);
        }
    }
}
