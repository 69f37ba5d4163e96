package org.convpool.job;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.convpool.engine.Engine;
import org.convpool.engine.GreyImage;
import org.convpool.engine.ImageArrays;
import org.convpool.engine.RowSink;
import org.convpool.image.DecodeLimits;
import org.convpool.image.ImageDecodeException;
import org.convpool.image.ImageDecoder;

/**
 * Decodes and runs the engine on a small synthetic photo, over and over, on a spare core while Spark starts, in a
 * driver that also runs the executors' work (local mode): so that HotSpot's C2 has compiled the per-image code by the
 * time the first images arrive, instead of the first tasks running it in C1, where the engine's Vector API code is
 * many times slower. Nothing it computes is kept; it stops after a round that ends past {@link #MAX_MILLIS}, or once
 * the engine's pass runs at compiled speed, whichever comes first, and it never fails the job.
 */
final class Warmup {
    /** The longest the warm-up runs: about as long as Spark takes to start. */
    static final long MAX_MILLIS = 2_500;
    /**
     * A pass under this many nanoseconds a pixel is taken to be compiled by C2 (about 2 on the benchmark machine);
     * before, with its Vector API calls not yet intrinsified, it takes ten to a hundred times longer.
     */
    private static final long COMPILED_NANOS_PER_PIXEL = 10;
    /**
     * Wide and short, so that the engine's row loops take every branch they take on photos: with the seed bank a
     * conv row of 2098 values is two blocks of 64 vectors and one of 3 ({@code SimdRows.BLOCK}), a pooled row of
     * 1049 one of 64 and one of 1. At 512 wide, each row was one block of an odd count, and C2 compiled the block
     * loops without the even case: the first photos made it throw their code away and compile them again. 128 high
     * leaves room for filters of up to 127 rows.
     */
    private static final int WIDTH = 2100;
    private static final int HEIGHT = 128;

    private Warmup() {
    }

    /**
     * Whether a warm-up helps: the executors' work runs in this JVM ({@link CompilerFocus#executorsInThisJvm}) and
     * there is a core to spare while Spark starts.
     */
    static boolean wanted(String master, int cores) {
        return CompilerFocus.executorsInThisJvm(master) && cores >= 2;
    }

    /** Starts the warm-up on a daemon thread of its own, which ends by itself. */
    static Thread start(Engine engine, boolean pictures) {
        Thread thread = new Thread(() -> run(engine, pictures, MAX_MILLIS), "convpool-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return thread;
    }

    /**
     * The warm-up itself, on the calling thread.
     *
     * @return the number of rounds run (decoding a JPEG and a PNG, the engine's pass and, with pictures, its rows)
     */
    static int run(Engine engine, boolean pictures, long maxMillis) {
        if (!engine.fits(HEIGHT, WIDTH)) {
            return 0; // filters larger than the photo: nothing to warm up with
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        try {
            byte[] jpeg = photo("jpeg");
            byte[] png = photo("png");
            ImageArrays arrays = ImageArrays.fresh();
            RowSink ignore = (stage, filter, y, row, width) -> { };
            int rounds = 0;
            do {
                ImageDecoder.decodeGrey(png, DecodeLimits.defaults(), arrays);
                GreyImage grey = ImageDecoder.decodeGrey(jpeg, DecodeLimits.defaults(), arrays);
                long start = System.nanoTime();
                engine.run(grey, arrays);
                long took = System.nanoTime() - start;
                if (pictures) {
                    engine.rows(grey, ignore);
                }
                rounds++;
                if (took < COMPILED_NANOS_PER_PIXEL * WIDTH * HEIGHT) {
                    break;
                }
            } while (System.nanoTime() < deadline);
            return rounds;
        } catch (IOException | ImageDecodeException | RuntimeException e) {
            return 0; // a warm-up that cannot run changes nothing but the speed of the first images
        }
    }

    /** A smooth synthetic photo, encoded by ImageIO in memory (its default stream caches in a temporary file). */
    private static byte[] photo(String format) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                int i = 3 * (y * WIDTH + x);
                bgr[i] = (byte) (128 + 100 * Math.sin(x * 0.031));
                bgr[i + 1] = (byte) (128 + 100 * Math.cos(y * 0.027));
                bgr[i + 2] = (byte) ((x ^ y) & 0xFF);
            }
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format);
        if (!writers.hasNext()) {
            throw new IOException("no ImageIO writer for " + format);
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(image);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
