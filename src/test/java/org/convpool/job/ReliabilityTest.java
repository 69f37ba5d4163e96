package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.convpool.testing.Golden;
import org.convpool.testing.Trees;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing lost, nothing duplicated: failed task attempts, a driver killed with SIGKILL and then
 * resumed, inputs changed between runs, and two runs on one output all end in the same output
 * as one clean run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReliabilityTest {
    @TempDir
    static Path tmp;

    private SparkSession spark;
    private Path input;
    private OutputSnapshot clean;

    @BeforeAll
    void cleanRun() throws IOException {
        // local[2,4]: two cores, and a failed task is retried up to 4 times, as on a cluster.
        spark = SparkSession.builder().master("local[2,4]").appName("ReliabilityTest")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
                // three small files per task and one task per batch: many batches from few files
                .config("spark.sql.files.maxPartitionBytes", "12m").config(JobSettings.BATCH_TASKS, "1")
                .getOrCreate();
        input = tmp.resolve("in");
        Trees.copy(Golden.imagesDir(), input);
        Path out = tmp.resolve("clean");
        assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString()));
        clean = OutputSnapshot.of(spark, out, input);
        assertEquals(Golden.imagePaths().size(), clean.rows("features") + clean.rows("errors"));
    }

    @AfterAll
    void stop() {
        spark.stop();
    }

    private int run(String... args) {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return Main.run(spark, args, quiet, quiet);
    }

    @Test
    void failedFirstAttemptsLeaveNoTrace() throws IOException {
        Path out = tmp.resolve("faults");
        spark.sparkContext().conf().set(JobSettings.FAIL_FIRST_ATTEMPTS, "0.5");
        try {
            assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString()));
        } finally {
            spark.sparkContext().conf().remove(JobSettings.FAIL_FIRST_ATTEMPTS);
        }
        OutputSnapshot.of(spark, out, input).assertSameAs(clean);
    }

    @Test
    void aRunKilledWithSigkillResumesToTheCleanOutput() throws Exception {
        Path out = tmp.resolve("killed");
        Process driver = startDriver(out);
        try {
            Path batches = out.resolve("_convpool/batches");
            // The driver hangs inside its third batch: two batches committed, the third pending with pictures written.
            waitFor(() -> count(batches, ".pending.json") == 1 && committed(batches) == 2, driver);
            waitFor(() -> Files.exists(out.resolve("png")) && countFiles(out.resolve("png")) > 2 * 9, driver);
        } finally {
            driver.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(out.resolve("run.json")), "the killed run must not have finished");

        assertEquals(Main.USAGE, run("--input", input.toString(), "--output", out.toString()),
                "--mode error must refuse an unfinished run");
        assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString(), "--mode", "resume"));
        OutputSnapshot.of(spark, out, input).assertSameAs(clean);
    }

    @Test
    void resumeRedoesChangedInputsOnly() throws IOException {
        Path in = tmp.resolve("changing");
        Trees.copy(input, in);
        Path out = tmp.resolve("changing-out");
        assertEquals(Main.OK, run("--input", in.toString(), "--output", out.toString()));
        // Change one input, remove one, add one.
        Files.copy(in.resolve("coffee.png"), in.resolve("camera.png"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(in.resolve("camera.png"), FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.delete(in.resolve("chelsea.png"));
        Files.copy(in.resolve("horse.png"), in.resolve("variants/horse-again.png"));
        assertEquals(Main.OK, run("--input", in.toString(), "--output", out.toString(), "--mode", "resume"));

        Path fresh = tmp.resolve("changing-fresh");
        assertEquals(Main.OK, run("--input", in.toString(), "--output", fresh.toString()));
        OutputSnapshot.of(spark, out, in).assertSameAs(OutputSnapshot.of(spark, fresh, in));
    }

    @Test
    void resumingAFinishedRunChangesNothing() throws IOException {
        Path out = tmp.resolve("finished");
        assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString()));
        assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString(), "--mode", "resume"));
        OutputSnapshot.of(spark, out, input).assertSameAs(clean);
    }

    @Test
    void aSecondRunOnTheSameOutputRefuses() throws IOException {
        Path out = tmp.resolve("locked");
        Files.createDirectories(out.resolve("_convpool"));
        // The lock of a live run: this very process.
        Files.writeString(out.resolve("_convpool/lock"), "host=" + java.net.InetAddress.getLocalHost().getHostName()
                + "\npid=" + ProcessHandle.current().pid() + "\nstarted=now\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        int code = Main.run(spark, new String[] {"--input", input.toString(), "--output", out.toString(), "--mode",
            "overwrite"}, quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("another convpool run"), err.toString());
        assertFalse(Files.exists(out.resolve("features")), "the refused run must not write");
    }

    @Test
    void aDeadRunsLockIsTakenOver() throws IOException {
        Path out = tmp.resolve("stale-lock");
        Files.createDirectories(out.resolve("_convpool"));
        Files.writeString(out.resolve("_convpool/lock"), "host=" + java.net.InetAddress.getLocalHost().getHostName()
                + "\npid=" + Long.MAX_VALUE + "\nstarted=long ago\n");
        assertEquals(Main.OK, run("--input", input.toString(), "--output", out.toString(), "--mode", "resume"));
        OutputSnapshot.of(spark, out, input).assertSameAs(clean);
        assertFalse(Files.exists(out.resolve("_convpool/lock")), "the lock is released");
    }

    /** A driver in its own JVM, as jobs/run-local.sh starts it, that hangs in its third batch. */
    private Process startDriver(Path out) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String line : Files.readAllLines(Path.of("conf/jvm-options"))) {
            if (!line.isBlank() && !line.startsWith("#")) {
                cmd.add(line.strip());
            }
        }
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "-Dspark.master=local[2]",
                "-Dspark.ui.enabled=false", "-Dspark.sql.files.maxPartitionBytes=12m",
                "-D" + JobSettings.BATCH_TASKS + "=1", "-D" + JobSettings.HANG_IN_BATCH + "=3",
                "-Dlog4j2.configurationFile=" + Path.of("src/test/resources/log4j2-test.properties").toAbsolutePath(),
                Main.class.getName(), "--input", input.toString(), "--output", out.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("driver.log").toFile()).start();
    }

    private static int committed(Path batches) {
        return count(batches, ".json") - count(batches, ".pending.json");
    }

    private static int count(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Waits until the condition holds; fails if the driver exits first. The ten-minute bound only keeps a broken
     * build from hanging CI: it says nothing about speed.
     */
    private void waitFor(java.util.function.BooleanSupplier condition, Process driver) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                driver.destroyForcibly();
                throw new AssertionError("the driver never reached the state to kill it in: "
                        + Files.readString(tmp.resolve("driver.log")));
            }
            if (!driver.isAlive()) {
                throw new AssertionError("the driver exited (" + driver.exitValue() + ") before the test could kill it: "
                        + Files.readString(tmp.resolve("driver.log")));
            }
            Thread.sleep(100);
        }
    }
}
