package org.convpool.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.convpool.engine.MapSink;
import org.convpool.engine.Stage;
import org.convpool.image.MapPictures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Encoding the pictures of one 4096 x 4096 photo's first filter: its ReLU map (4094 x 4094) and its pooled map
 * (2047 x 2047), normalised as the job normalises them, written to a stream that only counts bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PngEncodeBenchmark {
    @Param({"relu", "pool"})
    public String map;

    @Param({"4096"})
    public int size;

    private byte[] pixels;
    private int width;
    private int height;

    @Setup
    public void setUp() {
        Stage wanted = map.equals("relu") ? Stage.RELU : Stage.POOL;
        MapSink keep = (stage, filter, values, h, w) -> {
            if (stage == wanted && filter == 0) {
                pixels = MapPictures.normalise(values, h * w);
                width = w;
                height = h;
            }
        };
        new Engine(FilterBank.seed(), Geometry.defaults()).run(BenchImages.grey(size, size, 0), keep);
    }

    @Benchmark
    public long writeGreyPng() throws IOException {
        CountingStream out = new CountingStream();
        MapPictures.writeGreyPng(pixels, width, height, out);
        return out.count;
    }

    /** Discards what is written; the count keeps the JIT from discarding the work. */
    static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
