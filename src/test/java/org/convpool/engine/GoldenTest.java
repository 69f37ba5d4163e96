package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The engine against a real PyTorch run: {@code horse.png} from the shared golden outputs, seed bank, default
 * geometry. The grey pixels are stored decoded, so no image decoder is involved; their SHA-256 must equal the
 * reference's {@code gray_sha256}, which proves they are the pixels PyTorch saw.
 */
class GoldenTest {
    private static final String DIR = "/golden/seed/";
    /** The reference's grey pixels of horse.png, decoded once; see src/test/resources/engine/README.md. */
    private static final String GREY = "/engine/horse.png.grey.gz";

    @Test
    void horseMatchesPyTorchBitForBit() throws IOException, NoSuchAlgorithmException {
        // the plain engine's two-pass float64 statistics are numpy's to the last few bits
        assertHorse(true, 1e-12);
    }

    @Test
    void horseMatchesPyTorchWithTheFusedEngine() throws IOException, NoSuchAlgorithmException {
        // the fused engine's maps are bit-exact too; its single-pass means and stds are promised within 1e-6
        assertHorse(false, 1e-6);
    }

    private static void assertHorse(boolean plain, double momentTolerance) throws IOException, NoSuchAlgorithmException {
        final JsonNode meta = new ObjectMapper().readTree(bytes("horse.png.json", false));
        final byte[] grey = resource(GREY, true);
        assertEquals(meta.get("gray_sha256").asText(),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(grey)), "grey pixels");

        final int height = meta.get("height").asInt();
        final int width = meta.get("width").asInt();
        final Engine engine = new Engine(FilterBank.seed(), Geometry.defaults());
        final GreyImage image = new GreyImage(width, height, grey);
        final Features f = plain ? engine.run(image, MapSink.NONE) : engine.run(image);
        assertEquals(meta.get("channels").asInt(), f.channels());
        assertEquals(meta.get("pooled_height").asInt(), f.pooledHeight());
        assertEquals(meta.get("pooled_width").asInt(), f.pooledWidth());

        final float[] expected = new float[f.pooledMaps().length];
        final ByteBuffer raw = ByteBuffer.wrap(bytes("horse.png.pooled.f32", false)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(4L * expected.length, raw.remaining(), "pooled file size");
        raw.asFloatBuffer().get(expected);
        ConvolutionTest.assertBitsEqual(expected, f.pooledMaps(), "horse.png pooled");
        assertTrue(ConvolutionTest.sumAbs(f.pooledMaps()) != 0);

        final JsonNode stats = meta.get("stats");
        assertEquals(stats.size(), f.stats().size());
        for (int i = 0; i < stats.size(); i++) {
            final JsonNode e = stats.get(i);
            final MapStats s = f.stats().get(i);
            final String what = e.get("stage").asText() + " " + e.get("filter").asInt();
            assertEquals(e.get("stage").asText(), s.stage().label(), what);
            assertEquals(e.get("filter").asInt(), s.filter(), what);
            assertEquals(e.get("height").asInt(), s.height(), what);
            assertEquals(e.get("width").asInt(), s.width(), what);
            assertEquals(e.get("min").asDouble(), s.min(), what + " min");
            assertEquals(e.get("max").asDouble(), s.max(), what + " max");
            assertEquals(e.get("mean").asDouble(), s.mean(), momentTolerance, what + " mean");
            assertEquals(e.get("std").asDouble(), s.std(), momentTolerance, what + " std");
            // bit-exact maps have exactly PyTorch's zeros, not just a count inside zero_fraction_range
            assertEquals(e.get("zero_fraction").asDouble(), s.zeroFraction(), what + " zero fraction");
        }
    }

    private static byte[] bytes(String name, boolean gzipped) throws IOException {
        return resource(DIR + name, gzipped);
    }

    private static byte[] resource(String name, boolean gzipped) throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream(name)) {
            if (in == null) {
                fail("test resource " + name + " is missing");
            }
            return gzipped ? new GZIPInputStream(in).readAllBytes() : in.readAllBytes();
        }
    }
}
