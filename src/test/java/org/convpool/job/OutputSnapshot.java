package org.convpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a run's output says, in a form two runs can be compared by: every table row (as
 * text, sorted, with the input folder replaced so runs over copies compare equal), and every
 * picture's bytes. {@code run.json} is left out: it holds times.
 */
record OutputSnapshot(Map<String, List<String>> tables, Map<String, String> pictures) {

    static OutputSnapshot of(SparkSession spark, Path output, Path input) {
        return of(spark, output, "file:" + input.toAbsolutePath());
    }

    /** A local output, whose inputs' paths start with {@code prefix} (for example {@code hdfs://host:port/in}). */
    static OutputSnapshot of(SparkSession spark, Path output, String prefix) {
        Map<String, List<String>> tables = new TreeMap<>();
        for (String table : List.of("features", "stats", "errors", "summary")) {
            List<String> rows = new ArrayList<>();
            for (Row r : spark.read().parquet(output.resolve(table).toString()).collectAsList()) {
                rows.add(text(r).replace(prefix, "<input>"));
            }
            rows.sort(null);
            tables.put(table, rows);
        }
        Map<String, String> pictures = new TreeMap<>();
        Path png = output.resolve("png");
        if (Files.isDirectory(png)) {
            try (Stream<Path> files = Files.walk(png)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".crc")) {
                        pictures.put(png.relativize(p).toString(), sha256(Files.readAllBytes(p)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new OutputSnapshot(tables, pictures);
    }

    /** Fails with a short account of the differences, if there are any. */
    void assertSameAs(OutputSnapshot expected) {
        StringBuilder diff = new StringBuilder();
        for (String table : expected.tables.keySet()) {
            List<String> missing = new ArrayList<>(expected.tables.get(table));
            missing.removeAll(tables.get(table));
            List<String> extra = new ArrayList<>(tables.get(table));
            extra.removeAll(expected.tables.get(table));
            if (!missing.isEmpty() || !extra.isEmpty() || expected.rows(table) != rows(table)) {
                diff.append(String.format("%s: %d rows, expected %d; missing %s; unexpected %s%n", table, rows(table),
                        expected.rows(table), head(missing), head(extra)));
            }
        }
        if (!pictures.equals(expected.pictures)) {
            Map<String, String> missing = new TreeMap<>(expected.pictures);
            missing.keySet().removeAll(pictures.keySet());
            Map<String, String> extra = new TreeMap<>(pictures);
            extra.keySet().removeAll(expected.pictures.keySet());
            long changed = expected.pictures.entrySet().stream()
                    .filter(e -> pictures.containsKey(e.getKey()) && !pictures.get(e.getKey()).equals(e.getValue()))
                    .count();
            diff.append(String.format("png: missing %s; unexpected %s; %d changed%n", head(List.copyOf(missing.keySet())),
                    head(List.copyOf(extra.keySet())), changed));
        }
        if (diff.length() > 0) {
            throw new AssertionError("outputs differ:\n" + diff);
        }
    }

    private static String head(List<String> items) {
        return items.size() <= 3 ? items.toString() : items.subList(0, 3) + " and " + (items.size() - 3) + " more";
    }

    /** How many rows a table has. */
    int rows(String table) {
        return tables.get(table).size();
    }

    private static String text(Row r) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < r.length(); i++) {
            Object v = r.get(i);
            if (v instanceof scala.collection.Seq<?>) {
                // Pooled maps: their exact bits, hashed, keep the text short.
                StringBuilder values = new StringBuilder();
                for (Object x : r.getList(i)) {
                    values.append(Float.floatToIntBits((Float) x)).append(',');
                }
                v = "pooled:" + sha256(values.toString().getBytes(StandardCharsets.US_ASCII));
            }
            b.append(v).append('|');
        }
        return b.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
