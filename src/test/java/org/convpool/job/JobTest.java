package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.convpool.engine.GreyImage;
import org.convpool.engine.Stage;
import org.convpool.image.DecodeLimits;
import org.convpool.image.ImageDecoder;
import org.convpool.image.MapPictures;
import org.convpool.testing.Golden;
import org.convpool.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real job, in local mode, over every golden test image: each file accounted for exactly
 * once with the expected reason, the contract's schemas, values within tolerance of the
 * reference, PNGs that decode to the documented normalisation, and run.json's counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobTest {
    @TempDir
    static Path tmp;

    private SparkSession spark;
    private Path input;
    private Path output;
    private String stdout;

    @BeforeAll
    void runJobOnce() throws IOException {
        spark = SparkSession.builder().master("local[2]").appName("JobTest").config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "2").getOrCreate();
        input = tmp.resolve("in");
        Trees.copy(Golden.imagesDir(), input);
        output = tmp.resolve("out");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(spark, new String[] {"--input", input.toString(), "--output", output.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        stdout = out.toString(StandardCharsets.UTF_8);
        assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    private Dataset<Row> table(String name) {
        return spark.read().parquet(output.resolve(name).toString());
    }

    private String uri(String relativePath) {
        return "file:" + input.resolve(relativePath).toAbsolutePath();
    }

    @Test
    void everyFileIsAccountedForExactlyOnceWithTheExpectedReason() {
        List<String> featurePaths = table("features").select("path").as(org.apache.spark.sql.Encoders.STRING())
                .collectAsList();
        Map<String, String> errors = new HashMap<>();
        for (Row r : table("errors").collectAsList()) {
            assertTrue(errors.put(r.getString(0), r.getString(1)) == null, "twice in errors: " + r.getString(0));
            assertFalse(r.getString(2).isBlank(), "an error needs a message: " + r);
        }
        Set<String> seen = new HashSet<>(featurePaths);
        assertEquals(featurePaths.size(), seen.size(), "a path appears twice in features");
        for (String p : errors.keySet()) {
            assertTrue(seen.add(p), "in both features and errors: " + p);
        }
        Set<String> expected = new HashSet<>();
        for (String rel : Golden.imagePaths()) {
            String path = uri(rel);
            expected.add(path);
            Golden.Entry g = Golden.entry(rel);
            if (g.isError()) {
                assertEquals(g.reason(), errors.get(path), rel);
            } else {
                assertTrue(featurePaths.contains(path), rel + " should have been processed, but: " + errors.get(path));
            }
        }
        assertEquals(expected, seen);
    }

    @Test
    void tablesHaveTheContractsSchemas() {
        assertSameColumns(Rows.FEATURES, table("features").schema());
        assertSameColumns(Rows.STATS, table("stats").schema());
        assertSameColumns(Rows.ERRORS, table("errors").schema());
    }

    private static long countFiles(Path dir, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).count();
        }
    }

    private static void assertSameColumns(StructType expected, StructType actual) {
        assertEquals(expected.fields().length, actual.fields().length, actual.treeString());
        for (int i = 0; i < expected.fields().length; i++) {
            StructField e = expected.fields()[i];
            StructField a = actual.fields()[i];
            assertEquals(e.name(), a.name());
            assertEquals(e.dataType().simpleString(), a.dataType().simpleString(), e.name());
        }
    }

    @Test
    void featuresAndStatsMatchTheReference() {
        int checked = 0;
        for (Row r : table("features").collectAsList()) {
            String rel = input.toAbsolutePath().relativize(Path.of(r.getString(0).substring("file:".length())))
                    .toString();
            Golden.Entry g = Golden.entry(rel);
            assertEquals(g.height(), r.getInt(1), rel);
            assertEquals(g.width(), r.getInt(2), rel);
            assertEquals(g.channels(), r.getInt(3), rel);
            assertEquals(g.pooledHeight(), r.getInt(4), rel);
            assertEquals(g.pooledWidth(), r.getInt(5), rel);
            List<Float> list = r.getList(6);
            float[] pooled = new float[list.size()];
            int i = 0;
            for (float v : list) { // iterate: on Spark 3.5 the list is a linked Scala list
                pooled[i++] = v;
            }
            assertTrue(Golden.maxAbsDifference(g.pooled(), pooled) <= Golden.TOLERANCE, rel);
            checked++;
        }
        assertTrue(checked >= 15, "only " + checked + " images processed");

        Map<String, Row> stats = new HashMap<>();
        for (Row s : table("stats").collectAsList()) {
            assertNull(stats.put(s.getString(0) + "|" + s.getString(1) + "|" + s.getInt(2), s), "duplicate stats row");
        }
        assertEquals(checked * 12, stats.size());
        for (String rel : Golden.imagePaths()) {
            Golden.Entry g = Golden.entry(rel);
            if (g.isError()) {
                continue;
            }
            for (Golden.Stat e : g.stats()) {
                Row s = stats.get(uri(rel) + "|" + e.stage() + "|" + e.filter());
                assertNotNull(s, rel + " " + e.stage() + " " + e.filter());
                e.assertMatches(rel, s.getInt(3), s.getInt(4), s.getDouble(5), s.getDouble(6), s.getDouble(7),
                        s.getDouble(8), s.getDouble(9));
            }
        }
    }

    @Test
    void reportShowsTheRunTheBankTheImagesAndTheErrors() throws IOException {
        String html = Files.readString(output.resolve("report/index.html"));
        assertTrue(html.length() < 4_000_000, "the report is " + html.length() + " bytes");
        assertTrue(html.contains("Content-Security-Policy"), "the page must forbid loading anything");
        for (String name : List.of("highpass", "highpass-neg", "highpass-T", "highpass-T-neg")) {
            assertTrue(html.contains(name), name);
        }
        int panels = html.split("<article class=\"panel\">", -1).length - 1;
        assertTrue(panels >= ReportBuilder.SAMPLE && panels <= ReportBuilder.SAMPLE + 2 * 4, panels + " panels");
        assertEquals(12 * 2, html.split("<svg class=\"plot\"", -1).length - 1, "histograms");
        assertTrue(html.contains("unsupported_format") && html.contains("not-an-image.txt"), "errors with examples");
        assertFalse(html.contains("src=\"http") || html.contains("href=\"http"), "no external resources");
    }

    /**
     * Opens the report in headless Chromium (Debian's chromium package; CI installs it): it renders
     * without console messages or failed requests, every picture loads, and a screenshot is saved
     * to target/report-screenshot.png.
     */
    @Test
    void reportRendersInChromium() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(chromium != null,
                "Chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path page = output.resolve("report/index.html");
        String dom = runChromium(chromium, "--dump-dom", "--virtual-time-budget=10000", page.toUri().toString());
        java.util.regex.Matcher loaded = java.util.regex.Pattern.compile("data-images=\"(\\d+)/(\\d+)\"").matcher(dom);
        assertTrue(loaded.find(), "the page's script did not run");
        assertEquals(loaded.group(2), loaded.group(1), "pictures that did not load");
        assertTrue(Integer.parseInt(loaded.group(2)) > 20, "too few pictures: " + loaded.group(2));
        Path shot = Path.of("target/report-screenshot.png").toAbsolutePath();
        runChromium(chromium, "--screenshot=" + shot, "--window-size=1280,2400", page.toUri().toString());
        assertTrue(Files.size(shot) > 10_000, "no screenshot");
        String log = Files.readString(tmp.resolve("chromium.log"));
        assertFalse(log.contains("CONSOLE"), "console messages or failed requests:\n" + log);
    }

    private static String runChromium(Path chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--enable-logging=stderr", "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(
                ProcessBuilder.Redirect.appendTo(tmp.resolve("chromium.log").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), "Chromium did not finish");
        assertEquals(0, p.exitValue(), "Chromium failed: " + Files.readString(tmp.resolve("chromium.log")));
        return out;
    }

    private static void assertNull(Object o, String message) {
        assertTrue(o == null, message);
    }

    @Test
    void picturesAreTheNormalisedMaps() throws Exception {
        Engine engine = new Engine(FilterBank.seed(), Geometry.defaults());
        for (String rel : List.of("camera.png", "variants/orient6.jpg", "chelsea.png")) {
            GreyImage grey = ImageDecoder.decodeGrey(Files.readAllBytes(input.resolve(rel)), DecodeLimits.defaults());
            Path folder = output.resolve("png").resolve(rel);
            List<String> problems = new ArrayList<>();
            engine.run(grey, (stage, filter, map, height, width) -> {
                if (stage == Stage.CONV) {
                    return;
                }
                try {
                    byte[] expected = MapPictures.normalise(map, height * width);
                    BufferedImage png = ImageIO.read(folder.resolve(PictureWriter.fileName(stage, filter)).toFile());
                    assertEquals(BufferedImage.TYPE_BYTE_GRAY, png.getType());
                    assertEquals(width, png.getWidth());
                    assertEquals(height, png.getHeight());
                    assertArrayEquals(expected, ((DataBufferByte) png.getRaster().getDataBuffer()).getData(),
                            rel + " " + stage + "-" + filter);
                } catch (IOException e) {
                    problems.add(e.toString());
                }
            });
            assertEquals(List.of(), problems);
            BufferedImage montage = ImageIO.read(folder.resolve(PictureWriter.MONTAGE).toFile());
            assertNotNull(montage, rel + " layers.png");
            assertTrue(montage.getWidth() > 4 * Math.min(512, grey.width() - 2) / 2, "montage too narrow");
        }
        try (Stream<Path> pngs = Files.list(output.resolve("png"))) {
            assertTrue(pngs.count() > 0);
        }
        assertFalse(Files.exists(output.resolve("png/not-an-image.txt")), "no pictures for a file that failed");
    }

    @Test
    void summaryAggregatesEveryStageAndFilter() throws IOException {
        List<Row> rows = table("summary").collectAsList();
        assertEquals(12, rows.size());
        long processed = table("features").count();
        for (Row r : rows) {
            assertEquals(processed, r.getLong(r.fieldIndex("images")));
        }
        Row first = rows.get(0);
        assertEquals("conv", first.getString(0));
        assertEquals(0, first.getInt(1));
        assertEquals("highpass", first.getString(2));
        // ordered by stage, then filter
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(List.of("conv", "relu", "pool").get(i / 4), rows.get(i).getString(0), "row " + i);
            assertEquals(i % 4, rows.get(i).getInt(1), "row " + i);
        }
        assertEquals(1, countFiles(output.resolve("summary"), ".parquet"), "one file");
    }

    @Test
    void runJsonRecordsWhatRanAndTheCounts() throws IOException {
        JsonNode run = new ObjectMapper().readTree(output.resolve("run.json").toFile());
        JsonNode counts = run.get("counts");
        int files = Golden.imagePaths().size();
        long errors = table("errors").count();
        assertEquals(files, counts.get("files_seen").asInt());
        assertEquals(files - errors, counts.get("images_processed").asLong());
        assertEquals(errors, counts.get("errors").asLong());
        assertEquals("seed", run.get("bank").get("name").asText());
        assertEquals(2, run.get("options").get("pool").asInt());
        assertNotNull(run.get("versions").get("spark"));
        assertTrue(run.get("started").asText().compareTo(run.get("ended").asText()) <= 0);
        assertTrue(stdout.contains(files + " files"), stdout);
    }

    @Test
    void overwriteReplacesAndErrorModeRefuses() throws IOException {
        Path small = tmp.resolve("small");
        Files.createDirectories(small);
        Files.copy(input.resolve("palette_color.png"), small.resolve("p.png"));
        Path out = tmp.resolve("small-out");
        String[] args = {"--input", small.toString(), "--output", out.toString(), "--png", "none"};
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(spark, args, new PrintStream(said, true, StandardCharsets.UTF_8), quiet));
        assertFalse(Files.exists(out.resolve("png")), "--png none writes no pictures");
        // the closing line names what was written, and only that
        String summary = said.toString(StandardCharsets.UTF_8);
        assertTrue(summary.contains("(features/, stats/, errors/, summary/, report/, run.json)"), summary);
        assertTrue(stdout.contains("(features/, stats/, errors/, summary/, png/, report/, run.json)"), stdout);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.USAGE, Main.run(spark, args, quiet, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("already holds a run"));
        Files.copy(input.resolve("camera.png"), small.resolve("c.png"));
        String[] again = {"--input", small.toString(), "--output", out.toString(), "--mode", "overwrite"};
        assertEquals(Main.OK, Main.run(spark, again, quiet, quiet));
        assertEquals(2, spark.read().parquet(out.resolve("features").toString()).count());
        assertTrue(Files.exists(out.resolve("png/c.png/layers.png")));
    }
    @Test
    void anImageWhosePooledMapsOutgrowARowIsTooLargeAndTheOthersGoOn() throws IOException {
        Path dir = tmp.resolve("outgrow");
        Files.createDirectories(dir);
        Files.copy(input.resolve("palette_color.png"), dir.resolve("small.png"));
        // 64 filters of 1x1 without pooling: 4 * 64 * 2900 * 2900 bytes, just over what a row holds
        java.awt.image.BufferedImage flat = new java.awt.image.BufferedImage(2900, 2900,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        javax.imageio.ImageIO.write(flat, "png", dir.resolve("big.png").toFile());
        StringBuilder bank = new StringBuilder("{\"name\": \"wide\", \"filters\": [");
        for (int i = 0; i < 64; i++) {
            bank.append(i == 0 ? "" : ", ").append("{\"name\": \"f").append(i).append("\", \"weights\": [[")
                    .append(i + 1).append("]]}");
        }
        Path bankFile = tmp.resolve("wide.json");
        Files.writeString(bankFile, bank.append("]}").toString());
        Path out = tmp.resolve("outgrow-out");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(Main.OK, Main.run(spark, new String[] {"--input", dir.toString(), "--output", out.toString(),
            "--filters", bankFile.toString(), "--pool", "1", "--png", "none", "--report", "none"}, quiet,
                new PrintStream(err, true, StandardCharsets.UTF_8)), err.toString(StandardCharsets.UTF_8));
        List<Row> errors = spark.read().parquet(out.resolve("errors").toString()).collectAsList();
        assertEquals(1, errors.size());
        assertEquals("file:" + dir.resolve("big.png").toAbsolutePath(), errors.get(0).getAs("path"));
        assertEquals("too_large", errors.get(0).getAs("reason"));
        String message = errors.get(0).getAs("message");
        assertTrue(message.contains("2900x2900 image's 64 pooled maps would take 2,152,960,000 bytes"), message);
        List<Row> features = spark.read().parquet(out.resolve("features").toString()).select("path", "channels")
                .collectAsList();
        assertEquals(1, features.size());
        assertEquals("file:" + dir.resolve("small.png").toAbsolutePath(), features.get(0).getAs("path"));
        assertEquals(64, features.get(0).<Integer>getAs("channels"));
    }
}
