package org.convpool.engine;

import static org.convpool.engine.ConvolutionTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused engine against the plain one: pooled values and every row bit for bit, min, max and zero fractions
 * exactly, means and standard deviations within 1e-6.
 */
class EngineFusedTest {
    private static final double MOMENT_TOLERANCE = 1e-6;

    private static final Geometry[] GEOMETRIES = {
        Geometry.defaults(),
        new Geometry(2, 1, 3, 2),
        new Geometry(1, 3, 2, 1),
        new Geometry(3, 0, 1, 1),
        new Geometry(1, 2, 3, 4),
        new Geometry(1, 0, 3, 3),
        new Geometry(2, 0, 2, 1),
        new Geometry(4, 2, 2, 2),
        new Geometry(1, 1, 1, 3),
    };

    @Test
    void matchesThePlainEngineOnRandomImages() throws FilterBankException {
        final Random random = new Random(20_261_126L);
        final List<FilterBank> banks = List.of(FilterBank.seed(), EngineTest.randomBank(random, 3, 2, 5),
                EngineTest.randomBank(random, 1, 1, 1), EngineTest.randomBank(random, 2, 5, 4),
                EngineTest.randomBank(random, 2, 7, 7), EngineTest.randomBank(random, 8, 5, 5),
                EngineTest.randomBank(random, 2, 1, 4), EngineTest.randomBank(random, 3, 3, 3));
        int runs = 0;
        for (FilterBank bank : banks) {
            for (Geometry geometry : GEOMETRIES) {
                final Engine engine = new Engine(bank, geometry);
                for (int trial = 0; trial < 3; trial++) {
                    final GreyImage image = EngineTest.randomImage(random, 1 + random.nextInt(70),
                            1 + random.nextInt(150));
                    if (!engine.fits(image.height(), image.width())) {
                        assertThrows(IllegalArgumentException.class, () -> engine.run(image));
                        continue;
                    }
                    assertSameAsPlain(engine, image);
                    runs++;
                }
            }
        }
        assertTrue(runs >= 120, "only " + runs + " images fitted");
    }

    @Test
    void negatedFiltersMatchThePlainEngineBitForBit() throws FilterBankException {
        // B and E negate A and C (B with a zero of the other sign), D repeats A, F repeats B: B and E are made from A's
        // and C's conv rows by a subtraction, which must give exactly the plain engine's sums (zeros too: +0f)
        final String a = "[[-1, 0.25, -0.0], [0.5, 8, -1], [-1, -1, 3.75]]";
        final String b = "[[1, -0.25, 0.0], [-0.5, -8, 1], [1, 1, -3.75]]";
        final String c = "[[0.3, -0.7, 0.1], [2, -1.5, 0.9], [-0.2, 0.6, -1.1]]";
        final String e = "[[-0.3, 0.7, -0.1], [-2, 1.5, -0.9], [0.2, -0.6, 1.1]]";
        final StringBuilder json = new StringBuilder("{\"name\": \"negations\", \"filters\": [");
        final String[] weights = {a, b, c, a, e, b};
        for (int f = 0; f < weights.length; f++) {
            json.append(f == 0 ? "" : ", ").append("{\"weights\": ").append(weights[f]).append('}');
        }
        final FilterBank bank = FilterBank.parse(json.append("]}").toString(), "negations.json");
        final Random random = new Random(31L);
        final byte[] flat = new byte[40 * 70];
        java.util.Arrays.fill(flat, (byte) 128);
        for (Geometry geometry : GEOMETRIES) {
            final Engine engine = new Engine(bank, geometry);
            assertEquals(0, engine.repeatOf(3));
            assertEquals(1, engine.repeatOf(5));
            for (GreyImage image : List.of(photoLike(random, 61, 97), EngineTest.randomImage(random, 23, 131),
                    new GreyImage(70, 40, flat))) {
                if (engine.fits(image.height(), image.width())) {
                    assertSameAsPlain(engine, image);
                }
            }
        }
        assertSameAsPlain(new Engine(bank, Geometry.defaults()), photoLike(random, 203, 1031));
    }

    @Test
    void matchesThePlainEngineOnLargerImagesAndAWideRow() throws FilterBankException {
        final Random random = new Random(77L);
        // several flushes of the float lanes, widths that are not a multiple of the lane count, and one long row
        assertSameAsPlain(new Engine(FilterBank.seed(), Geometry.defaults()), photoLike(random, 611, 347));
        assertSameAsPlain(new Engine(EngineTest.randomBank(random, 4, 5, 5), new Geometry(1, 2, 2, 2)),
                photoLike(random, 203, 1031));
        assertSameAsPlain(new Engine(EngineTest.randomBank(random, 2, 3, 7), new Geometry(1, 0, 3, 2)),
                EngineTest.randomImage(random, 9, 20_000));
    }

    @Test
    void matchesThePlainEngineOnFlatAndHalfFlatImages() throws FilterBankException {
        final Random random = new Random(5L);
        final FilterBank smoothing = FilterBank.parse(
                "{\"filters\": [{\"weights\": [[0.5, 1, 0.5], [1, 2, 1], [0.5, 1, 0.5]]},"
                        + " {\"weights\": [[-3, 0, 3], [-3, 0, 3], [-3, 0, 3]]}]}", "smoothing.json");
        for (FilterBank bank : List.of(FilterBank.seed(), smoothing, EngineTest.randomBank(random, 3, 4, 4))) {
            final Engine engine = new Engine(bank, new Geometry(1, 1, 2, 2));
            for (int level : new int[] {0, 1, 128, 255}) {
                assertSameAsPlain(engine, flat(101, 67, level, -1));
                // dark rows on top, then a flat bright area: the first row is a poor guess of the mean
                assertSameAsPlain(engine, flat(150, 90, level, 255 - level));
            }
        }
    }

    @Test
    void filtersThatRepeatAnEarlierOneGetTheSameResults() throws FilterBankException {
        // the fused engine computes a repeated filter once and copies its results; the plain one computes every filter
        final FilterBank bank = FilterBank.parse("{\"filters\": ["
                + "{\"weights\": [[1, 2], [3, -4], [0.5, 0]]},"
                + "{\"weights\": [[-1, 0], [2, 2], [1, 1]]},"
                + "{\"weights\": [[1, 2], [3, -4], [0.5, 0]]},"
                + "{\"weights\": [[-1, 0], [2, 2], [1, -1]]},"
                + "{\"weights\": [[-1, 0], [2, 2], [1, 1]]}]}", "repeats.json");
        for (Geometry geometry : GEOMETRIES) {
            final Engine engine = new Engine(bank, geometry);
            final GreyImage image = photoLike(new Random(geometry.hashCode()), 61, 47);
            if (engine.fits(image.height(), image.width())) {
                assertSameAsPlain(engine, image);
            }
        }
    }

    @Test
    void rowsOnlyGivesTheSameRowsAsAFullRun() throws FilterBankException {
        final Random random = new Random(9L);
        final Engine engine = new Engine(EngineTest.randomBank(random, 3, 3, 2), new Geometry(2, 1, 3, 2));
        final GreyImage image = EngineTest.randomImage(random, 57, 43);
        final RowRecorder full = new RowRecorder();
        engine.runRows(image, full);
        final RowRecorder replay = new RowRecorder();
        engine.rows(image, replay);
        assertEquals(full.order, replay.order);
        for (Map.Entry<String, float[]> e : full.rows.entrySet()) {
            assertBitsEqual(e.getValue(), replay.rows.get(e.getKey()), e.getKey());
        }
    }

    @Test
    void rowsArriveInThePromisedOrder() {
        final Engine engine = new Engine(FilterBank.seed(), new Geometry(1, 0, 3, 2));
        final RowRecorder recorder = new RowRecorder();
        engine.runRows(EngineTest.randomImage(new Random(3L), 9, 8), recorder);
        // conv rows 0..6; pooled row 0 completes at conv row 2, row 1 at conv row 4, row 2 at conv row 6;
        // filters 2 and 3 repeat 0 and 1, so each of their rows follows the same row of the filter they repeat
        assertEquals(List.of(0, 1, 0, 1), List.of(engine.repeatOf(0), engine.repeatOf(1), engine.repeatOf(2),
                engine.repeatOf(3)));
        final List<String> expected = new ArrayList<>();
        for (int y = 0; y < 7; y++) {
            for (int c = 0; c < 2; c++) {
                expected.add("conv " + c + " " + y);
                expected.add("conv " + (c + 2) + " " + y);
                expected.add("relu " + c + " " + y);
                expected.add("relu " + (c + 2) + " " + y);
                if (y >= 2 && y % 2 == 0) {
                    expected.add("pool " + c + " " + (y - 2) / 2);
                    expected.add("pool " + (c + 2) + " " + (y - 2) / 2);
                }
            }
        }
        assertEquals(expected, recorder.order);
    }

    @Test
    void theSimdLoopsAreTestedHere() {
        // the build starts test JVMs with --add-modules=jdk.incubator.vector; without it every test here would only
        // check the plain loops against the plain engine
        assertTrue(Simd.enabled(), Simd.describe());
    }

    /**
     * Runs the plain engine and the fused one, with the SIMD row loops and without, and compares everything, including
     * every row the fused engine hands out.
     */
    static void assertSameAsPlain(Engine engine, GreyImage image) {
        final MapRecorder maps = new MapRecorder();
        final Features plain = engine.run(image, maps);
        assertSameAsPlain(engine, image, plain, maps, false);
        assertSameAsPlain(engine, image, plain, maps, true);
    }

    private static void assertSameAsPlain(Engine engine, GreyImage image, Features plain, MapRecorder maps,
            boolean simd) {
        final String what = engine + ", " + image + (simd ? ", SIMD" : ", plain loops");
        final RowRecorder rows = new RowRecorder();
        final Features fused = engine.runRows(image, rows, simd);
        assertEquals(plain.height(), fused.height(), what);
        assertEquals(plain.width(), fused.width(), what);
        assertEquals(plain.channels(), fused.channels(), what);
        assertEquals(plain.pooledHeight(), fused.pooledHeight(), what);
        assertEquals(plain.pooledWidth(), fused.pooledWidth(), what);
        assertBitsEqual(plain.pooledMaps(), fused.pooledMaps(), what + ", pooled");
        for (Map.Entry<String, float[]> e : maps.maps.entrySet()) {
            final String key = e.getKey();
            final float[] map = e.getValue();
            final int width = maps.widths.get(key);
            for (int y = 0; y < map.length / width; y++) {
                final float[] expected = java.util.Arrays.copyOfRange(map, y * width, (y + 1) * width);
                assertBitsEqual(expected, rows.rows.get(key + " " + y), what + ", " + key + " row " + y);
            }
            assertTrue(!rows.rows.containsKey(key + " " + map.length / width), what + ", extra rows of " + key);
        }
        assertEquals(plain.stats().size(), fused.stats().size(), what);
        for (int i = 0; i < plain.stats().size(); i++) {
            final MapStats p = plain.stats().get(i);
            final MapStats f = fused.stats().get(i);
            final String which = what + ", " + p;
            assertEquals(p.stage(), f.stage(), which);
            assertEquals(p.filter(), f.filter(), which);
            assertEquals(p.height(), f.height(), which);
            assertEquals(p.width(), f.width(), which);
            assertEquals(p.min(), f.min(), which);
            assertEquals(p.max(), f.max(), which);
            assertEquals(p.zeroFraction(), f.zeroFraction(), which);
            assertEquals(p.mean(), f.mean(), MOMENT_TOLERANCE, which);
            assertEquals(p.std(), f.std(), MOMENT_TOLERANCE, which);
        }
        assertTrue(ConvolutionTest.sumAbs(fused.pooledMaps()) != 0 || allZero(plain.pooledMaps()), what + ": trivial");
        // without a sink, repeated filters are computed once (and the SIMD loops fuse more): no change at all
        final Features alone = engine.runRows(image, RowSink.NONE, simd);
        assertBitsEqual(fused.pooledMaps(), alone.pooledMaps(), what + ", pooled without a sink");
        assertEquals(fused.stats(), alone.stats(), what + ", statistics without a sink");
    }

    private static boolean allZero(float[] values) {
        for (float v : values) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    /** Smooth blobs plus a little noise: long flat-ish runs, as photos have, rather than white noise. */
    static GreyImage photoLike(Random random, int height, int width) {
        final byte[] pixels = new byte[height * width];
        final double fx = 0.02 + random.nextDouble() * 0.05;
        final double fy = 0.02 + random.nextDouble() * 0.05;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                final double v = 128 + 90 * Math.sin(x * fx) * Math.cos(y * fy) + random.nextInt(7) - 3;
                pixels[y * width + x] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        return new GreyImage(width, height, pixels);
    }

    /** A flat image of {@code level}; if {@code lower} is not -1, its rows from a third down are {@code lower}. */
    private static GreyImage flat(int height, int width, int level, int lower) {
        final byte[] pixels = new byte[height * width];
        for (int y = 0; y < height; y++) {
            final int v = lower >= 0 && y >= height / 3 ? lower : level;
            java.util.Arrays.fill(pixels, y * width, (y + 1) * width, (byte) v);
        }
        return new GreyImage(width, height, pixels);
    }

    /** Keeps a copy of every whole map. */
    private static final class MapRecorder implements MapSink {
        final Map<String, float[]> maps = new HashMap<>();
        final Map<String, Integer> widths = new HashMap<>();

        @Override
        public void accept(Stage stage, int filter, float[] map, int height, int width) {
            final String key = stage.label() + " " + filter;
            maps.put(key, java.util.Arrays.copyOf(map, height * width));
            widths.put(key, width);
        }
    }

    /** Keeps a copy of every row, and the order they came in. */
    private static final class RowRecorder implements RowSink {
        final Map<String, float[]> rows = new HashMap<>();
        final List<String> order = new ArrayList<>();

        @Override
        public void accept(Stage stage, int filter, int y, float[] row, int width) {
            final String key = stage.label() + " " + filter + " " + y;
            assertTrue(rows.put(key, java.util.Arrays.copyOf(row, width)) == null, "twice: " + key);
            order.add(key);
        }
    }
}
