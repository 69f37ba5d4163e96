package org.convpool.bench;

import java.util.concurrent.TimeUnit;
import org.convpool.engine.Engine;
import org.convpool.engine.Features;
import org.convpool.engine.FilterBank;
import org.convpool.engine.FilterBankException;
import org.convpool.engine.Geometry;
import org.convpool.engine.GreyImage;
import org.convpool.engine.ImageArrays;
import org.convpool.engine.MapSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine on one thread over a 4096 x 4096 photo: convolution, ReLU, pooling, the statistics of every map and the
 * pooled maps, which is everything the job asks of it per image (pictures aside), by default into an array kept
 * between runs as the job keeps it between images.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 1, jvmArgsAppend = {BenchMain.JMH_HEAP, BenchMain.VECTOR_MODULE})
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class EngineBenchmark {
    /** {@code seed}: the four 3x3 filters; {@code 5x5x8}: eight 5x5 filters. */
    @Param({"seed", "5x5x8"})
    public String bank;

    /** {@code fused}: the one-pass engine the job uses; {@code standard}: the plain reference engine. */
    @Param({"fused", "standard"})
    public String engine;

    @Param({"4096"})
    public int size;

    /**
     * {@code kept}: the pooled maps go into an array kept from the previous run, as the job keeps its arrays from one
     * image to the next ({@link ImageArrays}); {@code fresh}: a new array every run.
     */
    @Param({"kept", "fresh"})
    public String arrays;

    private ImageArrays imageArrays;

    private Engine bankEngine;
    private boolean fused;
    private GreyImage image;

    @Setup
    public void setUp() throws FilterBankException {
        bankEngine = new Engine(bank(bank), Geometry.defaults());
        fused = switch (engine) {
            case "fused" -> true;
            case "standard" -> false;
            default -> throw new IllegalArgumentException("unknown engine " + engine + "; use fused or standard");
        };
        image = BenchImages.grey(size, size, 0);
        imageArrays = switch (arrays) {
            case "kept" -> ImageArrays.borrow();
            case "fresh" -> ImageArrays.fresh();
            default -> throw new IllegalArgumentException("unknown arrays " + arrays + "; use kept or fresh");
        };
    }

    @Benchmark
    public Features run() {
        return fused ? bankEngine.run(image, imageArrays) : bankEngine.run(image, MapSink.NONE);
    }

    /** The bank named by the parameter. */
    static FilterBank bank(String name) throws FilterBankException {
        if (name.equals("seed")) {
            return FilterBank.seed();
        }
        if (!name.equals("5x5x8")) {
            throw new IllegalArgumentException("unknown bank " + name + "; use seed or 5x5x8");
        }
        // Fixed, varied weights: smoothing, edges in four directions, a Laplacian of Gaussian and two ripples.
        StringBuilder json = new StringBuilder("{\"name\": \"bench-5x5x8\", \"filters\": [");
        for (int f = 0; f < 8; f++) {
            json.append(f == 0 ? "" : ", ").append("{\"weights\": [");
            for (int r = 0; r < 5; r++) {
                json.append(r == 0 ? "[" : ", [");
                for (int c = 0; c < 5; c++) {
                    double w = Math.round(1000 * Math.sin(1.7 * f + 0.9 * r - 1.3 * c + f * r * c * 0.1)) / 1000.0;
                    json.append(c == 0 ? "" : ", ").append(w);
                }
                json.append(']');
            }
            json.append("]}");
        }
        return FilterBank.parse(json.append("]}").toString(), "bench-5x5x8.json");
    }
}
