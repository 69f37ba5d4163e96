package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.convpool.testing.Golden;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad and awkward inputs, generated here with a fixed seed, through the real job:
 * every file ends in {@code features} or {@code errors} exactly once with the right reason, the
 * job neither fails nor hangs, and nothing is written outside {@code --output}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    @TempDir
    static Path tmp;

    /** Expected outcome per file, relative to the input: "ok" or a reason; several allowed where decoders may differ. */
    private final Map<String, Set<String>> expected = new TreeMap<>();
    private SparkSession spark;
    private Path input;
    private Path output;
    private final Map<String, String> outcome = new HashMap<>();

    @BeforeAll
    void buildCorpusAndRun() throws IOException {
        input = tmp.resolve("in");
        Files.createDirectories(input);
        Random random = new Random(20261126);
        byte[] jpeg = Files.readAllBytes(Golden.imagesDir().resolve("grace_hopper.jpg"));
        byte[] png = Files.readAllBytes(Golden.imagesDir().resolve("camera.png"));

        put("empty.jpg", new byte[0], "unsupported_format");
        for (String ext : List.of("jpg", "png", "webp", "tif", "bmp")) {
            byte[] noise = new byte[1000 + random.nextInt(4000)];
            random.nextBytes(noise);
            noise[0] = 0x42; // never a real signature by accident
            put("random." + ext, noise, "unsupported_format");
        }
        // Cut short at many offsets: past the signature, a truncated image is corrupt, never a half image.
        for (int i = 0; i < 12; i++) {
            int cutJpeg = 3 + random.nextInt(jpeg.length - 3);
            put("truncated/jpeg-" + cutJpeg + ".jpg", Arrays.copyOf(jpeg, cutJpeg), "corrupt");
            int cutPng = 8 + random.nextInt(png.length - 8);
            put("truncated/png-" + cutPng + ".png", Arrays.copyOf(png, cutPng), "corrupt");
        }
        put("truncated/jpeg-2.jpg", Arrays.copyOf(jpeg, 2), "unsupported_format");
        // Bit flips: in a PNG header (its CRC no longer matches, as libpng checks) and in compressed data,
        // where a JPEG decoder may still produce an image, as libjpeg does.
        for (int i = 0; i < 8; i++) {
            byte[] flipped = png.clone();
            flipped[16 + random.nextInt(13)] ^= (byte) (1 << random.nextInt(8));
            put("flipped/png-header-" + i + ".png", flipped, "corrupt");
            byte[] data = jpeg.clone();
            data[jpeg.length / 2 + random.nextInt(jpeg.length / 3)] ^= (byte) (1 << random.nextInt(8));
            put("flipped/jpeg-data-" + i + ".jpg", data, "ok", "corrupt");
        }
        // Decompression bombs: tiny files whose headers claim 60000 x 60000 pixels.
        put("bombs/huge-header.png", pngHeaderOnly(60000, 60000), "too_large");
        byte[] bigJpeg = jpeg.clone();
        int sof = sof(bigJpeg);
        bigJpeg[sof + 5] = (byte) 0xEA;
        bigJpeg[sof + 6] = (byte) 0x60;
        bigJpeg[sof + 7] = (byte) 0xEA;
        bigJpeg[sof + 8] = (byte) 0x60;
        put("bombs/huge-header.jpg", bigJpeg, "too_large");
        // Tiny images: the seed bank (3x3) and a 2x2 pool need at least 4x4 pixels.
        put("tiny/1x1.png", png(1, 1), "too_small");
        put("tiny/3x3.png", png(3, 3), "too_small");
        put("tiny/4x3.png", png(4, 3), "too_small");
        put("tiny/4x4.png", png(4, 4), "ok");
        // Wrong extensions: the bytes decide.
        put("wrong-extension/really-a-png.jpg", png, "ok");
        put("wrong-extension/really-a-jpeg.txt", jpeg, "ok");
        // Hidden and sidecar files, which Spark's binaryFile source would silently skip.
        byte[] dsStore = new byte[6148];
        random.nextBytes(dsStore);
        dsStore[0] = 0;
        put(".DS_Store", dsStore, "unsupported_format");
        put("._photo.jpg", new byte[] {0, 5, 22, 7, 0, 2, 0, 0}, "unsupported_format");
        put("_MG_1234.png", png, "ok");
        // Deep folders and names with spaces, %, #, quotes and non-ASCII letters.
        put("a/b/c/d/e/f/g/h/i/j/deep.png", png(8, 8), "ok");
        for (String name : List.of("with space.png", "100%.png", "%41.png", "#hash.png", "it's \"quoted\".png",
                "café-日本.png", "semi;colon&amp.png")) {
            put("names/" + name, png(9, 7), "ok");
        }
        // Links: to a file (processed under the link's path), to nowhere, and to a parent folder (a cycle).
        Files.createSymbolicLink(input.resolve("link-to-camera.png"), input.resolve("_MG_1234.png"));
        expected.put("link-to-camera.png", Set.of("ok"));
        Files.createSymbolicLink(input.resolve("dangling.png"), input.resolve("nowhere.png"));
        expected.put("dangling.png", Set.of("read_error"));
        Files.createSymbolicLink(input.resolve("a/b/loop"), input.resolve("a"));

        spark = SparkSession.builder().master("local[2]").appName("BadInputTest").config("spark.ui.enabled", "false")
                .getOrCreate();
        output = tmp.resolve("out");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(Main.OK, Main.run(spark, new String[] {"--input", input.toString(), "--output",
            output.toString(), "--max-pixels", "100000000"}, quiet, quiet));
        String prefix = "file:" + input.toAbsolutePath() + "/";
        for (Row r : spark.read().parquet(output.resolve("features").toString()).select("path").collectAsList()) {
            assertEquals(null, outcome.put(r.getString(0).substring(prefix.length()), "ok"), "twice: " + r);
        }
        for (Row r : spark.read().parquet(output.resolve("errors").toString()).collectAsList()) {
            assertNotNull(r.getString(2));
            assertEquals(null, outcome.put(r.getString(0).substring(prefix.length()), r.getString(1)), "twice: " + r);
        }
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    @Test
    void everyFileHasExactlyTheExpectedOutcome() {
        Map<String, String> wrong = new TreeMap<>();
        for (Map.Entry<String, Set<String>> e : expected.entrySet()) {
            String got = outcome.get(e.getKey());
            if (!e.getValue().contains(got)) {
                wrong.put(e.getKey(), got + " (expected " + e.getValue() + ")");
            }
        }
        assertEquals(Map.of(), wrong);
        assertEquals(expected.keySet(), outcome.keySet(), "files seen");
        assertTrue(expected.size() >= 60, "the corpus is too small: " + expected.size());
    }

    @Test
    void picturesStayInsideTheOutput() throws IOException {
        assertTrue(Files.isRegularFile(output.resolve("png/names/café-日本.png/layers.png")));
        assertTrue(Files.isRegularFile(output.resolve("png/names/it's \"quoted\".png/pool-3.png")));
        assertTrue(Files.isRegularFile(output.resolve("png/a/b/c/d/e/f/g/h/i/j/deep.png/relu-0.png")));
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> strays = all.filter(Files::isRegularFile)
                    .filter(p -> !p.startsWith(input) && !p.startsWith(output)).toList();
            assertEquals(List.of(), strays);
        }
        assertFalse(Files.exists(output.resolve("png/a/b/loop")), "a link cycle is not followed");
    }

    @Test
    void pathsAreReportedAsSparksBinaryFileSourceReportsThem() {
        // binaryFile skips hidden and empty files, but for every other file its path string must be ours.
        List<String> spark = this.spark.read().format("binaryFile").option("recursiveFileLookup", "true")
                .load(input.resolve("names").toString()).select("path").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        String prefix = "file:" + input.toAbsolutePath() + "/";
        assertEquals(7, spark.size());
        for (String p : spark) {
            assertTrue(outcome.containsKey(p.substring(prefix.length())), p);
        }
    }

    private void put(String relative, byte[] bytes, String... outcomes) throws IOException {
        Path file = input.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        expected.put(relative, Set.of(outcomes));
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.getRaster().setSample(x, y, 0, (x * 37 + y * 91) & 0xFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    /** A PNG signature and a valid IHDR claiming the size, then nothing: a bomb's header. */
    private static byte[] pngHeaderOnly(int width, int height) {
        byte[] ihdr = {'I', 'H', 'D', 'R', 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0};
        for (int i = 0; i < 4; i++) {
            ihdr[4 + i] = (byte) (width >>> (24 - 8 * i));
            ihdr[8 + i] = (byte) (height >>> (24 - 8 * i));
        }
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13});
        out.writeBytes(ihdr);
        long c = crc.getValue();
        out.writeBytes(new byte[] {(byte) (c >>> 24), (byte) (c >>> 16), (byte) (c >>> 8), (byte) c});
        return out.toByteArray();
    }

    private static int sof(byte[] jpeg) {
        for (int i = 0; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && ((jpeg[i + 1] & 0xFF) == 0xC0 || (jpeg[i + 1] & 0xFF) == 0xC2)) {
                return i;
            }
        }
        throw new AssertionError("no SOF marker");
    }
}
