package org.convpool.job;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.convpool.engine.Engine;
import org.convpool.engine.Features;
import org.convpool.engine.MapStats;
import org.convpool.engine.RowSink;
import org.convpool.engine.Stage;
import org.convpool.image.MapPictures;
import org.convpool.image.MontageBuilder;
import org.convpool.image.PngEncoder;

/**
 * Writes one image's pictures from the engine's second pass over it ({@link org.convpool.engine.Engine#rows}):
 * {@code relu-<f>.png} and {@code pool-<f>.png}, each map normalised by its own min and max, then the
 * {@code layers.png} montage. Rows are normalised and encoded as they come, so no full-size map is ever held; the
 * min and max come from the first pass's statistics, which is why pictures take a second pass. A filter that repeats
 * an earlier one's weights has the same pictures: they are encoded once and copied.
 *
 * <p>Files are written through Hadoop's FileSystem, so any Hadoop file system works, and are overwritten by a retried
 * task, never duplicated.
 */
final class PictureWriter implements RowSink, AutoCloseable {
    static final String MONTAGE = "layers.png";

    private final Path folder;
    private final FileSystem fs;
    private final Configuration conf;
    private final int[] repeatOf;
    /** The folder on the local disk, when the file system is Hadoop's local one; else null. */
    private final java.nio.file.Path local;
    private boolean folderMade;
    private final int channels;
    private final float[][] min;
    private final float[][] max;
    private final OutputStream[][] streams;
    private final PngEncoder[][] encoders;
    private final MontageBuilder montage;
    private final byte[] normalised;
    private final int reluHeight;
    private final int poolHeight;

    /**
     * @param features the first pass's result for the image, whose statistics give each map's range
     * @param engine   the engine that made them, which tells which filters repeat others
     */
    PictureWriter(Path folder, Configuration conf, Features features, Engine engine) throws IOException {
        this.folder = folder;
        this.conf = conf;
        FileSystem fileSystem = folder.getFileSystem(conf);
        this.local = LocalDisk.of(fileSystem, folder);
        this.fs = fileSystem;
        this.channels = features.channels();
        this.repeatOf = new int[channels];
        for (int f = 0; f < channels; f++) {
            repeatOf[f] = engine.repeatOf(f);
        }
        this.min = new float[2][channels];
        this.max = new float[2][channels];
        for (int f = 0; f < channels; f++) {
            for (int k = 0; k < 2; k++) {
                // the statistics hold the maps' float32 extremes exactly, as doubles
                MapStats s = features.stats(k == 0 ? Stage.RELU : Stage.POOL, f);
                min[k][f] = (float) s.min();
                max[k][f] = (float) s.max();
            }
        }
        MapStats relu = features.stats(Stage.RELU, 0);
        int reluH = relu.height();
        int reluW = relu.width();
        this.streams = new OutputStream[2][channels];
        this.encoders = new PngEncoder[2][channels];
        this.montage = new MontageBuilder(channels, reluH, reluW, features.pooledHeight(), features.pooledWidth());
        for (int f = 0; f < channels; f++) {
            if (repeatOf[f] != f) {
                montage.sameAs(f, repeatOf[f]);
            }
        }
        this.normalised = new byte[Math.max(reluW, features.pooledWidth())];
        this.reluHeight = reluH;
        this.poolHeight = features.pooledHeight();
    }

    /**
     * A new picture file. On a local disk, straight through java.nio: Hadoop's local file system forks a
     * {@code chmod} for every file it creates when its native library is missing (as in a plain JDK install),
     * which took most of the time of small images, and adds a {@code .crc} file beside each PNG, which carries its
     * own CRCs. Any other file system goes through Hadoop.
     */
    private OutputStream create(String name) throws IOException {
        if (local == null) {
            return fs.create(new Path(folder, name), true);
        }
        if (!folderMade) {
            Files.createDirectories(local);
            folderMade = true;
        }
        return new BufferedOutputStream(Files.newOutputStream(local.resolve(name)), 1 << 16);
    }

    /** The picture file of one map: {@code <stage>-<filter>.png}. */
    static String fileName(Stage stage, int filter) {
        return stage.label() + "-" + filter + ".png";
    }

    @Override
    public void accept(Stage stage, int filter, int y, float[] row, int width) {
        if (stage == Stage.CONV) {
            return;
        }
        int k = stage == Stage.RELU ? 0 : 1;
        if (repeatOf[filter] != filter) {
            // a repeat's picture file is a copy, made when the original's is complete, and its montage column too
            return;
        }
        MapPictures.normaliseRow(row, width, min[k][filter], max[k][filter], normalised);
        try {
            PngEncoder png = encoders[k][filter];
            if (png == null) {
                OutputStream out = create(fileName(stage, filter));
                streams[k][filter] = out;
                png = new PngEncoder(out, width, k == 0 ? reluHeight : poolHeight);
                encoders[k][filter] = png;
            }
            png.writeRow(normalised, 0);
            if (png.finished()) {
                streams[k][filter].close();
                streams[k][filter] = null;
                for (int f = filter + 1; f < channels; f++) {
                    if (repeatOf[f] == filter) {
                        copy(fileName(stage, filter), fileName(stage, f));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addToMontage(k, filter, y);
    }

    private void addToMontage(int k, int filter, int y) {
        if (k == 0) {
            montage.reluRow(filter, y, normalised);
        } else {
            montage.poolRow(filter, y, normalised);
        }
    }

    private void copy(String from, String to) throws IOException {
        if (local != null) {
            Files.copy(local.resolve(from), local.resolve(to), StandardCopyOption.REPLACE_EXISTING);
        } else if (!FileUtil.copy(fs, new Path(folder, from), fs, new Path(folder, to), false, true, conf)) {
            throw new IOException("could not copy " + from + " to " + to + " in " + folder);
        }
    }

    /** Writes {@code layers.png}; call after the second pass handed over every row. */
    void writeMontage() throws IOException {
        MapPictures.Picture m = montage.picture();
        try (OutputStream out = create(MONTAGE)) {
            MapPictures.writeGreyPng(m.pixels(), m.width(), m.height(), out);
        }
    }

    /** Closes any picture left unfinished by a failure. */
    @Override
    public void close() throws IOException {
        for (int k = 0; k < 2; k++) {
            for (int f = 0; f < channels; f++) {
                if (encoders[k][f] != null && !encoders[k][f].finished()) {
                    encoders[k][f].abandon();
                }
                if (streams[k][f] != null) {
                    streams[k][f].close();
                    streams[k][f] = null;
                }
            }
        }
    }
}
