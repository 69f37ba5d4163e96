package org.convpool.bench;

import java.util.concurrent.TimeUnit;
import org.convpool.engine.GreyImage;
import org.convpool.image.DecodeLimits;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Decoding a large photo to the job's grey image, from the file's bytes in memory. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {
    @Param({"jpeg", "png"})
    public String format;

    @Param({"4096"})
    public int size;

    private byte[] bytes;
    private final DecodeLimits limits = DecodeLimits.defaults();

    @Setup
    public void setUp() {
        bytes = encoded(format, size);
    }

    @Benchmark
    public GreyImage decodeGrey() throws ImageDecodeException {
        return ImageDecoder.decodeGrey(bytes, limits);
    }

    /** The photo of {@link BenchImages} as a quality-90 JPEG or a default PNG. */
    static byte[] encoded(String format, int size) {
        return switch (format) {
            case "jpeg" -> BenchImages.jpeg(BenchImages.photo(size, size, 0), 0.9f);
            case "png" -> BenchImages.png(BenchImages.photo(size, size, 0));
            default -> throw new IllegalArgumentException("unknown format " + format + "; use jpeg or png");
        };
    }
}
