package org.convpool.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.TaskCompletionListener;
import org.convpool.engine.Engine;
import org.convpool.engine.Features;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.convpool.engine.GreyImage;
import org.convpool.engine.ImageArrays;
import org.convpool.image.FailureReason;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;

/**
 * The executor side of a run: reads one file, decodes it, runs the engine and writes its
 * pictures. Every file gives exactly one {@link ImageOutcome}; nothing a file contains can make
 * this throw.
 */
final class ImageProcessor implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Engine engine;
    private final JobOptions options;
    private final InputRoot inputRoot;
    private final OutputLayout layout;
    private final Broadcast<HadoopConf> hadoop;
    private final LongAccumulator filesDone;
    private final LongAccumulator filesFailed;
    private final double failFirstAttempts;
    private final boolean hang;
    private final int batch;

    ImageProcessor(Engine engine, JobOptions options, InputRoot inputRoot, OutputLayout layout, Broadcast<HadoopConf> hadoop,
            LongAccumulator filesDone, LongAccumulator filesFailed, double failFirstAttempts, boolean hang, int batch) {
        this.engine = engine;
        this.options = options;
        this.inputRoot = inputRoot;
        this.layout = layout;
        this.hadoop = hadoop;
        this.filesDone = filesDone;
        this.filesFailed = filesFailed;
        this.failFirstAttempts = failFirstAttempts;
        this.hang = hang;
        this.batch = batch;
    }

    /**
     * The same processor for one batch, whose number names its feature files; hanging after each task's first file
     * if asked (test hook {@link JobSettings#HANG_IN_BATCH}).
     */
    ImageProcessor forBatch(int batch, boolean hang) {
        return new ImageProcessor(engine, options, inputRoot, layout, hadoop, filesDone, filesFailed, failFirstAttempts,
                hang, batch);
    }

    /**
     * Processes the files of one partition lazily, one at a time, so memory holds one image, writing their
     * {@code features/} rows to the task's own file, which is committed after the last file.
     */
    Iterator<ImageOutcome> processAll(Iterator<InputFile> files) throws IOException {
        TaskContext task = TaskContext.get();
        boolean injectFailure = failFirstAttempts > 0 && task.attemptNumber() == 0
                && Math.floorMod(task.partitionId() * 0x9E3779B9, 1000) < failFirstAttempts * 1000;
        FeatureFileWriter features = new FeatureFileWriter(layout.path(OutputLayout.FEATURES), batch,
                task.partitionId(), task.attemptNumber(), hadoop.value().get());
        task.addTaskCompletionListener(context -> {
            try {
                features.close(); // a no-op once committed; removes the file of a failed attempt
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        ImageArrays arrays = ImageArrays.borrow();
        // on this thread, once no image is in progress
        task.addTaskCompletionListener((TaskCompletionListener) context -> arrays.giveBack());
        return new Iterator<>() {
            private int count;

            @Override
            public boolean hasNext() {
                if (files.hasNext()) {
                    return true;
                }
                try {
                    features.commit();
                } catch (IOException e) {
                    throw new UncheckedIOException("could not write " + layout.uri(OutputLayout.FEATURES) + ": "
                            + e.getMessage(), e);
                }
                return false;
            }

            @Override
            public ImageOutcome next() {
                count++;
                if (hang && count == 2) {
                    sleepForever();
                }
                if (injectFailure && count == 2) {
                    // Test hook (spark.convpool.test.failFirstAttempts): fail after the first file's pictures and
                    // features are written, so a retry must cope with what the failed attempt left behind.
                    throw new IllegalStateException("injected failure of a first task attempt");
                }
                ImageOutcome outcome = process(files.next(), features, arrays);
                filesDone.add(1);
                if (!outcome.ok()) {
                    filesFailed.add(1);
                }
                return outcome;
            }
        };
    }

    /**
     * What becomes of one file, its features row written to {@code features}; never throws for anything the file
     * contains. Its large arrays come from {@code arrays}, kept from one file to the next.
     */
    ImageOutcome process(InputFile file, FeatureFileWriter features, ImageArrays arrays) {
        String path = file.path();
        if (file.length() > options.maxBytes()) {
            return tooManyBytes(path, String.format("%,d bytes", file.length()));
        }
        byte[] bytes;
        try {
            bytes = read(new Path(path), file.length());
        } catch (IOException | RuntimeException e) {
            return ImageOutcome.failed(path, FailureReason.READ_ERROR,
                    "the file could not be read (" + describe(e) + "); check that it exists and is readable, then rerun");
        }
        if (bytes == null) {
            return tooManyBytes(path, "larger than when it was listed");
        }
        GreyImage grey;
        try {
            grey = ImageDecoder.decodeGrey(bytes, options.limits(), arrays);
        } catch (ImageDecodeException e) {
            return ImageOutcome.failed(path, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // A decoder bug on malformed data must not fail the task: the file is recorded as damaged instead.
            return ImageOutcome.failed(path, FailureReason.CORRUPT,
                    "the image data could not be decoded (" + describe(e) + "); the file is probably damaged");
        }
        bytes = null; // the encoded bytes are no longer needed while the engine runs
        if (!engine.fits(grey.height(), grey.width())) {
            return ImageOutcome.failed(path, FailureReason.TOO_SMALL, String.format(
                    "the %dx%d image is too small for %dx%d filters with stride %d, padding %d and a %d-pixel pool"
                            + " (the pooled map would be empty); use larger images or smaller filters",
                    grey.width(), grey.height(), engine.bank().kernelWidth(), engine.bank().kernelHeight(),
                    options.geometry().stride(), options.geometry().padding(), options.geometry().pool()));
        }
        long pooledBytes = pooledBytes(grey.height(), grey.width());
        if (pooledBytes > FeatureFileWriter.MAX_POOLED_BYTES) {
            return ImageOutcome.failed(path, FailureReason.TOO_LARGE, String.format(
                    "the %dx%d image's %d pooled maps would take %,d bytes, more than one row of features/ holds"
                            + " (%,d); lower --max-pixels to leave such images out, or use fewer filters or a larger"
                            + " pool stride", grey.width(), grey.height(), engine.bank().size(), pooledBytes,
                    FeatureFileWriter.MAX_POOLED_BYTES));
        }
        Features result = engine.run(grey, arrays);
        if (options.png()) {
            // a second pass over the image: each map's pictures are normalised by its min and max, known only now
            try (PictureWriter pictures = new PictureWriter(layout.pngFolder(inputRoot.relativize(path)),
                    hadoop.value().get(), result, engine)) {
                engine.rows(grey, pictures);
                pictures.writeMontage();
            } catch (IOException | UncheckedIOException e) {
                // Pictures are part of a processed image's output: failing to write them is not the image's fault,
                // so the task fails and Spark retries it rather than recording a wrong reason for the file.
                throw new PictureWriteException(path, e);
            }
        }
        grey = null; // only the pooled maps are needed from here: the image's arrays stay only softly (ImageArrays)
        try {
            features.write(path, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the features of " + path + ": " + e.getMessage(), e);
        }
        return ImageOutcome.processed(path, result);
    }

    private static void sleepForever() {
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The whole file, or {@code null} if it has grown over the byte limit since it was listed. */
    private byte[] read(Path path, long listedLength) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop.value().get());
        long limit = Math.min(Integer.MAX_VALUE - 9, options.maxBytes()); // limit + 1 still fits an array
        try (InputStream in = fs.open(path)) {
            // the listed length straight into one array; only a file that grew since is read on, up to the limit
            byte[] bytes = new byte[(int) Math.min(listedLength, limit)];
            int n = in.readNBytes(bytes, 0, bytes.length);
            if (n < bytes.length) {
                return Arrays.copyOf(bytes, n);
            }
            byte[] more = in.readNBytes((int) (limit + 1 - n));
            if (more.length == 0) {
                return bytes;
            }
            if (n + (long) more.length > options.maxBytes()) {
                return null;
            }
            byte[] all = Arrays.copyOf(bytes, n + more.length);
            System.arraycopy(more, 0, all, n, more.length);
            return all;
        }
    }

    /** The bytes of the pooled maps of an image of this size, as its {@code features/} row stores them. */
    private long pooledBytes(int height, int width) {
        Geometry g = engine.geometry();
        FilterBank bank = engine.bank();
        return 4L * bank.size() * g.pooledHeight(height, bank.kernelHeight()) * g.pooledWidth(width, bank.kernelWidth());
    }

    private ImageOutcome tooManyBytes(String path, String size) {
        return ImageOutcome.failed(path, FailureReason.TOO_LARGE, String.format(
                "the file is %s, over the %,d-byte limit; raise --max-bytes (and executor memory) to process it", size,
                options.maxBytes()));
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** An input file as listed on the driver. */
    record InputFile(String path, long length, long modificationTime) implements Serializable {
    }

    /** Thrown when an image's pictures cannot be written: an output problem, not the input's. */
    static final class PictureWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PictureWriteException(String path, Exception cause) {
            super("could not write the pictures of " + path + ": " + cause.getMessage(), cause);
        }
    }
}
