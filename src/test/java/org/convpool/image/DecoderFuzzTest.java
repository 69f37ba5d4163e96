package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.convpool.engine.GreyImage;
import org.convpool.testing.Golden;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mutation fuzzing of the decode path, with a fixed seed and a fixed budget: whatever the bytes,
 * the decoder returns an image within the limits or an {@link ImageDecodeException} with a
 * message; it never throws anything else (a decoder's own exception would fail a task) and never
 * allocates past the pixel limit.
 */
class DecoderFuzzTest {
    private static final int MUTANTS_PER_SEED = 250;
    private static final DecodeLimits LIMITS = new DecodeLimits(1L << 22);

    @ParameterizedTest
    @ValueSource(strings = {"variants/444.jpg", "variants/progressive.jpg", "palette_color.png", "variants/grey-alpha.png",
        "variants/lossless.webp", "variants/image.bmp", "variants/image-lzw.tif"})
    void mutantsDecodeOrFailCleanly(String seedFile) {
        byte[] seed = read(seedFile);
        Random random = new Random(seedFile.hashCode() * 31L + 20261126);
        Map<FailureReason, Integer> reasons = new EnumMap<>(FailureReason.class);
        int decoded = 0;
        for (int i = 0; i < MUTANTS_PER_SEED; i++) {
            byte[] mutant = mutate(seed, random);
            try {
                GreyImage image = ImageDecoder.decodeGrey(mutant, LIMITS);
                assertTrue((long) image.width() * image.height() <= LIMITS.maxPixels());
                decoded++;
            } catch (ImageDecodeException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "no message for mutant " + i);
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (Throwable t) {
                throw new AssertionError(seedFile + " mutant " + i + " threw " + t, t);
            }
        }
        assertEquals(MUTANTS_PER_SEED, decoded + reasons.values().stream().mapToInt(Integer::intValue).sum());
        assertTrue(reasons.containsKey(FailureReason.CORRUPT), "the mutations never broke " + seedFile + ": " + reasons);
    }

    /** One of: a few bit flips, a cut, an inserted or deleted run of bytes, a header byte set to an extreme. */
    private static byte[] mutate(byte[] seed, Random random) {
        byte[] b = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                for (int flips = 1 + random.nextInt(8); flips > 0; flips--) {
                    b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> b = Arrays.copyOf(b, 1 + random.nextInt(b.length - 1));
            case 2 -> {
                int at = random.nextInt(b.length);
                byte[] run = new byte[1 + random.nextInt(64)];
                random.nextBytes(run);
                byte[] longer = new byte[b.length + run.length];
                System.arraycopy(b, 0, longer, 0, at);
                System.arraycopy(run, 0, longer, at, run.length);
                System.arraycopy(b, at, longer, at + run.length, b.length - at);
                b = longer;
            }
            case 3 -> {
                int at = random.nextInt(b.length - 1);
                int n = 1 + random.nextInt(Math.min(64, b.length - at - 1));
                byte[] shorter = new byte[b.length - n];
                System.arraycopy(b, 0, shorter, 0, at);
                System.arraycopy(b, at + n, shorter, at, b.length - at - n);
                b = shorter;
            }
            default -> b[random.nextInt(Math.min(64, b.length))] = (byte) (random.nextBoolean() ? 0xFF : 0x00);
        }
        return b;
    }

    private static byte[] read(String name) {
        try {
            return Files.readAllBytes(Golden.imagesDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
