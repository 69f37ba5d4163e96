package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodeFailureTest {
    private static ImageDecodeException failure(byte[] bytes) {
        return failure(bytes, DecodeLimits.defaults());
    }

    private static ImageDecodeException failure(byte[] bytes, DecodeLimits limits) {
        return assertThrows(ImageDecodeException.class, () -> ImageDecoder.decodeGrey(bytes, limits));
    }

    @Test
    void emptyTextAndRandomBytesAreUnsupported() {
        ImageDecodeException empty = failure(new byte[0]);
        assertEquals(FailureReason.UNSUPPORTED_FORMAT, empty.reason());
        assertTrue(empty.getMessage().contains("empty"), empty.getMessage());

        ImageDecodeException text = failure("just some text\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(FailureReason.UNSUPPORTED_FORMAT, text.reason());
        assertTrue(text.getMessage().contains("JPEG, PNG"), text.getMessage());

        assertEquals(FailureReason.UNSUPPORTED_FORMAT, failure(TestFiles.image("variants/noise.png")).reason());
    }

    @Test
    void gifWithoutAFrameIsCorrupt() {
        // A valid GIF header and trailer with no image in between: nothing to decode.
        ImageDecodeException gif = failure("GIF89a\u0001\0\u0001\0\0\0\0;".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(FailureReason.CORRUPT, gif.reason(), gif.getMessage());
        assertTrue(gif.getMessage().contains("GIF"), gif.getMessage());
    }

    @Test
    void truncatedWebpIsCorrupt() {
        byte[] webp = TestFiles.image("variants/lossless.webp");
        ImageDecodeException e = failure(java.util.Arrays.copyOf(webp, webp.length / 2));
        assertEquals(FailureReason.CORRUPT, e.reason(), e.getMessage());
    }

    @Test
    void hugePngHeaderIsTooLargeWithoutDecoding() {
        // One real row of data behind a header that claims 60000 x 60000 (3.6 gigapixels).
        byte[] png = TestFiles.png(60000, 60000, 8, 0, new byte[60001]);
        ImageDecodeException e = failure(png);
        assertEquals(FailureReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("60000 x 60000"), e.getMessage());
        assertTrue(e.getMessage().contains("--max-pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("134,217,728"), e.getMessage());
    }

    @Test
    void hugeJpegHeaderIsTooLargeWithoutDecoding() throws Exception {
        byte[] jpeg = ExifOrientationTest.smallJpeg();
        int sof = indexOf(jpeg, (byte) 0xFF, (byte) 0xC0);
        assertTrue(sof > 0, "no baseline SOF in the test JPEG");
        // SOF0: marker, length (2), precision (1), height (2), width (2); 60000 = 0xEA60, under
        // libjpeg's 65500 limit (beyond it libjpeg refuses the header, and OpenCV says corrupt).
        jpeg[sof + 5] = (byte) 0xEA;
        jpeg[sof + 6] = (byte) 0x60;
        jpeg[sof + 7] = (byte) 0xEA;
        jpeg[sof + 8] = (byte) 0x60;
        ImageDecodeException e = failure(jpeg);
        assertEquals(FailureReason.TOO_LARGE, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("60000 x 60000"), e.getMessage());
    }

    @Test
    void limitIsConfigurable() throws Exception {
        byte[] jpeg = TestFiles.image("grace_hopper.jpg");
        ImageDecodeException e = failure(jpeg, new DecodeLimits(512L * 600 - 1));
        assertEquals(FailureReason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("512 x 600"), e.getMessage());
        assertEquals(600, ImageDecoder.decodeGrey(jpeg, new DecodeLimits(512L * 600)).height());
        assertThrows(IllegalArgumentException.class, () -> new DecodeLimits(0));
        assertEquals(1L << 27, DecodeLimits.defaults().maxPixels());
    }

    @Test
    void limitsTravelToExecutors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new DecodeLimits(12345));
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            assertEquals(new DecodeLimits(12345), in.readObject());
        }
    }

    @Test
    void zeroWidthPngIsCorrupt() {
        byte[] png = TestFiles.png(0, 5, 8, 0, new byte[5]);
        assertEquals(FailureReason.CORRUPT, failure(png).reason());
    }

    /** Cut anywhere, an image must fail with an ImageDecodeException: never another exception, never half an image. */
    @ParameterizedTest
    @ValueSource(strings = {"grace_hopper.jpg", "variants/progressive.jpg", "variants/grey.jpg", "variants/orient6.jpg",
            "chelsea.png", "palette_color.png", "variants/grey-alpha.png", "variants/image.bmp", "variants/image-lzw.tif"})
    void truncatedFilesAreCorruptOrUnsupported(String file) {
        byte[] whole = TestFiles.image(file);
        int n = whole.length;
        Set<Integer> cuts = new TreeSet<>(Arrays.asList(1, 2, 3, 4, 7, 8, 12, 20, 33, 100, 200, 400, 1000,
                n / 10, n / 4, n / 2, 3 * n / 4, 9 * n / 10, n - 100, n - 12, n - 10, n - 4, n - 2, n - 1));
        for (int cut : cuts) {
            if (cut <= 0 || cut >= n) {
                continue;
            }
            byte[] bytes = Arrays.copyOf(whole, cut);
            try {
                ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
                fail(file + " cut to " + cut + " of " + n + " bytes decoded");
            } catch (ImageDecodeException e) {
                FailureReason expected = cut < signatureLength(file) ? FailureReason.UNSUPPORTED_FORMAT : FailureReason.CORRUPT;
                assertEquals(expected, e.reason(), file + " cut to " + cut + ": " + e.getMessage());
            }
        }
    }

    @Test
    void truncatedJpegSaysSo() {
        byte[] jpeg = TestFiles.image("grace_hopper.jpg");
        ImageDecodeException e = failure(Arrays.copyOf(jpeg, jpeg.length / 2));
        assertEquals(FailureReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().startsWith("JPEG data ends before the image is complete"), e.getMessage());
    }

    @Test
    void damagedPngIsCorrupt() {
        byte[] png = TestFiles.image("chelsea.png");
        png[png.length / 2] ^= 0x55;
        ImageDecodeException e = failure(png);
        assertEquals(FailureReason.CORRUPT, e.reason());
        assertTrue(e.getMessage().contains("CRC"), e.getMessage());
    }

    @Test
    void unknownCriticalPngChunkIsCorrupt() {
        byte[] png = TestFiles.png(2, 2, 8, 0, new byte[6], "CgBI", new byte[4]);
        assertEquals(FailureReason.CORRUPT, failure(png).reason());
    }

    @Test
    void ancillaryPngChunksAreIgnored() throws Exception {
        byte[] png = TestFiles.png(2, 2, 8, 0, new byte[6], "tEXt", "Comment\0hello".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(2, ImageDecoder.decodeGrey(png, DecodeLimits.defaults()).width());
    }

    /** Valid signatures followed by noise: the readers may fail in many ways, all of them ImageDecodeException. */
    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "bmp", "tiff", "gif"})
    void noiseBehindASignatureIsCorrupt(String format) {
        byte[] signature = switch (format) {
            case "jpeg" -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
            case "png" -> new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
            case "bmp" -> new byte[] {'B', 'M'};
            case "gif" -> new byte[] {'G', 'I', 'F', '8', '9', 'a'};
            default -> new byte[] {'I', 'I', '*', 0};
        };
        Random random = new Random(format.hashCode());
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[signature.length + 1 + random.nextInt(4000)];
            random.nextBytes(bytes);
            System.arraycopy(signature, 0, bytes, 0, signature.length);
            ImageDecodeException e = failure(bytes);
            assertTrue(e.reason() == FailureReason.CORRUPT || e.reason() == FailureReason.TOO_LARGE,
                    format + " noise #" + i + ": " + e.reason() + " " + e.getMessage());
        }
    }

    @Test
    void reasonLabelsAreTheContractsNames() {
        assertEquals("unsupported_format", FailureReason.UNSUPPORTED_FORMAT.label());
        assertEquals("corrupt", FailureReason.CORRUPT.label());
        assertEquals("too_small", FailureReason.TOO_SMALL.label());
        assertEquals("too_large", FailureReason.TOO_LARGE.label());
        assertEquals("read_error", FailureReason.READ_ERROR.label());
    }

    private static int signatureLength(String file) {
        return switch (ImageFormat.sniff(TestFiles.image(file))) {
            case JPEG -> 3;
            case PNG -> 8;
            case BMP -> 2;
            case TIFF -> 4;
            default -> throw new IllegalArgumentException(file);
        };
    }

    private static int indexOf(byte[] bytes, byte a, byte b) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == a && bytes[i + 1] == b) {
                return i;
            }
        }
        return -1;
    }
}
