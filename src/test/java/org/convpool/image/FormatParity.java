package org.convpool.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.convpool.engine.Engine;
import org.convpool.engine.Features;
import org.convpool.engine.FilterBank;
import org.convpool.engine.Geometry;
import org.convpool.engine.GreyImage;
import org.convpool.engine.MapStats;
import org.convpool.testing.Golden;

/**
 * How one format fixture decodes here compared with the real OpenCV 4.6 + PyTorch run: the
 * outcomes, the decoded BGR against OpenCV's own (stored losslessly beside the fixture), the grey
 * hash, and the pooled maps and statistics against the golden record.
 *
 * @param fixture        path under {@code formats/images}, '/'-separated
 * @param reference      the golden outcome: {@code ok} or the reference's error reason
 * @param outcome        ours: {@code ok} or our error reason
 * @param message        our error message, or null
 * @param pixelSource    who made the expected pixels: {@code opencv}, {@code pillow} (GIF, which OpenCV 4.6
 *                       cannot read), or null when there are none
 * @param sizeMatches    whether our width and height equal the expected ones (false when either failed)
 * @param bgrMaxDiff     largest |ours - expected| over all BGR samples, 0..255; -1 when not compared
 * @param bgrDiffShare   share of pixels with any channel different, 0..1; -1 when not compared
 * @param greyMatches    whether our grey SHA-256 equals the reference's {@code gray_sha256}
 * @param pooledMaxDiff  largest |ours - reference| over the pooled maps; NaN when not compared
 * @param statsMaxDiff   largest difference of min, max, mean or std over all maps; NaN when not compared
 * @param zeroFractionsInRange whether every map's zero fraction lies in the reference's allowed range
 */
record FormatParity(String fixture, String reference, String outcome, String message, String pixelSource,
        boolean sizeMatches, int bgrMaxDiff, double bgrDiffShare, boolean greyMatches, double pooledMaxDiff,
        double statsMaxDiff, boolean zeroFractionsInRange) {

    static final String OK = "ok";
    private static final Engine ENGINE = new Engine(FilterBank.seed(), Geometry.defaults());

    /** The fixtures folder on the test classpath. */
    static Path root() {
        return TestFiles.resource("formats");
    }

    /** Every fixture, sorted: format folder, then name. */
    static List<String> fixtures() {
        Path images = root().resolve("images");
        try (Stream<Path> walk = Files.walk(images)) {
            return walk.filter(Files::isRegularFile)
                    .map(p -> images.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The format folder of a fixture, for example {@code jpeg}. */
    String format() {
        return fixture.substring(0, fixture.indexOf('/'));
    }

    /** The fixture's name without its folder. */
    String variant() {
        return fixture.substring(fixture.indexOf('/') + 1);
    }

    boolean bothDecoded() {
        return outcome.equals(OK) && reference.equals(OK);
    }

    /** Decoded BGR identical to the expected pixels, grey hash equal, features within the contract's tolerance. */
    boolean exact() {
        return bothDecoded() && sizeMatches && bgrMaxDiff == 0 && greyMatches && pooledMaxDiff <= Golden.TOLERANCE
                && statsMaxDiff <= Golden.TOLERANCE && zeroFractionsInRange;
    }

    /** Decodes and compares one fixture. */
    static FormatParity measure(String fixture) {
        Path root = root();
        Golden.Entry golden = Golden.entry(root.resolve("golden"), fixture);
        String reference = golden.isError() ? golden.reason() : OK;
        byte[] bytes = read(root.resolve("images").resolve(fixture));

        Bgr ours;
        try {
            ours = ImageDecoder.decodeBgr(bytes, DecodeLimits.defaults());
        } catch (ImageDecodeException e) {
            return new FormatParity(fixture, reference, e.reason().label(), e.getMessage(), pixelSource(root, fixture),
                    false, -1, -1, false, Double.NaN, Double.NaN, false);
        }
        String source = pixelSource(root, fixture);
        Bgr expected = source == null ? null : expectedPixels(root, fixture, source);
        boolean sizeMatches = expected != null && expected.width() == ours.width() && expected.height() == ours.height();
        int maxDiff = -1;
        double share = -1;
        if (sizeMatches) {
            byte[] a = ours.pixels();
            byte[] b = expected.pixels();
            int differing = 0;
            maxDiff = 0;
            for (int i = 0; i < a.length; i += 3) {
                int d = Math.max(Math.abs((a[i] & 0xFF) - (b[i] & 0xFF)), Math.max(
                        Math.abs((a[i + 1] & 0xFF) - (b[i + 1] & 0xFF)), Math.abs((a[i + 2] & 0xFF) - (b[i + 2] & 0xFF))));
                maxDiff = Math.max(maxDiff, d);
                differing += d == 0 ? 0 : 1;
            }
            share = differing / (double) (ours.width() * ours.height());
        }
        if (golden.isError()) {
            return new FormatParity(fixture, reference, OK, null, source, sizeMatches, maxDiff, share, false,
                    Double.NaN, Double.NaN, false);
        }
        GreyImage grey = GreyConversion.toGrey(ours);
        boolean greyMatches = golden.greySha256OrNull().equals(TestFiles.sha256(grey.pixels()));
        double pooledDiff = Double.NaN;
        double statsDiff = Double.NaN;
        boolean zerosInRange = false;
        if (grey.width() == golden.width() && grey.height() == golden.height() && ENGINE.fits(grey.height(), grey.width())) {
            Features f = ENGINE.run(grey);
            pooledDiff = Golden.maxAbsDifference(golden.pooled(), f.pooledMaps());
            statsDiff = 0;
            zerosInRange = true;
            List<Golden.Stat> stats = golden.stats();
            for (int i = 0; i < stats.size(); i++) {
                Golden.Stat e = stats.get(i);
                MapStats s = f.stats().get(i);
                statsDiff = Math.max(statsDiff, Math.max(Math.max(Math.abs(e.min() - s.min()), Math.abs(e.max() - s.max())),
                        Math.max(Math.abs(e.mean() - s.mean()), Math.abs(e.std() - s.std()))));
                zerosInRange &= s.zeroFraction() >= e.zeroFractionLow() - 1e-12
                        && s.zeroFraction() <= e.zeroFractionHigh() + 1e-12;
            }
        }
        return new FormatParity(fixture, reference, OK, null, source, sizeMatches, maxDiff, share, greyMatches,
                pooledDiff, statsDiff, zerosInRange);
    }

    private static String pixelSource(Path root, String fixture) {
        for (String source : new String[] {"opencv", "pillow"}) {
            if (Files.exists(root.resolve("reference").resolve(fixture + "." + source + ".png"))) {
                return source;
            }
        }
        return null;
    }

    private static Bgr expectedPixels(Path root, String fixture, String source) {
        // Written by cv2.imwrite as an 8-bit RGB PNG: a layout whose decoding the golden seed set proves exact.
        try {
            return ImageDecoder.decodeBgr(read(root.resolve("reference").resolve(fixture + "." + source + ".png")),
                    DecodeLimits.defaults());
        } catch (ImageDecodeException e) {
            throw new IllegalStateException("reference pixels of " + fixture + " do not decode: " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
