package org.convpool.job;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.broadcast.Broadcast;
import org.convpool.engine.Engine;
import org.convpool.engine.GreyImage;
import org.convpool.engine.Stage;
import org.convpool.image.DecodeLimits;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;
import org.convpool.image.MapPictures;
import org.convpool.report.ImagePanel;

/**
 * The executor side of the report: the few images it shows are decoded and run through the
 * engine again where they are, and only their thumbnails (a few kilobytes) go to the driver.
 */
final class ReportThumbnails implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The longer side of every picture on the page, in pixels. */
    static final int SIDE = 150;
    /** Filters shown per image: enough for the seed notebook's banks, and the page stays small for big ones. */
    static final int MAX_FILTERS = 8;

    private final Engine engine;
    private final DecodeLimits limits;
    private final Broadcast<HadoopConf> hadoop;

    ReportThumbnails(Engine engine, DecodeLimits limits, Broadcast<HadoopConf> hadoop) {
        this.engine = engine;
        this.limits = limits;
        this.hadoop = hadoop;
    }

    /** The panel of one image already processed by the run, so it decodes; {@code null} if it no longer does. */
    ImagePanel panel(String path, String why) {
        GreyImage grey;
        try (InputStream in = new Path(path).getFileSystem(hadoop.value().get()).open(new Path(path))) {
            grey = ImageDecoder.decodeGrey(in.readAllBytes(), limits);
        } catch (IOException | ImageDecodeException e) {
            return null; // changed or removed since it was processed: the page shows the others
        }
        List<ImagePanel.MapPicture> relu = new ArrayList<>();
        List<ImagePanel.MapPicture> pool = new ArrayList<>();
        engine.run(grey, (stage, filter, map, height, width) -> {
            if (stage == Stage.CONV || filter >= MAX_FILTERS) {
                return;
            }
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < height * width; i++) {
                min = Math.min(min, map[i]);
                max = Math.max(max, map[i]);
            }
            byte[] png = png(MapPictures.normalise(map, height * width), height, width);
            (stage == Stage.RELU ? relu : pool).add(new ImagePanel.MapPicture(png, min, max));
        });
        return new ImagePanel(path, why, grey.width(), grey.height(), png(grey.pixels(), grey.height(), grey.width()),
                relu, pool);
    }

    private static byte[] png(byte[] pixels, int height, int width) {
        MapPictures.Picture t = MapPictures.thumbnail(pixels, height, width, SIDE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MapPictures.writeGreyPng(t.pixels(), t.width(), t.height(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
