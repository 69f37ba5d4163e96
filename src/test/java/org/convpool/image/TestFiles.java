package org.convpool.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import java.util.stream.Stream;
import java.util.zip.Deflater;

/** Test resources and hand-made image files. */
final class TestFiles {
    private TestFiles() {
    }

    /** A folder or file under src/test/resources, as copied to the test classpath. */
    static Path resource(String name) {
        URL url = TestFiles.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource missing: " + name);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The format fixtures (resources/formats/images) that decode, in path order: not those damaged on purpose, which
     * the failure tests cover.
     */
    static List<Path> decodableFormatImages() {
        try (Stream<Path> all = Files.walk(resource("formats").resolve("images"))) {
            return all.filter(Files::isRegularFile).sorted().filter(TestFiles::decodes).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean decodes(Path file) {
        try {
            ImageDecoder.decodeGrey(Files.readAllBytes(file), DecodeLimits.defaults());
            return true;
        } catch (ImageDecodeException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a test image, by its path relative to resources/images. */
    static byte[] image(String relative) {
        try {
            return Files.readAllBytes(resource("images").resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A PNG built chunk by chunk, so tests can claim any header. {@code scanlines} are the raw
     * rows, each already prefixed with its filter byte; {@code extraChunks} go between IHDR and IDAT
     * as alternating type names and data.
     */
    static byte[] png(int width, int height, int bitDepth, int colourType, byte[] scanlines, Object... extraChunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) bitDepth).put((byte) colourType).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        for (int i = 0; i < extraChunks.length; i += 2) {
            chunk(out, (String) extraChunks[i], (byte[]) extraChunks[i + 1]);
        }
        chunk(out, "IDAT", deflate(scanlines));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /**
     * A TIFF-structured EXIF block holding one IFD0 entry, Orientation = {@code orientation},
     * big- or little-endian, without the "Exif\0\0" prefix (as a PNG eXIf chunk holds it).
     */
    static byte[] exifTiff(int orientation, boolean littleEndian) {
        ByteBuffer b = ByteBuffer.allocate(26);
        b.order(littleEndian ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
        b.put(littleEndian ? (byte) 'I' : (byte) 'M').put(littleEndian ? (byte) 'I' : (byte) 'M');
        b.putShort((short) 42).putInt(8);           // TIFF header, IFD0 at offset 8
        b.putShort((short) 1);                      // one entry
        b.putShort((short) 0x0112).putShort((short) 3).putInt(1); // Orientation, SHORT, count 1
        b.putShort((short) orientation).putShort((short) 0);
        b.putInt(0);                                // no next IFD
        return b.array();
    }

    /** {@code jpeg} with an APP1 Exif segment carrying {@code orientation} inserted after SOI. */
    static byte[] withExif(byte[] jpeg, int orientation, boolean littleEndian) {
        byte[] tiff = exifTiff(orientation, littleEndian);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int length = 2 + 6 + tiff.length;
        out.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        out.writeBytes("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
