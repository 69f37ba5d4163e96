package org.convpool.job;

import java.util.Locale;
import org.convpool.engine.Geometry;
import org.convpool.image.DecodeLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Turns the job's arguments into {@link JobOptions}, or a one-line {@link UsageException}. */
public final class CommandLineParser {

    /** Default largest input file: larger files are reported as {@code too_large} unread. */
    public static final long DEFAULT_MAX_BYTES = 512L << 20;

    /** The result of parsing: options to run with, or text to print instead (help, version). */
    public record Parsed(JobOptions options, String text) {
        public boolean runs() {
            return options != null;
        }
    }

    enum Png {
        all, none
    }

    enum Report {
        html, none
    }

    @Command(name = "convpool", sortOptions = false, usageHelpAutoWidth = true,
            description = "Turns a directory of images into CNN front-end features: greyscale, a bank of"
                    + " convolution filters, ReLU and max pooling, written as Parquet tables and PNG pictures.")
    static final class Spec {
        @Option(names = "--input", paramLabel = "DIR", required = true,
                description = "Directory of images, read recursively (local path or Hadoop URI: file:, hdfs:, s3a:).")
        String input;

        @Option(names = "--output", paramLabel = "DIR", required = true,
                description = "Where the tables and pictures go.")
        String output;

        @Option(names = "--filters", paramLabel = "FILE",
                description = "Filter-bank JSON file (default: the seed bank).")
        String filters;

        @Option(names = "--stride", paramLabel = "N", defaultValue = "1", description = "Convolution stride (default: ${DEFAULT-VALUE}).")
        int stride;

        @Option(names = "--padding", paramLabel = "N", defaultValue = "0", description = "Zero padding on every side (default: ${DEFAULT-VALUE}).")
        int padding;

        @Option(names = "--pool", paramLabel = "N", defaultValue = "2", description = "Max-pool window (default: ${DEFAULT-VALUE}).")
        int pool;

        @Option(names = "--pool-stride", paramLabel = "N", description = "Max-pool stride (default: same as --pool).")
        Integer poolStride;

        @Option(names = "--png", paramLabel = "all|none", defaultValue = "all",
                description = "Whether to write the PNG pictures (default: ${DEFAULT-VALUE}).")
        Png png;

        @Option(names = "--report", paramLabel = "html|none", defaultValue = "html",
                description = "Whether to write report/index.html, a page of pictures and plots (default: ${DEFAULT-VALUE}).")
        Report report;

        @Option(names = "--mode", paramLabel = "error|overwrite|resume", defaultValue = "error",
                description = "If --output already holds a run: refuse, replace it, or process only the inputs it lacks (default: ${DEFAULT-VALUE}).")
        String mode;

        @Option(names = "--max-pixels", paramLabel = "N",
                description = "Largest image, in pixels, read from the header before decoding; larger ones are too_large (default: ${DEFAULT-VALUE}).")
        long maxPixels = DecodeLimits.defaults().maxPixels();

        @Option(names = "--max-bytes", paramLabel = "N",
                description = "Largest input file, in bytes; larger ones are too_large without being read (default: ${DEFAULT-VALUE}).")
        long maxBytes = DEFAULT_MAX_BYTES;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @Option(names = "--version", versionHelp = true, description = "Show the version and exit.")
        boolean version;
    }

    private CommandLineParser() {
    }

    /**
     * Parses the job's arguments.
     *
     * @throws UsageException with a one-line message for any unknown option, missing or bad value
     */
    public static Parsed parse(String... args) throws UsageException {
        Spec spec = new Spec();
        CommandLine cl = new CommandLine(spec)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setUnmatchedOptionsArePositionalParams(false);
        try {
            cl.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new UsageException(firstLine(e.getMessage()) + " (run with --help to see the options)");
        }
        if (cl.isUsageHelpRequested()) {
            return new Parsed(null, cl.getUsageMessage());
        }
        if (cl.isVersionHelpRequested()) {
            return new Parsed(null, "convpool " + Versions.convpool());
        }
        return new Parsed(toOptions(spec), null);
    }

    private static JobOptions toOptions(Spec s) throws UsageException {
        atLeast("--stride", s.stride, 1);
        atLeast("--padding", s.padding, 0);
        atLeast("--pool", s.pool, 1);
        int poolStride = s.poolStride == null ? s.pool : s.poolStride;
        atLeast("--pool-stride", poolStride, 1);
        atLeast("--max-pixels", s.maxPixels, 1);
        atLeast("--max-bytes", s.maxBytes, 1);
        if (s.input.isBlank()) {
            throw new UsageException("--input is empty; pass the directory of images to read");
        }
        if (s.output.isBlank()) {
            throw new UsageException("--output is empty; pass the directory to write results to");
        }
        OutputMode mode;
        try {
            mode = OutputMode.valueOf(s.mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode must be error, overwrite or resume, not '" + s.mode + "'");
        }
        return new JobOptions(s.input, s.output, s.filters,
                new Geometry(s.stride, s.padding, s.pool, poolStride), s.png == Png.all, mode,
                new DecodeLimits(s.maxPixels), s.maxBytes, s.report == Report.html);
    }

    private static void atLeast(String option, long value, long min) throws UsageException {
        if (value < min) {
            throw new UsageException(option + " must be at least " + min + ", not " + value);
        }
    }

    private static String firstLine(String message) {
        String m = message == null ? "invalid arguments" : message.strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl).strip();
    }
}
