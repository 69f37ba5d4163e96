package org.convpool.engine;

import static org.convpool.engine.ConvolutionTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Arrays kept from one image to the next change no result, and are handed out only while they are free. */
class ImageArraysTest {
    @Test
    void keptArraysGiveWhatNewOnesGive() throws FilterBankException {
        Random random = new Random(26_11_2026L);
        for (FilterBank bank : List.of(FilterBank.seed(), EngineTest.randomBank(random, 8, 5, 5))) {
            Engine engine = new Engine(bank, Geometry.defaults());
            ImageArrays arrays = new ImageArrays(true); // not borrowed: another test's may hold larger arrays
            // large, small (into the large one's array, whose tail holds the large maps), then larger still
            int[][] sizes = {{90, 130}, {17, 23}, {64, 41}, {91, 131}, {12, 12}};
            float[] previous = null;
            for (int i = 0; i < sizes.length; i++) {
                GreyImage image = EngineFusedTest.photoLike(random, sizes[i][0], sizes[i][1]);
                Features expected = engine.run(image);
                Features kept = engine.run(image, arrays);
                String what = bank + ", image " + i;
                assertEquals(expected.pooledLength(), kept.pooledLength(), what);
                assertBitsEqual(expected.pooledMaps(), kept.pooledMaps(), what + ", pooled");
                assertEquals(expected.stats(), kept.stats(), what + ", statistics");
                if (i == 1 || i == 2 || i == 4) {
                    assertSame(previous, kept.pooledArray(), what + ": the larger array again");
                } else {
                    // one map for each filter that repeats no earlier one (the seed bank's transposes share theirs)
                    long maps = IntStream.range(0, bank.size()).filter(c -> engine.repeatOf(c) == c).count();
                    assertEquals(maps * kept.pooledHeight() * kept.pooledWidth(), kept.pooledArray().length,
                            what + ": a new array, exactly long");
                }
                previous = kept.pooledArray();
            }
        }
    }

    @Test
    void decodedSamplesStartAtZeroAndGreyKeepsItsRoom() {
        ImageArrays arrays = new ImageArrays(true);
        byte[] first = arrays.decoded(100);
        Arrays.fill(first, (byte) 7);
        byte[] second = arrays.decoded(60);
        assertSame(first, second);
        for (int i = 0; i < 60; i++) {
            assertEquals(0, second[i], "sample " + i);
        }
        byte[] larger = arrays.decoded(101);
        assertEquals(101, larger.length);
        assertNotSame(first, larger);

        byte[] grey = arrays.grey(50);
        assertSame(grey, arrays.grey(50));
        assertSame(grey, arrays.grey(1));
        assertEquals(51, arrays.grey(51).length);
    }

    @Test
    void freshArraysAreNewAndExactlyLong() {
        ImageArrays fresh = ImageArrays.fresh();
        byte[] a = fresh.grey(10);
        byte[] b = fresh.grey(5);
        assertNotSame(a, b);
        assertEquals(5, b.length);
        assertEquals(7, fresh.pooled(7).length);
        assertNotSame(fresh.decoded(3), fresh.decoded(3));
        fresh.giveBack(); // nothing to give back
        assertNotSame(fresh, ImageArrays.borrow());
    }

    @Test
    void aSetIsLentToOneTaskAtATime() {
        ImageArrays a = ImageArrays.borrow();
        ImageArrays b = ImageArrays.borrow();
        assertNotSame(a, b);
        a.giveBack();
        a.giveBack(); // a second time must not lend it twice
        ImageArrays c = ImageArrays.borrow();
        ImageArrays d = ImageArrays.borrow();
        assertNotSame(c, d);
        assertTrue(c != b && d != b, "b is still lent");
        b.giveBack();
        c.giveBack();
        d.giveBack();
    }

    @Test
    void imagesAndFeaturesMayHoldLongerArraysButNotShorterOnes() {
        GreyImage image = new GreyImage(3, 2, new byte[] {1, 2, 3, 4, 5, 6, 99, 99});
        assertEquals(6, image.pixel(2, 1));
        assertThrows(IllegalArgumentException.class, () -> new GreyImage(3, 2, new byte[5]));
        Features f = new Features(4, 4, 2, 1, 2, new float[9], List.of());
        assertEquals(4, f.pooledLength());
        assertThrows(IllegalArgumentException.class, () -> new Features(4, 4, 2, 1, 2, new float[3], List.of()));
        // channels that share a map: the array needs only the maps, and each channel reads its own
        Features shared = new Features(4, 4, 3, 1, 2, new float[] {1, 2, 3, 4}, new int[] {0, 1, 0}, List.of());
        assertEquals(6, shared.pooledLength());
        assertEquals(0, shared.pooledOffset(2));
        assertEquals(2, shared.pooledOffset(1));
        assertArrayEquals(new float[] {1, 2, 3, 4, 1, 2}, shared.pooledMaps());
        assertThrows(IllegalArgumentException.class,
                () -> new Features(4, 4, 3, 1, 2, new float[3], new int[] {0, 1, 0}, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Features(4, 4, 3, 1, 2, new float[6], new int[] {0, 3, 0}, List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Features(4, 4, 3, 1, 2, new float[6], new int[] {0, 1}, List.of()));
    }
}
