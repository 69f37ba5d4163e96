package org.convpool.engine;

import static org.convpool.engine.ConvolutionTest.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final Geometry[] GEOMETRIES = {
        Geometry.defaults(),
        new Geometry(2, 1, 3, 2),
        new Geometry(1, 3, 2, 1),
        new Geometry(3, 0, 1, 1),
        new Geometry(1, 2, 3, 4),
    };

    @Test
    void matchesTheNaiveStepsComposedByHand() throws FilterBankException {
        final Random random = new Random(1234L);
        final List<FilterBank> banks = List.of(FilterBank.seed(), randomBank(random, 3, 2, 5),
                randomBank(random, 1, 1, 1), randomBank(random, 2, 5, 4), randomBank(random, 2, 7, 7));
        int runs = 0;
        for (FilterBank bank : banks) {
            for (Geometry geometry : GEOMETRIES) {
                final Engine engine = new Engine(bank, geometry);
                for (int trial = 0; trial < 3; trial++) {
                    final GreyImage image = randomImage(random, 1 + random.nextInt(45), 1 + random.nextInt(45));
                    if (!engine.fits(image.height(), image.width())) {
                        assertThrows(IllegalArgumentException.class, () -> engine.run(image));
                        continue;
                    }
                    final Recorder recorder = new Recorder();
                    final Features features = engine.run(image, recorder);
                    assertMatchesReference(bank, geometry, image, features, recorder);
                    runs++;
                }
            }
        }
        assertTrue(runs >= 50, "only " + runs + " images fitted");
    }

    @Test
    void seedBankOnHandComputedImage() {
        // one white pixel at row 1, column 1 of a black 4x4 image; the high-pass gives [[8, -1], [-1, -1]]
        final byte[] pixels = new byte[16];
        pixels[4 + 1] = (byte) 255;
        final Recorder recorder = new Recorder();
        final Features f = new Engine(FilterBank.seed(), Geometry.defaults()).run(new GreyImage(4, 4, pixels),
                recorder);
        assertEquals(4, f.height());
        assertEquals(4, f.width());
        assertEquals(4, f.channels());
        assertEquals(1, f.pooledHeight());
        assertEquals(1, f.pooledWidth());
        assertArrayEquals(new float[] {8, 1, 8, 1}, f.pooledMaps());
        assertArrayEquals(new float[] {8, -1, -1, -1}, recorder.map(Stage.CONV, 0));
        assertArrayEquals(new float[] {-8, 1, 1, 1}, recorder.map(Stage.CONV, 1));
        assertArrayEquals(new float[] {8, 0, 0, 0}, recorder.map(Stage.RELU, 2));
        assertArrayEquals(new float[] {0, 1, 1, 1}, recorder.map(Stage.RELU, 3));

        assertStats(f.stats().get(0), Stage.CONV, 0, 2, 2, -1, 8, 1.25, Math.sqrt(15.1875), 0);
        assertStats(f.stats().get(5), Stage.RELU, 1, 2, 2, 0, 1, 0.75, Math.sqrt(0.1875), 0.25);
        assertStats(f.stats().get(6), Stage.RELU, 2, 2, 2, 0, 8, 2, Math.sqrt(12), 0.75);
        assertStats(f.stats().get(11), Stage.POOL, 3, 1, 1, 1, 1, 1, 0, 0);
    }

    @Test
    void scalesGreyLevelsAsFloat32DivisionBy255() throws FilterBankException {
        // a 1x1 identity filter without pooling exposes the scaled image itself
        final FilterBank identity = FilterBank.parse("{\"filters\": [{\"weights\": [[1]]}]}", "identity.json");
        final byte[] pixels = new byte[256];
        for (int g = 0; g < 256; g++) {
            pixels[g] = (byte) g;
        }
        final Features f = new Engine(identity, new Geometry(1, 0, 1, 1)).run(new GreyImage(16, 16, pixels));
        for (int g = 0; g < 256; g++) {
            assertEquals(Float.floatToIntBits((float) g / 255f), Float.floatToIntBits(f.pooledMaps()[g]), "grey " + g);
        }
    }

    @Test
    void sinkSeesEveryStageAndFilterOnceInPipelineOrder() {
        final Engine engine = new Engine(FilterBank.seed(), new Geometry(1, 1, 3, 2));
        final Recorder recorder = new Recorder();
        final Features f = engine.run(randomImage(new Random(8L), 21, 17), recorder);
        final int oh = 21 + 2 - 3 + 1;
        final int ow = 17 + 2 - 3 + 1;
        final int ph = (oh - 3) / 2 + 1;
        final int pw = (ow - 3) / 2 + 1;
        assertEquals(12, recorder.calls.size());
        for (int c = 0; c < 4; c++) {
            for (int s = 0; s < 3; s++) {
                final Call call = recorder.calls.get(3 * c + s);
                assertEquals(Stage.values()[s], call.stage);
                assertEquals(c, call.filter);
                assertEquals(call.stage == Stage.POOL ? ph : oh, call.height);
                assertEquals(call.stage == Stage.POOL ? pw : ow, call.width);
                if (call.stage != Stage.CONV) {
                    for (float v : call.map) {
                        assertTrue(v >= 0f, call.stage + " map " + c + " has " + v);
                    }
                }
            }
            assertArrayEquals(Arrays.copyOfRange(f.pooledMaps(), c * ph * pw, (c + 1) * ph * pw),
                    recorder.map(Stage.POOL, c));
        }
        assertTrue(recorder.map(Stage.CONV, 0).length > 0);
        assertTrue(ConvolutionTest.sumAbs(f.pooledMaps()) != 0);
    }

    @Test
    void outputSizesFollowTheGeometry() {
        final Engine engine = new Engine(FilterBank.seed(), new Geometry(2, 1, 2, 3));
        final Features f = engine.run(randomImage(new Random(2L), 30, 19));
        // conv: (30 + 2 - 3) / 2 + 1 = 15 rows, (19 + 2 - 3) / 2 + 1 = 10 columns; pool: 5 x 3
        assertEquals(30, f.height());
        assertEquals(19, f.width());
        assertEquals(5, f.pooledHeight());
        assertEquals(3, f.pooledWidth());
        assertEquals(4 * 5 * 3, f.pooledMaps().length);
        assertEquals(12, f.stats().size());
        for (int i = 0; i < 12; i++) {
            final MapStats s = f.stats().get(i);
            assertEquals(Stage.values()[i / 4], s.stage());
            assertEquals(i % 4, s.filter());
            assertEquals(s.stage() == Stage.POOL ? 5 : 15, s.height());
            assertEquals(s.stage() == Stage.POOL ? 3 : 10, s.width());
        }
    }

    @Test
    void fitsOnlyWhenThePooledMapIsNonEmpty() {
        final Engine seed = new Engine(FilterBank.seed(), Geometry.defaults());
        assertTrue(seed.fits(4, 4));
        assertTrue(seed.fits(4, 1000));
        assertFalse(seed.fits(3, 1000));
        assertFalse(seed.fits(1000, 3));
        assertFalse(seed.fits(0, 10));
        assertFalse(seed.fits(-4, 10));
        final Engine padded = new Engine(FilterBank.seed(), new Geometry(1, 1, 2, 2));
        assertTrue(padded.fits(2, 2));
        assertFalse(padded.fits(1, 2));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> seed.run(new GreyImage(3, 5, new byte[15])));
        assertTrue(e.getMessage().contains("too small"), e.getMessage());
    }

    @Test
    void engineAndFeaturesSurviveJavaSerialisation() throws Exception {
        final Engine engine = new Engine(FilterBank.seed(), new Geometry(1, 1, 2, 2));
        final GreyImage image = randomImage(new Random(4L), 9, 12);
        final Engine copy = roundTrip(engine);
        final Features expected = engine.run(image);
        final Features actual = roundTrip(copy.run(image));
        assertArrayEquals(expected.pooledMaps(), actual.pooledMaps());
        assertEquals(expected.stats(), actual.stats());
        assertEquals(engine.bank(), copy.bank());
        assertEquals(engine.geometry(), copy.geometry());
    }

    @Test
    void greyImageValidatesItsSize() {
        assertThrows(IllegalArgumentException.class, () -> new GreyImage(3, 2, new byte[5]));
        assertThrows(IllegalArgumentException.class, () -> new GreyImage(0, 2, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new GreyImage(65536, 65536, new byte[0]));
        final GreyImage image = new GreyImage(3, 2, new byte[] {0, 1, 2, 3, 4, (byte) 200});
        assertEquals(200, image.pixel(2, 1));
        assertEquals(1, image.pixel(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> image.pixel(3, 0));
    }

    @Test
    void geometryValidatesAndComputesSizes() {
        assertThrows(IllegalArgumentException.class, () -> new Geometry(0, 0, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Geometry(1, -1, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new Geometry(1, 0, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> new Geometry(1, 0, 2, 0));
        assertEquals(new Geometry(1, 0, 2, 2), Geometry.defaults());
        assertEquals(0, Geometry.outSize(2, 3, 1, 0));
        assertEquals(1, Geometry.outSize(3, 3, 1, 0));
        assertEquals(2, Geometry.outSize(2, 3, 1, 1));
        assertEquals(3, Geometry.outSize(10, 3, 3, 0));
        assertEquals(4, Geometry.outSize(10, 3, 3, 1));
        final Geometry g = new Geometry(2, 1, 3, 2);
        assertEquals(5, g.convHeight(10, 3));
        assertEquals(4, g.convWidth(9, 4));
        assertEquals(2, g.pooledHeight(10, 3));
        assertEquals(1, g.pooledWidth(9, 4));
        assertEquals(0, g.pooledWidth(3, 4));
    }

    private static void assertMatchesReference(FilterBank bank, Geometry g, GreyImage image, Features features,
            Recorder recorder) {
        final int h = image.height();
        final int w = image.width();
        final String what = bank.name() + ", " + g + ", " + h + "x" + w;
        final float[] scaled = new float[h * w];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = (float) (image.pixels()[i] & 0xFF) / 255f;
        }
        final int kh = bank.kernelHeight();
        final int kw = bank.kernelWidth();
        final int oh = ConvolutionNaive.outSize(h, kh, g.stride(), g.padding());
        final int ow = ConvolutionNaive.outSize(w, kw, g.stride(), g.padding());
        final int ph = MaxPoolNaive.outSize(oh, g.pool(), g.poolStride());
        final int pw = MaxPoolNaive.outSize(ow, g.pool(), g.poolStride());
        assertEquals(ph, features.pooledHeight(), what);
        assertEquals(pw, features.pooledWidth(), what);
        assertEquals(bank.size(), features.channels(), what);
        final int channels = bank.size();
        final List<MapStats> expectedStats = new ArrayList<>(Arrays.asList(new MapStats[3 * channels]));
        final float[] expectedPooled = new float[channels * ph * pw];
        for (int c = 0; c < channels; c++) {
            final float[] conv = ConvolutionNaive.convolve(scaled, h, w, bank.filters().get(c).weights(), kh, kw,
                    g.stride(), g.padding());
            final float[] relu = new float[conv.length];
            for (int i = 0; i < conv.length; i++) {
                relu[i] = Math.max(0f, conv[i]);
            }
            final float[] pool = MaxPoolNaive.pool(relu, oh, ow, g.pool(), g.poolStride());
            System.arraycopy(pool, 0, expectedPooled, c * ph * pw, pool.length);
            assertBitsEqual(conv, recorder.map(Stage.CONV, c), what + ", conv " + c);
            assertBitsEqual(relu, recorder.map(Stage.RELU, c), what + ", relu " + c);
            assertBitsEqual(pool, recorder.map(Stage.POOL, c), what + ", pool " + c);
            expectedStats.set(c, MapStatistics.of(Stage.CONV, c, conv, oh, ow));
            expectedStats.set(channels + c, MapStatistics.of(Stage.RELU, c, relu, oh, ow));
            expectedStats.set(2 * channels + c, MapStatistics.of(Stage.POOL, c, pool, ph, pw));
            MapStatisticsTest.assertMatchesReference(conv, oh, ow, what + ", conv " + c);
        }
        assertBitsEqual(expectedPooled, features.pooledMaps(), what + ", pooled");
        assertEquals(expectedStats, features.stats(), what);
    }

    private static void assertStats(MapStats s, Stage stage, int filter, int h, int w, double min, double max,
            double mean, double std, double zeroFraction) {
        assertEquals(stage, s.stage());
        assertEquals(filter, s.filter());
        assertEquals(h, s.height());
        assertEquals(w, s.width());
        assertEquals(min, s.min());
        assertEquals(max, s.max());
        assertEquals(mean, s.mean(), 1e-12);
        assertEquals(std, s.std(), 1e-12);
        assertEquals(zeroFraction, s.zeroFraction(), 1e-15);
    }

    static GreyImage randomImage(Random random, int height, int width) {
        final byte[] pixels = new byte[height * width];
        random.nextBytes(pixels);
        return new GreyImage(width, height, pixels);
    }

    /** A bank of {@code count} filters of Gaussian weights with up to four decimals, through the JSON parser. */
    static FilterBank randomBank(Random random, int count, int kh, int kw) throws FilterBankException {
        final StringBuilder json = new StringBuilder("{\"name\": \"random\", \"filters\": [");
        for (int f = 0; f < count; f++) {
            json.append(f == 0 ? "" : ", ").append("{\"weights\": [");
            for (int r = 0; r < kh; r++) {
                json.append(r == 0 ? "[" : ", [");
                for (int c = 0; c < kw; c++) {
                    json.append(c == 0 ? "" : ", ").append(Math.round(random.nextGaussian() * 10_000) / 10_000.0);
                }
                json.append(']');
            }
            json.append("]}");
        }
        return FilterBank.parse(json.append("]}").toString(), "random.json");
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    private record Call(Stage stage, int filter, float[] map, int height, int width) {
    }

    /** Keeps a copy of every map, since the engine reuses its buffer. */
    private static final class Recorder implements MapSink {
        final List<Call> calls = new ArrayList<>();

        @Override
        public void accept(Stage stage, int filter, float[] map, int height, int width) {
            calls.add(new Call(stage, filter, Arrays.copyOf(map, height * width), height, width));
        }

        float[] map(Stage stage, int filter) {
            float[] found = null;
            for (Call call : calls) {
                if (call.stage == stage && call.filter == filter) {
                    assertEquals(null, found, "the sink saw " + stage + " " + filter + " twice");
                    found = call.map;
                }
            }
            assertTrue(found != null, "the sink never saw " + stage + " " + filter);
            return found;
        }
    }
}
