package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.convpool.engine.GreyImage;
import org.junit.jupiter.api.Test;

/**
 * The job's grey path ({@link ImageDecoder#decodeGrey}, which converts straight from the decoder's samples where it
 * can) gives every test image the grey levels of its BGR ({@link ImageDecoder#decodeBgr}, which the format parity
 * tests compare with OpenCV's) converted by {@link GreyConversion}.
 */
class GreyPathTest {
    @Test
    void greyIsTheGreyOfTheBgrForEveryTestImage() throws IOException, ImageDecodeException {
        int compared = 0;
        for (Path file : TestFiles.decodableFormatImages()) {
            byte[] bytes = Files.readAllBytes(file);
            Bgr bgr = ImageDecoder.decodeBgr(bytes, DecodeLimits.defaults());
            GreyImage grey = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
            GreyImage expected = GreyConversion.toGrey(bgr);
            assertEquals(expected.width(), grey.width(), file.toString());
            assertEquals(expected.height(), grey.height(), file.toString());
            assertArrayEquals(expected.pixels(), grey.pixels(), file.toString());
            compared++;
        }
        assertTrue(compared > 40, "only " + compared + " images compared");
    }
}
