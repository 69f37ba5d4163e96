package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageFormatTest {
    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void recognisesEachSignature() {
        assertEquals(ImageFormat.JPEG, ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10)));
        assertEquals(ImageFormat.PNG, ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0)));
        assertEquals(ImageFormat.BMP, ImageFormat.sniff(ascii("BM")));
        assertEquals(ImageFormat.TIFF, ImageFormat.sniff(ascii("II*\0\u0008\0\0\0")));
        assertEquals(ImageFormat.TIFF, ImageFormat.sniff(ascii("MM\0*\0\0\0\u0008")));
        assertEquals(ImageFormat.WEBP, ImageFormat.sniff(ascii("RIFF\u0010\0\0\0WEBPVP8L")));
        assertEquals(ImageFormat.GIF, ImageFormat.sniff(ascii("GIF87a\u0001\0")));
        assertEquals(ImageFormat.GIF, ImageFormat.sniff(ascii("GIF89a\u0001\0")));
        for (char kind = '1'; kind <= '6'; kind++) {
            assertEquals(ImageFormat.PNM, ImageFormat.sniff(ascii("P" + kind + "\n3 2\n")));
        }
        assertEquals(ImageFormat.PNM, ImageFormat.sniff(ascii("P6 3 2 255 ")));
        assertEquals(ImageFormat.PNM, ImageFormat.sniff(ascii("P5\t")));
    }

    /** OpenCV's PNM test: 'P', a digit 1 to 6, white space. PAM (P7) and PFM (Pf, PF) are not PNM. */
    @Test
    void pnmNeedsADigitOneToSixAndWhiteSpace() {
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("P7\nWIDTH 3\n")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("P0\n")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("Pf\n")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("P63")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("P6")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("Picture")));
    }

    @Test
    void nearMissesAndShortInputsAreUnknown() {
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(new byte[0]));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(bytes(0xFF, 0xD8)));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(bytes(0xFF, 0xD8, 0xFE)));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(bytes(0x89, 'P', 'N', 'G', '\r', '\n', 0x1A)));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("B")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("II*\u0001")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("RIFF\u0010\0\0\0WAVEfmt ")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("RIFF\u0010\0\0\0WEB")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("GIF88a")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(ascii("# Where these test images come from")));
    }

    @Test
    void looksAtBytesNotNames() {
        // noise.png is random bytes named like a PNG; SOURCES.md is text.
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(TestFiles.image("variants/noise.png")));
        assertEquals(ImageFormat.UNKNOWN, ImageFormat.sniff(TestFiles.image("SOURCES.md")));
        assertEquals(ImageFormat.TIFF, ImageFormat.sniff(TestFiles.image("variants/image-lzw.tif")));
        assertEquals(ImageFormat.WEBP, ImageFormat.sniff(TestFiles.image("variants/lossless.webp")));
    }
}
