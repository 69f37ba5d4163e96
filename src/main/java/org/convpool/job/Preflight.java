package org.convpool.job;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.convpool.engine.FilterBank;
import org.convpool.engine.FilterBankException;

/**
 * The checks made on the driver before Spark does any work: the input exists, the bank is valid,
 * the output may be written under the chosen mode. Each failure is one {@link UsageException}.
 */
final class Preflight {

    /** What the run needs once the checks pass. */
    record Checked(Path input, OutputLayout layout, FilterBank bank) {
    }

    /** The largest bank file read: far above any real bank, far below the driver's memory. */
    static final int MAX_BANK_BYTES = 16 << 20;

    private Preflight() {
    }

    static Checked check(JobOptions options, Configuration hadoop) throws UsageException {
        Path input = qualifiedDirectory(options.input(), hadoop);
        FilterBank bank = loadBank(options.filters(), hadoop);
        Path output = qualify("--output", options.output(), hadoop);
        if (isBelow(output, input)) {
            throw new UsageException("--output " + options.output() + " is inside --input " + options.input()
                    + "; the outputs would be read as inputs next time: choose an output directory outside the input");
        }
        rejectFile(options.output(), output, hadoop);
        List<String> existing = existingEntries(output, hadoop);
        if (!existing.isEmpty() && options.mode() == OutputMode.ERROR) {
            throw new UsageException("--output " + options.output() + " already holds a run (" + String.join(", ", existing)
                    + "); choose another directory, or pass --mode resume to complete it or --mode overwrite to replace it");
        }
        return new Checked(input, new OutputLayout(output.toString()), bank);
    }

    /** The bank named by {@code --filters} (any Hadoop path), or the seed bank. */
    static FilterBank loadBank(String filters, Configuration hadoop) throws UsageException {
        if (filters == null) {
            return FilterBank.seed();
        }
        Path path = qualify("--filters", filters, hadoop);
        String json;
        try {
            FileSystem fs = path.getFileSystem(hadoop);
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                throw new UsageException("--filters " + filters + " is a directory; pass a filter-bank JSON file"
                        + " (see conf/filters/ for examples), or leave the option out for the seed bank");
            }
            if (!status.isFile()) {
                throw new UsageException("--filters " + filters + " is not a regular file; pass a filter-bank JSON file");
            }
            try (InputStream in = fs.open(path)) {
                // bounded whatever the file system says of the length: a device or a growing file reads no further
                byte[] bytes = in.readNBytes(MAX_BANK_BYTES + 1);
                if (bytes.length > MAX_BANK_BYTES) {
                    throw new UsageException("--filters " + filters + " is larger than " + (MAX_BANK_BYTES >> 20)
                            + " MiB; a filter-bank JSON file is far smaller: check the path");
                }
                json = new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (FileNotFoundException e) {
            throw new UsageException("--filters " + filters + " does not exist; pass a filter-bank JSON file"
                    + " (see conf/filters/ for examples), or leave the option out for the seed bank");
        } catch (IOException e) {
            throw new UsageException("--filters " + filters + " could not be read (" + e.getMessage() + ")");
        }
        try {
            return FilterBank.parse(json, filters);
        } catch (FilterBankException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static Path qualifiedDirectory(String input, Configuration hadoop) throws UsageException {
        Path path = qualify("--input", input, hadoop);
        FileStatus status;
        try {
            status = path.getFileSystem(hadoop).getFileStatus(path);
        } catch (FileNotFoundException e) {
            throw new UsageException("--input " + input + " does not exist; pass a directory of images"
                    + " (a local path or a Hadoop URI such as hdfs://namenode/dir or s3a://bucket/dir)");
        } catch (IOException e) {
            throw new UsageException("--input " + input + " could not be read (" + e.getMessage() + ")");
        }
        if (!status.isDirectory()) {
            throw new UsageException("--input " + input + " is a file, not a directory; pass the directory that holds the images");
        }
        return path;
    }

    private static Path qualify(String option, String value, Configuration hadoop) throws UsageException {
        try {
            Path path = new Path(value);
            return path.getFileSystem(hadoop).makeQualified(path);
        } catch (IllegalArgumentException | IOException e) {
            throw new UsageException(option + " " + value + " is not a usable path (" + e.getMessage() + ")");
        }
    }

    private static void rejectFile(String given, Path output, Configuration hadoop) throws UsageException {
        FileStatus status;
        try {
            status = output.getFileSystem(hadoop).getFileStatus(output);
        } catch (FileNotFoundException e) {
            return;
        } catch (IOException e) {
            throw new UsageException("--output " + given + " could not be checked (" + e.getMessage() + ")");
        }
        if (!status.isDirectory()) {
            throw new UsageException("--output " + given + " is a file, not a directory; pass a directory for the outputs"
                    + " (it is made if it does not exist)");
        }
    }

    private static boolean isBelow(Path path, Path dir) {
        for (Path p = path; p != null; p = p.getParent()) {
            if (p.equals(dir)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> entriesOfARun() {
        List<String> entries = new ArrayList<>(OutputLayout.ENTRIES);
        entries.add(OutputLayout.STATE);
        return entries;
    }

    private static List<String> existingEntries(Path output, Configuration hadoop) throws UsageException {
        List<String> found = new ArrayList<>();
        try {
            FileSystem fs = output.getFileSystem(hadoop);
            for (String entry : entriesOfARun()) {
                if (fs.exists(new Path(output, entry))) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            throw new UsageException("--output " + output + " could not be checked (" + e.getMessage() + ")");
        }
        return found;
    }
}
