package org.convpool.bench;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.convpool.engine.GreyImage;
import org.convpool.image.GreyConversion;

/**
 * Deterministic benchmark inputs with photographic content: one of the test photos scaled up to the size asked for,
 * plus a little pixel noise, so that large JPEGs and PNGs compress and decode like camera images rather than like the
 * smooth gradients a plain upscale gives. The photos are read from {@code src/test/resources/images} (override with
 * {@code -Dconvpool.bench.photos=DIR}); without them a synthetic pattern of the same character is used.
 */
final class BenchImages {
    private static final String[] PHOTOS = {"astronaut.png", "chelsea.png", "coffee.png"};
    /** Amplitude of the uniform noise added to every sample, in grey levels. */
    private static final int NOISE = 6;

    private BenchImages() {
    }

    /** A {@code width x height} colour photo ({@code TYPE_3BYTE_BGR}); {@code seed} picks the photo and the noise. */
    static BufferedImage photo(int width, int height, long seed) {
        BufferedImage source = source((int) Math.floorMod(seed, (long) PHOTOS.length));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        byte[] samples = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < samples.length; i++) {
            int v = (samples[i] & 0xFF) + random.nextInt(2 * NOISE + 1) - NOISE;
            samples[i] = (byte) Math.max(0, Math.min(255, v));
        }
        return out;
    }

    /** The grey image the job would decode from {@link #photo}, converted as OpenCV converts BGR. */
    static GreyImage grey(int width, int height, long seed) {
        BufferedImage photo = photo(width, height, seed);
        byte[] bgr = ((DataBufferByte) photo.getRaster().getDataBuffer()).getData();
        byte[] grey = new byte[width * height];
        GreyConversion.bgrRowToGrey(bgr, 0, grey, 0, width * height);
        return new GreyImage(width, height, grey);
    }

    /** Baseline JPEG at {@code quality} (0..1) with 4:2:0 chroma subsampling, as cameras write. */
    static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = jdkWriter("jpeg");
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        return write(writer, image, param);
    }

    /** PNG at the JDK writer's default settings. */
    static byte[] png(BufferedImage image) {
        return write(jdkWriter("png"), image, null);
    }

    /** The JDK's own writer, whatever else is on the classpath (the benchmarks carry TwelveMonkeys' JPEG plugin). */
    static ImageWriter jdkWriter(String format) {
        java.util.Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        while (writers.hasNext()) {
            ImageWriter w = writers.next();
            if (w.getClass().getName().startsWith("com.sun.imageio.plugins.")) {
                return w;
            }
        }
        throw new IllegalStateException("this Java runtime has no " + format + " writer of its own");
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static BufferedImage source(int index) {
        File dir = new File(System.getProperty("convpool.bench.photos", "src/test/resources/images"));
        File file = new File(dir, PHOTOS[index]);
        try {
            BufferedImage photo = file.isFile() ? ImageIO.read(file) : null;
            if (photo != null) {
                return photo;
            }
        } catch (IOException e) {
            // fall through to the synthetic pattern: a benchmark should run from anywhere
        }
        return synthetic(512, 512, index);
    }

    /** Soft shapes and edges at several scales: what a photo has and a gradient does not. */
    private static BufferedImage synthetic(int width, int height, int index) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] samples = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0, i = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 128 + 60 * Math.sin((x + 40 * index) / 37.0) * Math.cos(y / 23.0)
                        + 40 * Math.signum(Math.sin(x / 91.0 + y / 53.0));
                for (int c = 0; c < 3; c++, i++) {
                    samples[i] = (byte) Math.max(0, Math.min(255, (int) (v + 20 * c * Math.sin(y / 71.0))));
                }
            }
        }
        return image;
    }
}
