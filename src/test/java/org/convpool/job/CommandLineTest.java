package org.convpool.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Command-line mistakes end with one clear line and exit code 2, before Spark starts. */
class CommandLineTest {

    @TempDir
    Path tmp;

    /** Runs Main without a Spark master: any attempt to start Spark would fail differently. */
    private Result main(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {
        void assertUsageError(String... fragments) {
            assertEquals(Main.USAGE, code, err);
            assertEquals("", out);
            assertTrue(err.startsWith("convpool: "), err);
            assertEquals(1, err.lines().count(), "one line expected, got: " + err);
            for (String f : fragments) {
                assertTrue(err.contains(f), "'" + f + "' not in: " + err);
            }
        }
    }

    private String dir(String name) throws IOException {
        return Files.createDirectories(tmp.resolve(name)).toString();
    }

    @Test
    void unknownOption() throws IOException {
        main("--input", dir("in"), "--output", dir("out"), "--colour", "red")
                .assertUsageError("--colour", "--help");
    }

    @Test
    void missingRequiredOption() {
        main("--output", "x").assertUsageError("--input");
    }

    @Test
    void missingInputDirectory() {
        main("--input", tmp.resolve("nowhere").toString(), "--output", tmp.resolve("out").toString())
                .assertUsageError("--input", "does not exist");
    }

    @Test
    void inputIsAFile() throws IOException {
        Path file = Files.writeString(tmp.resolve("a.txt"), "x");
        main("--input", file.toString(), "--output", tmp.resolve("out").toString())
                .assertUsageError("is a file, not a directory");
    }

    @ParameterizedTest
    @CsvSource({
        "--stride, 0, --stride must be at least 1",
        "--padding, -1, --padding must be at least 0",
        "--pool, 0, --pool must be at least 1",
        "--pool-stride, 0, --pool-stride must be at least 1",
        "--stride, two, --stride",
        "--png, some, --png",
        "--mode, append, --mode",
        "--max-pixels, 0, --max-pixels must be at least 1",
    })
    void badValues(String option, String value, String expected) throws IOException {
        main("--input", dir("in"), "--output", tmp.resolve("out").toString(), option, value).assertUsageError(expected);
    }

    @Test
    void missingBankFile() throws IOException {
        main("--input", dir("in"), "--output", tmp.resolve("out").toString(), "--filters",
                tmp.resolve("none.json").toString()).assertUsageError("--filters", "does not exist");
    }

    @Test
    void bankThatIsADirectoryIsSaidToBeOne() throws IOException {
        main("--input", dir("in"), "--output", tmp.resolve("out").toString(), "--filters", dir("banks"))
                .assertUsageError("--filters", "is a directory");
    }

    @Test
    void bankThatIsADeviceIsReadOnlyUpToTheBound() throws IOException {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero), "no /dev/zero on this system");
        Path link = Files.createSymbolicLink(tmp.resolve("zero.json"), zero);
        main("--input", dir("in"), "--output", tmp.resolve("out").toString(), "--filters", link.toString())
                .assertUsageError("--filters", "larger than 16 MiB");
    }

    @Test
    void outputThatIsAFileIsRefusedBeforeSparkStarts() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
        main("--input", dir("in"), "--output", file.toString()).assertUsageError("--output", "is a file");
    }

    @Test
    void malformedBankIsNamed() throws IOException {
        Path bank = Files.writeString(tmp.resolve("ragged.json"),
                "{\"filters\": [{\"weights\": [[1, 2], [3]]}]}");
        main("--input", dir("in"), "--output", tmp.resolve("out").toString(), "--filters", bank.toString())
                .assertUsageError("ragged.json");
    }

    @Test
    void existingRunIsRefusedUnderModeError() throws IOException {
        String out = dir("out");
        Files.writeString(tmp.resolve("out/run.json"), "{}");
        main("--input", dir("in"), "--output", out).assertUsageError("already holds a run", "--mode overwrite");
    }

    @Test
    void outputInsideInputIsRefused() throws IOException {
        String in = dir("in");
        main("--input", in, "--output", in + "/out").assertUsageError("inside --input");
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        Result r = main("--help");
        assertEquals(Main.OK, r.code());
        assertTrue(r.out().contains("--pool-stride"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void defaultsFollowTheContract() throws UsageException {
        CommandLineParser.Parsed p = CommandLineParser.parse("--input", "in", "--output", "out", "--pool", "3");
        assertTrue(p.runs());
        JobOptions o = p.options();
        assertNull(o.filters());
        assertEquals(1, o.geometry().stride());
        assertEquals(0, o.geometry().padding());
        assertEquals(3, o.geometry().pool());
        assertEquals(3, o.geometry().poolStride(), "--pool-stride defaults to --pool");
        assertTrue(o.png());
        assertEquals(OutputMode.ERROR, o.mode());
        assertFalse(CommandLineParser.parse("--input", "in", "--output", "out", "--png", "none").options().png());
    }
}
