package org.convpool.job;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.Iterator;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.convpool.engine.Engine;
import org.convpool.engine.Features;
import org.convpool.engine.GreyImage;
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

    ImageProcessor(Engine engine, JobOptions options, InputRoot inputRoot, OutputLayout layout, Broadcast<HadoopConf> hadoop,
            LongAccumulator filesDone, LongAccumulator filesFailed) {
        this.engine = engine;
        this.options = options;
        this.inputRoot = inputRoot;
        this.layout = layout;
        this.hadoop = hadoop;
        this.filesDone = filesDone;
        this.filesFailed = filesFailed;
    }

    /**
     * Processes the files of one partition lazily, one at a time, so memory holds one image, writing their
     * {@code features/} rows to the task's own file, which is committed after the last file.
     */
    Iterator<ImageOutcome> processAll(Iterator<InputFile> files) throws IOException {
        TaskContext task = TaskContext.get();
        FeatureFileWriter features = new FeatureFileWriter(layout.path(OutputLayout.FEATURES), task.partitionId(),
                task.attemptNumber(), hadoop.value().get());
        task.addTaskCompletionListener(context -> {
            try {
                features.close(); // a no-op once committed; removes the file of a failed attempt
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return new Iterator<>() {
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
                ImageOutcome outcome = process(files.next(), features);
                filesDone.add(1);
                if (!outcome.ok()) {
                    filesFailed.add(1);
                }
                return outcome;
            }
        };
    }

    /** What becomes of one file, its features row written to {@code features}; never throws for anything the file contains. */
    ImageOutcome process(InputFile file, FeatureFileWriter features) {
        String path = file.path();
        if (file.length() > options.maxBytes()) {
            return ImageOutcome.failed(path, FailureReason.TOO_LARGE, String.format(
                    "the file is %,d bytes, over the %,d-byte limit; raise --max-bytes (and executor memory) to process it",
                    file.length(), options.maxBytes()));
        }
        byte[] bytes;
        try {
            bytes = read(new Path(path), file.length());
        } catch (IOException | RuntimeException e) {
            return ImageOutcome.failed(path, FailureReason.READ_ERROR,
                    "the file could not be read (" + describe(e) + "); check that it is readable and rerun");
        }
        GreyImage grey;
        try {
            grey = ImageDecoder.decodeGrey(bytes, options.limits());
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
        Features result = engine.run(grey);
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
        grey = null; // the pooled maps alone, not the image, need to stay while they are written
        try {
            features.write(path, result);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the features of " + path + ": " + e.getMessage(), e);
        }
        return ImageOutcome.processed(path, result);
    }

    private byte[] read(Path path, long expectedLength) throws IOException {
        FileSystem fs = path.getFileSystem(hadoop.value().get());
        try (InputStream in = fs.open(path)) {
            byte[] bytes = in.readNBytes((int) expectedLength);
            if (bytes.length < expectedLength) {
                throw new EOFException("the file is shorter than when it was listed (" + bytes.length + " of "
                        + expectedLength + " bytes); it changed during the run");
            }
            return bytes;
        }
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
