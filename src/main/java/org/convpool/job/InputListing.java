package org.convpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Every file under {@code --input}, recursively, grouped into tasks.
 *
 * <p>The listing is Hadoop's own ({@code FileSystem.listFiles}, a flat listing on object stores),
 * not Spark's file index: Spark's {@code binaryFile} source silently drops empty files and files
 * whose names start with {@code _} or {@code .} (such as a camera's {@code _MG_1234.JPG}), and
 * every input file must be accounted for. Paths are reported exactly as {@code binaryFile}
 * reports them ({@code Path.toString()}, e.g. {@code file:/data/a b.jpg}).
 *
 * <p>Files are packed into tasks much as Spark packs file splits: each file costs its length
 * plus {@code spark.sql.files.openCostInBytes}, and a task takes files, in listing order, up to a
 * budget of at most {@code spark.sql.files.maxPartitionBytes}. So many small files share a task (32
 * at the defaults) while large images get tasks of their own. Spark gives every task the same
 * budget, the total over the parallelism; here budgets shrink with the work left (guided
 * self-scheduling): each task takes {@code 1 / (2 * parallelism)} of the cost not yet packed, but
 * no less than {@code total / (16 * parallelism)} (nor the open cost). The first tasks carry most
 * of the work and the last ones are small, so that the cores finish together even though a file's
 * cost (its bytes) says little about its pixels: with one task per core a core sat idle while the
 * other finished its last large image, and with four equal tasks per core the last task still ran
 * alone for a seventh of the job benchmark's image phase. Tasks come largest first, as the
 * longest-processing-time rule orders jobs for parallel machines: a large image alone is started
 * early rather than last, and the small tasks fill the gaps at the end.
 */
final class InputListing {
    /** A task takes this share, per core, of the cost not yet packed: half of it goes to the first wave of tasks. */
    private static final int SHARE_PER_CORE = 2;
    /** No task is smaller than the total cost over this many tasks per core (when files are large enough). */
    private static final int SMALLEST_PER_CORE = 16;

    private InputListing() {
    }

    /** Lists every file under {@code root}, in the file system's order. */
    static List<ImageProcessor.InputFile> list(Path root, Configuration conf) {
        List<ImageProcessor.InputFile> files = new ArrayList<>();
        try {
            FileSystem fs = root.getFileSystem(conf);
            if (fs instanceof LocalFileSystem) {
                return listLocal(root);
            }
            RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
            while (it.hasNext()) {
                LocatedFileStatus s = it.next();
                if (s.isFile()) {
                    files.add(new ImageProcessor.InputFile(s.getPath().toString(), s.getLen(), s.getModificationTime()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + root + ": " + e.getMessage(), e);
        }
        return files;
    }

    /**
     * A local folder, walked with java.nio rather than Hadoop: Hadoop's local listing follows a
     * symbolic link to a parent folder forever and silently skips dangling links. Here a link
     * cycle is not entered twice, a dangling link is listed (and reported as unreadable), and an
     * unreadable folder is listed as an entry of its own so that it shows up in {@code errors/}.
     */
    private static List<ImageProcessor.InputFile> listLocal(Path root) throws IOException {
        List<ImageProcessor.InputFile> files = new ArrayList<>();
        java.nio.file.Path start = Paths.get(root.toUri());
        Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attrs) {
                        files.add(new ImageProcessor.InputFile(new Path(file.toUri()).toString(),
                                attrs.isRegularFile() ? attrs.size() : 0, attrs.lastModifiedTime().toMillis()));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
                        if (!(e instanceof FileSystemLoopException)) {
                            files.add(new ImageProcessor.InputFile(new Path(file.toUri()).toString(), 0, 0));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        return files;
    }

    /**
     * Groups files into tasks (see the class comment).
     *
     * @param maxPartitionBytes the largest cost of one task, in bytes
     * @param openCostBytes what opening one file costs, in bytes
     * @param parallelism the number of cores the job can use
     */
    static List<List<ImageProcessor.InputFile>> pack(List<ImageProcessor.InputFile> files, long maxPartitionBytes,
            long openCostBytes, int parallelism) {
        long total = 0;
        for (ImageProcessor.InputFile f : files) {
            total += f.length() + openCostBytes;
        }
        long cores = Math.max(1, parallelism);
        long smallest = Math.max(openCostBytes, total / (SMALLEST_PER_CORE * cores));
        long left = total;
        long budget = budget(left, cores, smallest, maxPartitionBytes);
        List<Task> tasks = new ArrayList<>();
        List<ImageProcessor.InputFile> current = new ArrayList<>();
        long cost = 0;
        for (ImageProcessor.InputFile f : files) {
            long c = f.length() + openCostBytes;
            if (!current.isEmpty() && cost + c > budget) {
                tasks.add(new Task(cost, current));
                left -= cost;
                budget = budget(left, cores, smallest, maxPartitionBytes);
                current = new ArrayList<>();
                cost = 0;
            }
            current.add(f);
            cost += c;
        }
        if (!current.isEmpty()) {
            tasks.add(new Task(cost, current));
        }
        // largest first, ties in listing order (the sort is stable)
        tasks.sort(Comparator.comparingLong(Task::cost).reversed());
        return tasks.stream().map(Task::files).toList();
    }

    /** The next task's budget: its share of the cost {@code left}, within {@code smallest} and {@code largest}. */
    private static long budget(long left, long cores, long smallest, long largest) {
        return Math.min(largest, Math.max(smallest, left / (SHARE_PER_CORE * cores)));
    }

    /** A task's files and their cost. */
    private record Task(long cost, List<ImageProcessor.InputFile> files) {
    }
}
