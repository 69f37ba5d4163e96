package org.convpool.job;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.convpool.engine.MapSink;
import org.convpool.engine.Stage;
import org.convpool.image.MapPictures;

/**
 * Writes one image's pictures as the engine hands over its maps: {@code relu-<f>.png} and
 * {@code pool-<f>.png}, each map normalised on its own, then the {@code layers.png} montage.
 * Files are written through Hadoop's FileSystem, so any Hadoop file system works, and are
 * overwritten by a retried task, never duplicated.
 */
final class PictureWriter implements MapSink {
    static final String MONTAGE = "layers.png";

    private final Path folder;
    private final FileSystem fs;
    private final List<byte[]> relu = new ArrayList<>();
    private final List<byte[]> pool = new ArrayList<>();
    private int reluHeight;
    private int reluWidth;
    private int poolHeight;
    private int poolWidth;

    PictureWriter(Path folder, Configuration conf) throws IOException {
        this.folder = folder;
        this.fs = folder.getFileSystem(conf);
    }

    /** The picture file of one map: {@code <stage>-<filter>.png}. */
    static String fileName(Stage stage, int filter) {
        return stage.label() + "-" + filter + ".png";
    }

    @Override
    public void accept(Stage stage, int filter, float[] map, int height, int width) {
        if (stage == Stage.CONV) {
            return;
        }
        byte[] pixels = MapPictures.normalise(map, height * width);
        try {
            write(fileName(stage, filter), pixels, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (stage == Stage.RELU) {
            relu.add(pixels);
            reluHeight = height;
            reluWidth = width;
        } else {
            pool.add(pixels);
            poolHeight = height;
            poolWidth = width;
        }
    }

    /** Writes {@code layers.png} from the maps seen so far. */
    void writeMontage() throws IOException {
        MapPictures.Picture m = MapPictures.montage(relu, reluHeight, reluWidth, pool, poolHeight, poolWidth);
        write(MONTAGE, m.pixels(), m.width(), m.height());
    }

    private void write(String name, byte[] pixels, int width, int height) throws IOException {
        try (OutputStream out = fs.create(new Path(folder, name), true)) {
            MapPictures.writeGreyPng(pixels, width, height, out);
        }
    }
}
