package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.convpool.engine.GreyImage;
import org.junit.jupiter.api.Test;

class GreyConversionTest {
    @Test
    void handValues() {
        assertEquals(0, GreyConversion.grey(0, 0, 0));
        assertEquals(255, GreyConversion.grey(255, 255, 255));
        assertEquals(29, GreyConversion.grey(255, 0, 0));   // 255 * 0.114 = 29.07
        assertEquals(150, GreyConversion.grey(0, 255, 0));  // 255 * 0.587 = 149.69
        assertEquals(76, GreyConversion.grey(0, 0, 255));   // 255 * 0.299 = 76.24
        assertEquals(22, GreyConversion.grey(10, 20, 30));  // 1.14 + 11.74 + 8.97 = 21.85
    }

    @Test
    void usesOpenCv4FifteenBitWeightsNotTheOlderFourteenBitOnes() {
        // B=0 G=85 R=196: 15-bit gives 3571767 / 2^15 = 109.0005 -> 109; 14-bit gives 108.
        assertEquals(109, GreyConversion.grey(0, 85, 196));
        assertEquals(108, (85 * 9617 + 196 * 4899 + 8192) >> 14);
        assertEquals(1 << GreyConversion.SHIFT,
                GreyConversion.B_WEIGHT + GreyConversion.G_WEIGHT + GreyConversion.R_WEIGHT);
    }

    @Test
    void greyInputIsUnchanged() {
        for (int v = 0; v < 256; v++) {
            assertEquals(v, GreyConversion.grey(v, v, v));
        }
    }

    @Test
    void rowConversionMatchesThePerPixelFormula() {
        Random random = new Random(42);
        int width = 37;
        byte[] bgr = new byte[5 + 3 * width];
        random.nextBytes(bgr);
        byte[] grey = new byte[3 + width + 2];
        GreyConversion.bgrRowToGrey(bgr, 5, grey, 3, width);
        for (int x = 0; x < width; x++) {
            int s = 5 + 3 * x;
            assertEquals(GreyConversion.grey(bgr[s] & 0xFF, bgr[s + 1] & 0xFF, bgr[s + 2] & 0xFF), grey[3 + x] & 0xFF);
        }
        assertEquals(0, grey[0] | grey[1] | grey[2] | grey[3 + width] | grey[4 + width], "wrote outside the row");
    }

    @Test
    void toGreyConvertsAWholeImage() {
        byte[] bgr = {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255, 10, 20, 30};
        GreyImage grey = GreyConversion.toGrey(new Bgr(2, 2, bgr));
        assertEquals(2, grey.width());
        assertEquals(2, grey.height());
        assertArrayEquals(new byte[] {29, (byte) 150, 76, 22}, grey.pixels());
        assertTrue(bgr[0] == (byte) 255, "input modified");
    }
}
