package org.convpool.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * The reference outputs of a real OpenCV + PyTorch run over the test images (see
 * {@code src/test/resources/golden/PROVENANCE.md}), and the contract's comparison rules.
 */
public final class Golden {
    /** The contract's tolerance per value. */
    public static final double TOLERANCE = 1e-5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Golden() {
    }

    /** The folder of test images, mirrored by {@link #seedDir()}. */
    public static Path imagesDir() {
        return resource("/images");
    }

    /** The golden outputs for the seed bank and default parameters. */
    public static Path seedDir() {
        return resource("/golden/seed");
    }

    /** Every test image's path relative to {@link #imagesDir()}, '/'-separated, sorted. */
    public static List<String> imagePaths() {
        Path root = imagesDir();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden record of one image. */
    public static Entry entry(String relativePath) {
        return entry(seedDir(), relativePath);
    }

    /** The golden record of one image from another set of golden outputs, laid out like {@link #seedDir()}. */
    public static Entry entry(Path goldenDir, String relativePath) {
        Path record = goldenDir.resolve(relativePath + ".json");
        try {
            return new Entry(JSON.readTree(record.toFile()), record.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path resource(String name) {
        URL url = Golden.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One file's golden record: an error reason, or sizes, grey hash, statistics and pooled maps. */
    public static final class Entry {
        private final JsonNode node;
        private final Path dir;

        Entry(JsonNode node, Path dir) {
            this.node = node;
            this.dir = dir;
        }

        public boolean isError() {
            return node.has("error");
        }

        public String reason() {
            return node.path("error").asText(null);
        }

        public int height() {
            return node.get("height").asInt();
        }

        public int width() {
            return node.get("width").asInt();
        }

        public int channels() {
            return node.get("channels").asInt();
        }

        public int pooledHeight() {
            return node.get("pooled_height").asInt();
        }

        public int pooledWidth() {
            return node.get("pooled_width").asInt();
        }

        public String greySha256() {
            return node.get("gray_sha256").asText();
        }

        /** The statistics, one per stage and filter, in the golden file's order (conv, relu, pool). */
        public List<Stat> stats() {
            List<Stat> stats = new ArrayList<>();
            for (JsonNode s : node.get("stats")) {
                stats.add(new Stat(s.get("stage").asText(), s.get("filter").asInt(), s.get("height").asInt(),
                        s.get("width").asInt(), s.get("min").asDouble(), s.get("max").asDouble(),
                        s.get("mean").asDouble(), s.get("std").asDouble(), s.get("zero_fraction").asDouble(),
                        s.get("zero_fraction_range").get(0).asDouble(), s.get("zero_fraction_range").get(1).asDouble()));
            }
            return stats;
        }

        /** The grey SHA-256, or null for an error record. */
        public String greySha256OrNull() {
            return node.path("gray_sha256").asText(null);
        }

        /**
         * The pooled maps, channel-major, from the file the record names beside it: {@code .pooled.f32},
         * or {@code .pooled.f32.gz} (the reference gzips large maps).
         */
        public float[] pooled() {
            String name = node.get("pooled_file").asText();
            try (InputStream raw = Files.newInputStream(dir.resolve(name));
                    InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                byte[] bytes = in.readAllBytes();
                float[] values = new float[bytes.length / 4];
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
                return values;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** One map's golden statistics, with the range its zero fraction may take within the tolerance. */
    public record Stat(String stage, int filter, int height, int width, double min, double max, double mean,
            double std, double zeroFraction, double zeroFractionLow, double zeroFractionHigh) {

        /** Asserts that measured statistics of the same map agree within the contract's rules. */
        public void assertMatches(String what, int height, int width, double min, double max, double mean, double std,
                double zeroFraction) {
            String where = what + " " + stage + "-" + filter;
            assertEquals(this.height, height, where + " height");
            assertEquals(this.width, width, where + " width");
            assertEquals(this.min, min, TOLERANCE, where + " min");
            assertEquals(this.max, max, TOLERANCE, where + " max");
            assertEquals(this.mean, mean, TOLERANCE, where + " mean");
            assertEquals(this.std, std, TOLERANCE, where + " std");
            assertTrue(zeroFraction >= zeroFractionLow - 1e-12 && zeroFraction <= zeroFractionHigh + 1e-12,
                    where + " zero_fraction " + zeroFraction + " outside [" + zeroFractionLow + ", "
                            + zeroFractionHigh + "]");
        }
    }

    /** The largest absolute difference between two equally long arrays; fails if lengths differ. */
    public static double maxAbsDifference(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length, "number of values");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs((double) expected[i] - actual[i]));
        }
        return worst;
    }
}
