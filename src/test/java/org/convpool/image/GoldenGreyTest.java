package org.convpool.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.convpool.engine.GreyImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every test image against the golden outputs of the real OpenCV 4.6 run: the same failure
 * reason, or the same size and the same grey pixels (SHA-256 of the grey bytes).
 */
class GoldenGreyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Files whose golden result this decoder does not reproduce yet, with the reason. Each entry is
     * asserted to still fail the way described, so the list cannot go stale silently.
     */
    private static final Map<String, FailureReason> KNOWN_EXCEPTIONS = Map.of();

    /** The seed bank's kernel and the default pool, to tell a too_small file from a decode failure. */
    private static final int KERNEL = 3;
    private static final int POOL = 2;

    static Stream<String> imageFiles() throws IOException {
        Path root = TestFiles.resource("images");
        try (Stream<Path> walk = Files.walk(root)) {
            List<String> files = walk.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted()
                    .toList();
            return files.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("imageFiles")
    void decodesLikeTheReference(String file) throws Exception {
        JsonNode golden = golden(file);
        byte[] bytes = TestFiles.image(file);

        if (KNOWN_EXCEPTIONS.containsKey(file)) {
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults()),
                    file + " now decodes: compare it with the golden hash and drop it from KNOWN_EXCEPTIONS");
            assertEquals(KNOWN_EXCEPTIONS.get(file), e.reason(), e.getMessage());
            return;
        }
        if (golden.has("error")) {
            String reason = golden.get("error").asText();
            if (reason.equals(FailureReason.TOO_SMALL.label())) {
                // too_small is the job's verdict after decoding: the image decodes, its pooled map is empty.
                GreyImage image = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
                assertTrue(pooled(image.height()) == 0 || pooled(image.width()) == 0,
                        file + " decodes to " + image.width() + "x" + image.height() + ", not too small");
                return;
            }
            ImageDecodeException e = assertThrows(ImageDecodeException.class,
                    () -> ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults()));
            assertEquals(reason, e.reason().label(), e.getMessage());
            return;
        }
        GreyImage image = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
        assertEquals(golden.get("height").asInt(), image.height(), "height");
        assertEquals(golden.get("width").asInt(), image.width(), "width");
        assertEquals(golden.get("gray_sha256").asText(), TestFiles.sha256(image.pixels()), "grey pixels differ");
    }

    /** The diagnostic BGR path must give the same grey as the production path, orientation included. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("imageFiles")
    void bgrPathAgreesWithGreyPath(String file) throws Exception {
        byte[] bytes = TestFiles.image(file);
        GreyImage grey;
        try {
            grey = ImageDecoder.decodeGrey(bytes, DecodeLimits.defaults());
        } catch (ImageDecodeException e) {
            ImageDecodeException bgrFailure = assertThrows(ImageDecodeException.class,
                    () -> ImageDecoder.decodeBgr(bytes, DecodeLimits.defaults()));
            assertEquals(e.reason(), bgrFailure.reason());
            return;
        }
        Bgr bgr = ImageDecoder.decodeBgr(bytes, DecodeLimits.defaults());
        GreyImage viaBgr = GreyConversion.toGrey(bgr);
        assertEquals(grey.width(), viaBgr.width());
        assertEquals(grey.height(), viaBgr.height());
        assertArrayEquals(grey.pixels(), viaBgr.pixels());
    }

    @Test
    void everyImageHasAGoldenRecordAndEveryKnownExceptionIsAnImage() throws IOException {
        List<String> files = imageFiles().toList();
        assertEquals(JSON.readTree(TestFiles.resource("golden/seed/index.json").toFile()).get("files").size(),
                files.size(), "images and golden index disagree on the number of files");
        for (String known : KNOWN_EXCEPTIONS.keySet()) {
            assertTrue(files.contains(known), "KNOWN_EXCEPTIONS names a file that is gone: " + known);
        }
    }

    /** Spark runs several tasks per executor JVM: decoding must not share reader state between threads. */
    @Test
    void decodesTheSameOnManyThreads() throws Exception {
        List<String> files = imageFiles().toList();
        Map<String, String> expected = new HashMap<>();
        for (String file : files) {
            expected.put(file, outcome(file));
        }
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String file : files) {
                    results.add(threads.submit(() -> {
                        String got = outcome(file);
                        return got.equals(expected.get(file)) ? null : file + ": " + got;
                    }));
                }
            }
            for (Future<String> result : results) {
                assertNull(result.get(), "differs when decoded concurrently");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The grey hash of a file, or its failure reason. */
    private static String outcome(String file) {
        try {
            return TestFiles.sha256(ImageDecoder.decodeGrey(TestFiles.image(file), DecodeLimits.defaults()).pixels());
        } catch (ImageDecodeException e) {
            return e.reason().label();
        }
    }

    private static JsonNode golden(String file) throws IOException {
        return JSON.readTree(TestFiles.resource("golden/seed/" + file + ".json").toFile());
    }

    private static int pooled(int size) {
        int conv = size - KERNEL + 1;
        return conv < POOL ? 0 : (conv - POOL) / POOL + 1;
    }
}
