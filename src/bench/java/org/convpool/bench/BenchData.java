package org.convpool.bench;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the inputs of the job benchmarks and the scale checks, deterministically, so that the same command always
 * makes the same files (and {@code jobs/bench.sh} can reuse them):
 *
 * <pre>
 *   BenchData dataset DIR COPIES   mixed sizes and formats, COPIES times over (different seeds), see {@link #SIZES}
 *   BenchData large FILE WIDTH HEIGHT   one large JPEG (for example 10000 x 10000, 100 megapixels)
 *   BenchData photo FILE SIZE FORMAT    one SIZE x SIZE photo as jpeg or png, the engine and decode benchmarks' input
 *   BenchData small DIR COUNT      COUNT small JPEGs (64 x 48 to 160 x 120), for the many-files check
 * </pre>
 */
public final class BenchData {
    /** One copy of the dataset: width, height and format of each file; about 44 megapixels. */
    static final Object[][] SIZES = {
        {4000, 3000, "jpeg"}, {3264, 2448, "jpeg"}, {1920, 1080, "jpeg"}, {1920, 1080, "png"},
        {2048, 1536, "png"}, {1280, 960, "jpeg"}, {1024, 768, "png"}, {800, 600, "jpeg"},
        {640, 480, "jpeg"}, {640, 480, "png"}, {3000, 2000, "jpeg"}, {2592, 1944, "jpeg"},
        {1600, 1200, "png"}, {1024, 1024, "jpeg"}, {512, 512, "png"}, {4032, 3024, "jpeg"},
    };

    private BenchData() {
    }

    /** Megapixels in one copy of the dataset. */
    static double megapixelsPerCopy() {
        double mp = 0;
        for (Object[] s : SIZES) {
            mp += (Integer) s[0] * (double) (Integer) s[1] / 1e6;
        }
        return mp;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: BenchData dataset DIR COPIES | large FILE W H"
                    + " | photo FILE SIZE jpeg|png | small DIR COUNT");
        }
        switch (args[0]) {
            case "dataset" -> dataset(Path.of(args[1]), Integer.parseInt(args[2]));
            case "large" -> write(Path.of(args[1]), BenchImages.jpeg(
                    BenchImages.photo(Integer.parseInt(args[2]), Integer.parseInt(args[3]), 7), 0.9f));
            case "photo" -> write(Path.of(args[1]), DecodeBenchmark.encoded(args[3], Integer.parseInt(args[2])));
            case "small" -> small(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    /** Copy k of the dataset goes to {@code dir/copy-k/}; the images of copy k use seeds 100k + i. */
    static List<Path> dataset(Path dir, int copies) throws IOException {
        List<Path> written = new ArrayList<>();
        for (int k = 0; k < copies; k++) {
            for (int i = 0; i < SIZES.length; i++) {
                int w = (Integer) SIZES[i][0];
                int h = (Integer) SIZES[i][1];
                String format = (String) SIZES[i][2];
                Path file = dir.resolve("copy-" + k).resolve(String.format("img-%02d-%dx%d.%s", i, w, h,
                        format.equals("jpeg") ? "jpg" : "png"));
                if (Files.exists(file)) {
                    continue;
                }
                BufferedImage photo = BenchImages.photo(w, h, 100L * k + i);
                write(file, format.equals("jpeg") ? BenchImages.jpeg(photo, 0.9f) : BenchImages.png(photo));
                written.add(file);
            }
        }
        return written;
    }

    private static void small(Path dir, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            Path file = dir.resolve(String.format("d%02d/small-%05d.jpg", i / 1000, i));
            if (!Files.exists(file)) {
                int w = 64 + (i * 7) % 97;
                int h = 48 + (i * 13) % 73;
                write(file, BenchImages.jpeg(BenchImages.photo(w, h, i), 0.85f));
            }
        }
    }

    private static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
