package org.convpool.bench;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageReader;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.convpool.engine.GreyImage;
import org.convpool.image.DecodeLimits;
import org.convpool.image.GreyConversion;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;
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
 * Decoding a large photo to the job's grey image, from the file's bytes in memory: the job's own decoder
 * ({@code job}), and the bare readers it could use, each followed by the same grey conversion: the JDK's
 * ({@code jdk-raw}) and, for JPEG, TwelveMonkeys' ({@code twelvemonkeys-raw}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@Fork(value = 1, jvmArgsAppend = {BenchMain.JMH_HEAP, BenchMain.VECTOR_MODULE})
@Warmup(iterations = 5)
@Measurement(iterations = 5)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {
    @Param({"jpeg", "png"})
    public String format;

    @Param({"job"})
    public String decoder;

    @Param({"4096"})
    public int size;

    private byte[] bytes;
    private ImageReaderSpi spi;
    private final DecodeLimits limits = DecodeLimits.defaults();

    @Setup
    public void setUp() {
        bytes = encoded(format, size);
        spi = switch (decoder) {
            case "job" -> null;
            case "jdk-raw" -> jdkReader(format);
            case "twelvemonkeys-raw" -> {
                if (!format.equals("jpeg")) {
                    throw new IllegalArgumentException("TwelveMonkeys reads JPEG here, not " + format);
                }
                yield readerNamed("com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi");
            }
            default -> throw new IllegalArgumentException("unknown decoder " + decoder);
        };
    }

    @Benchmark
    public GreyImage decodeGrey() throws ImageDecodeException, IOException {
        return spi == null ? ImageDecoder.decodeGrey(bytes, limits) : rawGrey(spi, bytes);
    }

    /** A registered reader by class name: TwelveMonkeys' finds the JDK reader it delegates to on registration. */
    static ImageReaderSpi readerNamed(String className) {
        java.util.Iterator<ImageReaderSpi> it = javax.imageio.spi.IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            if (spi.getClass().getName().equals(className)) {
                return spi;
            }
        }
        throw new IllegalStateException(className + " is not on the classpath");
    }

    /** The JDK's own reader for {@code format}, found in the registry as the job's decoder finds it. */
    static ImageReaderSpi jdkReader(String format) {
        java.util.Iterator<ImageReaderSpi> it = javax.imageio.spi.IIORegistry.getDefaultInstance()
                .getServiceProviders(ImageReaderSpi.class, true);
        while (it.hasNext()) {
            ImageReaderSpi spi = it.next();
            if (spi.getClass().getName().startsWith("com.sun.imageio.plugins.")
                    && java.util.List.of(spi.getFormatNames()).contains(format)) {
                return spi;
            }
        }
        throw new IllegalStateException("no JDK reader for " + format);
    }

    /** The reader's image and the grey conversion the job uses, for 8-bit BGR rasters. */
    static GreyImage rawGrey(ImageReaderSpi spi, byte[] bytes) throws IOException {
        ImageReader reader = spi.createReaderInstance();
        try (MemoryCacheImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            BufferedImage image = reader.read(0);
            int w = image.getWidth();
            int h = image.getHeight();
            byte[] grey = new byte[w * h];
            if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
                byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
                GreyConversion.bgrRowToGrey(bgr, 0, grey, 0, w * h);
            } else {
                throw new IOException("the benchmark expects 3-byte BGR, the reader gave type " + image.getType());
            }
            return new GreyImage(w, h, grey);
        } finally {
            reader.dispose();
        }
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
