package org.convpool.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import org.convpool.engine.Engine;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.convpool.engine.MapSink;
import org.convpool.engine.Stage;
import org.convpool.image.MapPictures;
import org.convpool.image.PngEncoder;
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
 * Encoding the picture of one 4096 x 4096 photo's first ReLU map (4094 x 4094), normalised as the job normalises it,
 * to a stream that only counts bytes: the job's encoder ({@code job}: {@link MapPictures#writeGreyPng}), ImageIO's
 * PNG writer at its default settings and at deflate level 1, and the job's encoder with other filters and levels.
 * {@link #main} prints the sizes each one gives.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 1, jvmArgsAppend = {BenchMain.JMH_HEAP, BenchMain.VECTOR_MODULE})
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PngEncodeBenchmark {
    /** The encoders compared; {@code job} is what the job uses. */
    static final String[] ENCODERS = {"job", "imageio-default", "imageio-level1", "none-1", "sub-1", "up-1", "up-6",
        "none-huffman", "sub-huffman", "up-huffman", "none-0"};

    @Param({"job", "imageio-default", "imageio-level1", "none-1", "sub-1", "up-1", "up-6", "none-huffman",
        "sub-huffman", "up-huffman", "none-0"})
    public String encoder;

    @Param({"4096"})
    public int size;

    private byte[] pixels;
    private int width;
    private int height;

    @Setup
    public void setUp() {
        MapSink keep = (stage, filter, values, h, w) -> {
            if (stage == Stage.RELU && filter == 0) {
                pixels = MapPictures.normalise(values, h * w);
                width = w;
                height = h;
            }
        };
        new Engine(FilterBank.seed(), Geometry.defaults()).run(BenchImages.grey(size, size, 0), keep);
    }

    byte[] pixels() {
        return pixels;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Benchmark
    public long encode() throws IOException {
        CountingStream out = new CountingStream();
        encode(encoder, pixels, width, height, out);
        return out.count;
    }

    static void encode(String encoder, byte[] pixels, int width, int height, OutputStream out) throws IOException {
        switch (encoder) {
            case "job" -> MapPictures.writeGreyPng(pixels, width, height, out);
            case "imageio-default" -> imageIo(pixels, width, height, out, -1);
            case "imageio-level1" -> imageIo(pixels, width, height, out, 1);
            case "none-1" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.NONE, false);
            case "sub-1" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.SUB, false);
            case "up-1" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.UP, false);
            case "up-6" -> rows(pixels, width, height, out, 6, PngEncoder.Filter.UP, false);
            case "none-huffman" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.NONE, true);
            case "sub-huffman" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.SUB, true);
            case "up-huffman" -> rows(pixels, width, height, out, 1, PngEncoder.Filter.UP, true);
            case "none-0" -> rows(pixels, width, height, out, 0, PngEncoder.Filter.NONE, false);
            default -> throw new IllegalArgumentException("unknown encoder " + encoder);
        }
    }

    private static void rows(byte[] pixels, int width, int height, OutputStream out, int level,
            PngEncoder.Filter filter, boolean huffmanOnly) throws IOException {
        PngEncoder png = new PngEncoder(out, width, height, level, filter, huffmanOnly);
        for (int y = 0; y < height; y++) {
            png.writeRow(pixels, y * width);
        }
    }

    /** ImageIO's PNG writer; {@code level} -1 for its default, else a deflate level set through the write param. */
    private static void imageIo(byte[] pixels, int width, int height, OutputStream out, int level) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(pixels, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, pixels.length);
        ImageWriter writer = BenchImages.jdkWriter("png");
        ImageWriteParam param = null;
        if (level >= 0) {
            param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            // the JDK writer's level is round(9 * (1 - quality))
            param.setCompressionQuality(1f - level / 9f);
        }
        try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    /** Prints the size of the picture each encoder makes, in bytes per pixel. */
    public static void main(String[] args) throws IOException {
        PngEncodeBenchmark b = new PngEncodeBenchmark();
        b.size = args.length > 0 ? Integer.parseInt(args[0]) : 4096;
        b.setUp();
        for (String e : ENCODERS) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            encode(e, b.pixels, b.width, b.height, out);
            System.out.printf("%s %.4f%n", e, (double) out.size() / ((long) b.width * b.height));
        }
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
