package org.convpool.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A named list of convolution filters, all of the same height and width, read from JSON:
 *
 * <pre>{@code
 * {"name": "seed", "description": "...", "filters": [
 *   {"name": "highpass", "weights": [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]}, ...]}
 * }</pre>
 *
 * <p>{@code weights[r][c]} is row r, column c. The names and the description are optional; other top-level keys are
 * ignored.
 */
public final class FilterBank implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Where the build puts {@code conf/filters/seed.json}. */
    static final String SEED_RESOURCE = "/convpool/filters/seed.json";

    private static final String FORMAT_HINT = "see conf/filters/seed.json for the format";

    // Non-numeric numbers are accepted by the parser only so that NaN and Infinity get a precise message below;
    // duplicate keys and trailing text are refused because they hide mistakes.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    // Reads numbers as exact decimals, to quote a weight such as 1e400 as written rather than as Infinity. Not the
    // main reader, because a decimal has no -0.0.
    private static final JsonMapper EXACT = JSON.rebuild()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final String name;
    private final String description;
    private final List<Filter> filters;

    /** {@code filters} must be non-empty and all of one size. */
    FilterBank(String name, String description, List<Filter> filters) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.filters = List.copyOf(filters);
        if (this.filters.isEmpty()) {
            throw new IllegalArgumentException("a filter bank needs at least one filter");
        }
        final Filter first = this.filters.get(0);
        for (Filter f : this.filters) {
            if (f.height() != first.height() || f.width() != first.width()) {
                throw new IllegalArgumentException("all filters of a bank must have the same size");
            }
        }
    }

    /** The seed notebook's bank, four 3x3 high-pass filters, from the classpath. */
    public static FilterBank seed() {
        return Seed.BANK;
    }

    /** Loads the seed bank once, on first use. */
    private static final class Seed {
        static final FilterBank BANK = load();

        private static FilterBank load() {
            try (InputStream in = FilterBank.class.getResourceAsStream(SEED_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the seed filter bank " + SEED_RESOURCE
                            + " is missing from the classpath; rebuild the jar with mvn package");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + SEED_RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the seed filter bank " + SEED_RESOURCE, e);
            } catch (FilterBankException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    /**
     * Parses and validates a bank.
     *
     * @param json   the bank's JSON text
     * @param source the file it came from, used in error messages and, without its directory and {@code .json},
     *               as the bank's name when the JSON gives none
     * @throws FilterBankException naming {@code source} and the fault, if the bank is malformed
     */
    public static FilterBank parse(String json, String source) throws FilterBankException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        final JsonNode root;
        try {
            root = JSON.readTree(withoutBom(json));
        } catch (JsonProcessingException e) {
            final JsonLocation at = e.getLocation();
            final boolean located = at != null && at.getLineNr() > 0;
            throw fault(source, "not valid JSON" + (located ? " at line " + at.getLineNr() + ", column "
                    + at.getColumnNr() : "") + " (" + parserMessage(e.getOriginalMessage()) + "); fix the syntax"
                    + (located ? " there" : "") + ", " + FORMAT_HINT, e);
        }
        if (root == null || root.isMissingNode()) {
            throw fault(source, "the file is empty; write a JSON object with a \"filters\" array, " + FORMAT_HINT);
        }
        if (!root.isObject()) {
            throw fault(source, "the top level is " + describe(root) + ", not an object; write the bank as"
                    + " {\"name\": ..., \"filters\": [...]}, " + FORMAT_HINT);
        }
        final String name = optionalString(root, "name", "the bank's", source, baseName(source));
        final String description = optionalString(root, "description", "the bank's", source, "");
        final JsonNode list = root.get("filters");
        if (list == null) {
            throw fault(source, "there is no \"filters\" key; add"
                    + " \"filters\": [{\"name\": ..., \"weights\": [[...]]}, ...], " + FORMAT_HINT);
        }
        if (!list.isArray()) {
            throw fault(source, "\"filters\" is " + describe(list) + ", not an array; make it a list of filter"
                    + " objects such as {\"name\": \"edge\", \"weights\": [[1, 0], [0, -1]]}");
        }
        if (list.isEmpty()) {
            throw fault(source, "\"filters\" is empty; add at least one filter such as"
                    + " {\"name\": \"edge\", \"weights\": [[1, 0], [0, -1]]}");
        }
        final List<Filter> filters = new ArrayList<>(list.size());
        String firstLabel = null;
        for (int i = 0; i < list.size(); i++) {
            final JsonNode node = list.get(i);
            final String label = "filter " + i;
            if (!node.isObject()) {
                throw fault(source, label + " is " + describe(node) + ", not an object; write each filter as"
                        + " {\"name\": ..., \"weights\": [[...], ...]}");
            }
            final String given = optionalString(node, "name", label + "'s", source, null);
            final String labelled = given == null ? label : label + " (" + quoteName(given) + ")";
            final Filter filter = new Filter(given == null ? "filter-" + i : given,
                    weights(node.get("weights"), labelled, source, json, i));
            if (filters.isEmpty()) {
                firstLabel = labelled;
            } else if (filter.height() != filters.get(0).height() || filter.width() != filters.get(0).width()) {
                throw fault(source, labelled + " is " + size(filter) + " but " + firstLabel + " is "
                        + size(filters.get(0)) + "; all filters of a bank must have the same height and width, so"
                        + " split them into one bank per size");
            }
            filters.add(filter);
        }
        return new FilterBank(name, description, filters);
    }

    private static double[][] weights(JsonNode node, String filter, String source, String json, int index)
            throws FilterBankException {
        final String example = "such as [[1, 0], [0, -1]], one inner array per kernel row";
        if (node == null) {
            throw fault(source, filter + " has no \"weights\"; add \"weights\": an array of rows " + example);
        }
        if (!node.isArray()) {
            throw fault(source, filter + " \"weights\" is " + describe(node) + ", not an array of rows; write it "
                    + example);
        }
        if (node.isEmpty()) {
            throw fault(source, filter + " \"weights\" is empty; give at least one row of weights, " + example);
        }
        final double[][] rows = new double[node.size()][];
        for (int r = 0; r < rows.length; r++) {
            final JsonNode row = node.get(r);
            if (!row.isArray()) {
                throw fault(source, filter + " row " + r + " is " + describe(row) + ", not an array;"
                        + " \"weights\" must be an array of rows " + example);
            }
            if (row.isEmpty()) {
                throw fault(source, filter + " row " + r + " is empty; every row needs at least one weight");
            }
            if (r > 0 && row.size() != rows[0].length) {
                throw fault(source, filter + " row " + r + " has " + row.size() + " weights but row 0 has "
                        + rows[0].length + "; all rows of a filter must have the same length");
            }
            rows[r] = new double[row.size()];
            for (int c = 0; c < rows[r].length; c++) {
                final JsonNode cell = row.get(c);
                final String at = filter + " row " + r + " column " + c;
                if (!cell.isNumber()) {
                    throw fault(source, at + " is " + describe(cell) + ", not a number; write weights as plain"
                            + " JSON numbers such as -1 or 0.125, without quotes");
                }
                final double value = cell.doubleValue();
                // the float32 value is what convolves, so a number beyond float32's range is as unusable as NaN
                if (!Float.isFinite((float) value)) {
                    throw fault(source, at + " is " + asWritten(json, index, r, c, cell) + ", which is not a finite"
                            + " float32 number; use finite weights of magnitude below 3.4e38");
                }
                rows[r][c] = value;
            }
        }
        return rows;
    }

    /** The weight at filters[index][r][c] as the text gives it, for a message; only called on valid JSON. */
    private static String asWritten(String json, int index, int r, int c, JsonNode fallback) {
        try {
            final JsonNode exact = EXACT.readTree(withoutBom(json))
                    .at("/filters/" + index + "/weights/" + r + "/" + c);
            return exact.isNumber() ? exact.asText() : fallback.asText();
        } catch (JsonProcessingException e) {
            return fallback.asText();
        }
    }

    private static String optionalString(JsonNode object, String key, String owner, String source, String fallback)
            throws FilterBankException {
        final JsonNode node = object.get(key);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw fault(source, owner + " \"" + key + "\" is " + describe(node) + ", not a string; put it in quotes"
                    + " or leave it out");
        }
        return node.textValue();
    }

    private static FilterBankException fault(String source, String problem) {
        return new FilterBankException(prefix(source) + problem);
    }

    private static FilterBankException fault(String source, String problem, Throwable cause) {
        return new FilterBankException(prefix(source) + problem, cause);
    }

    private static String prefix(String source) {
        return "bank file '" + source + "': ";
    }

    /** What a JSON value is, for messages: "an array", "the string \"x\"", "null", ... */
    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isTextual()) {
            return "the string " + quoteName(node.textValue());
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        if (node.isNull()) {
            return "null";
        }
        return "a " + node.getNodeType().name().toLowerCase(Locale.ROOT) + " value";
    }

    private static String quoteName(String s) {
        final String shown = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        return "'" + shown + "'";
    }

    private static String size(Filter f) {
        return f.height() + "x" + f.width() + " (rows x columns)";
    }

    /** A byte-order mark survives decoding into a String, and is no JSON. */
    private static String withoutBom(String json) {
        return json.startsWith("\uFEFF") ? json.substring(1) : json;
    }

    /** Jackson's message on one line, with its nested source locations reduced to line and column. */
    private static String parserMessage(String s) {
        if (s == null) {
            return "syntax error";
        }
        return s.replaceAll("\\[Source: .*?; line: (\\d+), column: (\\d+)]", "line $1, column $2")
                .replaceAll("\\s*\\R\\s*", " ").strip();
    }

    /** {@code dir/edges.json} gives {@code edges}. */
    static String baseName(String source) {
        final int slash = Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\'));
        String base = source.substring(slash + 1);
        if (base.length() > 5 && base.toLowerCase(Locale.ROOT).endsWith(".json")) {
            base = base.substring(0, base.length() - 5);
        }
        return base.isEmpty() ? "bank" : base;
    }

    /** The bank's name, from the JSON or the file name. */
    public String name() {
        return name;
    }

    /** The bank's description, or "" when it has none. */
    public String description() {
        return description;
    }

    /** The filters in bank order; unmodifiable. */
    public List<Filter> filters() {
        return filters;
    }

    /** Number of filters, at least 1. */
    public int size() {
        return filters.size();
    }

    /** Rows of every filter's kernel. */
    public int kernelHeight() {
        return filters.get(0).height();
    }

    /** Columns of every filter's kernel. */
    public int kernelWidth() {
        return filters.get(0).width();
    }

    /** The bank in its JSON format, one filter per line, weights as given; {@link #parse} makes an equal bank of it. */
    public String toJson() {
        final StringBuilder out = new StringBuilder(256);
        out.append("{\n  \"name\": ").append(quote(name)).append(",\n  \"description\": ").append(quote(description))
                .append(",\n  \"filters\": [\n");
        for (int i = 0; i < filters.size(); i++) {
            final Filter f = filters.get(i);
            out.append("    {\"name\": ").append(quote(f.name())).append(", \"weights\": [");
            final double[][] rows = f.originalWeights();
            for (int r = 0; r < rows.length; r++) {
                out.append(r == 0 ? "[" : ", [");
                for (int c = 0; c < rows[r].length; c++) {
                    out.append(c == 0 ? "" : ", ").append(number(rows[r][c]));
                }
                out.append(']');
            }
            out.append("]}").append(i + 1 < filters.size() ? ",\n" : "\n");
        }
        return out.append("  ]\n}\n").toString();
    }

    private static String quote(String s) {
        return TextNode.valueOf(s).toString();
    }

    /** Integral weights print as integers, like the bank files; others in Java's round-tripping form. */
    private static String number(double d) {
        final boolean negativeZero = Double.doubleToRawLongBits(d) == Long.MIN_VALUE;
        if (d == Math.rint(d) && Math.abs(d) < 1e15 && !negativeZero) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FilterBank b && name.equals(b.name) && description.equals(b.description)
                && filters.equals(b.filters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, description, filters);
    }

    @Override
    public String toString() {
        return "FilterBank[" + name + ", " + filters.size() + " filters of " + kernelHeight() + "x" + kernelWidth()
                + "]";
    }
}
