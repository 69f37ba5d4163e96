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
import org.convpool.engine.Features;
import org.convpool.engine.GreyImage;
import org.convpool.engine.MapStats;
import org.convpool.engine.Stage;
import org.convpool.image.DecodeLimits;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;
import org.convpool.image.MapPictures;
import org.convpool.image.ThumbnailBuilder;
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
        // Two fused passes, as for the job's pictures: the first gives each map's range, the second its rows, which
        // are normalised and shrunk as they come, so no full-size map is held.
        Features features = engine.run(grey);
        int shown = Math.min(features.channels(), MAX_FILTERS);
        MapStats[][] ranges = new MapStats[2][shown];
        ThumbnailBuilder[][] thumbnails = new ThumbnailBuilder[2][shown];
        for (int f = 0; f < shown; f++) {
            for (int k = 0; k < 2; k++) {
                MapStats s = features.stats(k == 0 ? Stage.RELU : Stage.POOL, f);
                ranges[k][f] = s;
                thumbnails[k][f] = new ThumbnailBuilder(s.height(), s.width(), SIDE);
            }
        }
        byte[] normalised = new byte[grey.width()];
        engine.rows(grey, (stage, filter, y, row, width) -> {
            if (stage == Stage.CONV || filter >= shown) {
                return;
            }
            int k = stage == Stage.RELU ? 0 : 1;
            // the statistics hold the maps' float32 extremes exactly, as doubles
            MapPictures.normaliseRow(row, width, (float) ranges[k][filter].min(), (float) ranges[k][filter].max(),
                    normalised);
            thumbnails[k][filter].row(y, normalised, 0);
        });
        List<ImagePanel.MapPicture> relu = new ArrayList<>();
        List<ImagePanel.MapPicture> pool = new ArrayList<>();
        for (int f = 0; f < shown; f++) {
            relu.add(new ImagePanel.MapPicture(png(thumbnails[0][f].picture()), ranges[0][f].min(), ranges[0][f].max()));
            pool.add(new ImagePanel.MapPicture(png(thumbnails[1][f].picture()), ranges[1][f].min(), ranges[1][f].max()));
        }
        return new ImagePanel(path, why, grey.width(), grey.height(),
                png(MapPictures.thumbnail(grey.pixels(), grey.height(), grey.width(), SIDE)), relu, pool);
    }

    private static byte[] png(MapPictures.Picture t) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            MapPictures.writeGreyPng(t.pixels(), t.width(), t.height(), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
