package org.convpool.image;

import com.drew.imaging.ImageProcessingException;
import com.drew.imaging.jpeg.JpegMetadataReader;
import com.drew.imaging.png.PngMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.convpool.engine.GreyImage;

/**
 * The EXIF Orientation tag and the transforms OpenCV's {@code imread} applies for it.
 *
 * <p>Orientation values, as OpenCV 4.6 applies them: 1 as stored; 2 flip horizontally; 3 rotate
 * 180; 4 flip vertically; 5 transpose; 6 rotate 90 clockwise (transpose, then flip horizontally);
 * 7 transverse (transpose, then flip both ways); 8 rotate 270 clockwise (transpose, then flip
 * vertically). Values 5 to 8 swap width and height.
 */
public final class ExifOrientation {
    /** Square tiles for the transposing orientations, so both images are walked cache-friendly. */
    private static final int TILE = 64;

    private ExifOrientation() {
    }

    /**
     * The Orientation tag of the first EXIF block of a JPEG (APP1) or PNG ({@code eXIf} chunk), the
     * two formats whose EXIF OpenCV 4.6 reads. Never fails: a missing, unreadable or out-of-range
     * tag, or any other format, gives 1, as OpenCV then leaves the image as stored.
     *
     * @param bytes the whole file
     * @return 1..8
     */
    public static int read(byte[] bytes) {
        try {
            Metadata metadata = switch (ImageFormat.sniff(bytes)) {
                case JPEG -> JpegMetadataReader.readMetadata(new ByteArrayInputStream(bytes), List.of(new ExifReader()));
                // Most PNGs have no eXIf chunk; looking first spares inflating their text and ICC chunks.
                case PNG -> PngChunks.contains(bytes, "eXIf")
                        ? PngMetadataReader.readMetadata(new ByteArrayInputStream(bytes)) : null;
                default -> null;
            };
            ExifIFD0Directory ifd0 = metadata == null ? null : metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (ifd0 == null || !ifd0.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                return 1;
            }
            int value = ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION);
            return value >= 1 && value <= 8 ? value : 1;
        } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
            // EXIF is advisory: OpenCV ignores an EXIF block it cannot parse, and so do we.
            return 1;
        }
    }

    /**
     * {@code image} turned the way {@code orientation} asks; a new image unless the orientation is
     * 1 (or out of range), when {@code image} itself is returned. {@code image} is not modified.
     *
     * @param orientation EXIF Orientation, 1..8
     */
    public static GreyImage apply(GreyImage image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        byte[] turned = turn(image.pixels(), image.width(), image.height(), 1, orientation);
        return swapsAxes(orientation)
                ? new GreyImage(image.height(), image.width(), turned)
                : new GreyImage(image.width(), image.height(), turned);
    }

    /** As {@link #apply(GreyImage, int)}, for a BGR image. */
    public static Bgr apply(Bgr image, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return image;
        }
        byte[] turned = turn(image.pixels(), image.width(), image.height(), 3, orientation);
        return swapsAxes(orientation)
                ? new Bgr(image.height(), image.width(), turned)
                : new Bgr(image.width(), image.height(), turned);
    }

    /** Whether the orientation swaps width and height (5 to 8 transpose first). */
    public static boolean swapsAxes(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * A new array holding {@code src} (w x h pixels of {@code channels} bytes, or more: the rest is ignored) turned. Output pixel
     * (x, y) comes from source pixel {@code origin + x * stepX + y * stepY}: every orientation is a
     * start corner and two steps, which keeps one loop for all eight.
     */
    static byte[] turn(byte[] src, int w, int h, int channels, int orientation) {
        // Pixel indices fit in an int: w * h * channels <= src.length.
        int origin;
        int stepX;
        int stepY;
        switch (orientation) {
            case 2 -> { origin = w - 1; stepX = -1; stepY = w; }
            case 3 -> { origin = h * w - 1; stepX = -1; stepY = -w; }
            case 4 -> { origin = (h - 1) * w; stepX = 1; stepY = -w; }
            case 5 -> { origin = 0; stepX = w; stepY = 1; }
            case 6 -> { origin = (h - 1) * w; stepX = -w; stepY = 1; }
            case 7 -> { origin = (h - 1) * w + w - 1; stepX = -w; stepY = -1; }
            case 8 -> { origin = w - 1; stepX = w; stepY = -1; }
            default -> { origin = 0; stepX = 1; stepY = w; }
        }
        int outW = swapsAxes(orientation) ? h : w;
        int outH = swapsAxes(orientation) ? w : h;
        byte[] dst = new byte[w * h * channels];
        int sx = stepX * channels;
        int sy = stepY * channels;
        int o = origin * channels;
        for (int ty = 0; ty < outH; ty += TILE) {
            int yEnd = Math.min(ty + TILE, outH);
            for (int tx = 0; tx < outW; tx += TILE) {
                int xEnd = Math.min(tx + TILE, outW);
                for (int y = ty; y < yEnd; y++) {
                    int d = (y * outW + tx) * channels;
                    int s = o + tx * sx + y * sy;
                    if (channels == 1) {
                        for (int x = tx; x < xEnd; x++, s += sx) {
                            dst[d++] = src[s];
                        }
                    } else {
                        for (int x = tx; x < xEnd; x++, s += sx) {
                            for (int c = 0; c < channels; c++) {
                                dst[d++] = src[s + c];
                            }
                        }
                    }
                }
            }
        }
        return dst;
    }
}
