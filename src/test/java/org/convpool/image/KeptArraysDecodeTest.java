package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.convpool.engine.GreyImage;
import org.convpool.engine.ImageArrays;
import org.junit.jupiter.api.Test;

/** Decoding into arrays kept from earlier images gives every test image the pixels it gets alone. */
class KeptArraysDecodeTest {
    @Test
    void everyImageDecodesAsItDoesAlone() throws IOException, ImageDecodeException {
        List<Path> files = TestFiles.decodableFormatImages();
        List<Path> order = new java.util.ArrayList<>(files);
        order.addAll(files);
        Collections.shuffle(order, new Random(2026));
        ImageArrays arrays = ImageArrays.borrow();
        int decoded = 0;
        try {
            for (Path file : order) {
                byte[] bytes = Files.readAllBytes(file);
                GreyImage alone = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
                GreyImage kept = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults(), arrays);
                assertEquals(alone.width(), kept.width(), file.toString());
                assertEquals(alone.height(), kept.height(), file.toString());
                assertArrayEquals(alone.pixels(), Arrays.copyOf(kept.pixels(), kept.width() * kept.height()),
                        file.toString());
                decoded++;
            }
        } finally {
            arrays.giveBack();
        }
        assertTrue(decoded > 40, "only " + decoded + " images decoded");
    }
}
