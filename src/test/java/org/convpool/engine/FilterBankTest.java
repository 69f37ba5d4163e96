package org.convpool.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterBankTest {
    private static final String SOURCE = "hdfs://nn/banks/bad-bank.json";

    @Test
    void seedBankLoadsFromTheClasspath() {
        final FilterBank seed = FilterBank.seed();
        assertEquals("seed", seed.name());
        assertTrue(seed.description().startsWith("The seed notebook's bank"), seed.description());
        assertEquals(4, seed.size());
        assertEquals(3, seed.kernelHeight());
        assertEquals(3, seed.kernelWidth());
        assertEquals(List.of("highpass", "highpass-neg", "highpass-T", "highpass-T-neg"),
                seed.filters().stream().map(Filter::name).toList());
        assertArrayEquals(new float[] {-1, -1, -1, -1, 8, -1, -1, -1, -1}, seed.filters().get(0).weights());
        assertArrayEquals(new float[] {1, 1, 1, 1, -8, 1, 1, 1, 1}, seed.filters().get(3).weights());
    }

    @Test
    void weightsAreRowMajorAndKeptAsGiven() throws FilterBankException {
        final FilterBank bank = parse("{\"filters\": [{\"name\": \"a\", \"weights\": [[0.1, 2, 3], [4, 5, -6e-3]]}]}");
        final Filter f = bank.filters().get(0);
        assertEquals(2, f.height());
        assertEquals(3, f.width());
        assertArrayEquals(new float[] {0.1f, 2, 3, 4, 5, -6e-3f}, f.weights());
        assertArrayEquals(new double[][] {{0.1, 2, 3}, {4, 5, -6e-3}}, f.originalWeights());
        f.weights()[0] = 99;
        f.originalWeights()[0][0] = 99;
        assertEquals(0.1f, f.weights()[0]);
        assertEquals(0.1, f.originalWeights()[0][0]);
    }

    @Test
    void namesAndDescriptionAreOptionalAndUnknownKeysIgnored() throws FilterBankException {
        final FilterBank bank = FilterBank.parse(
                "{\"version\": 2, \"filters\": [{\"weights\": [[1]]},"
                        + " {\"name\": \"b\", \"weights\": [[2]], \"x\": 1}]}",
                "conf/filters/edges.json");
        assertEquals("edges", bank.name());
        assertEquals("", bank.description());
        assertEquals("filter-0", bank.filters().get(0).name());
        assertEquals("b", bank.filters().get(1).name());
        assertEquals("bank", FilterBank.parse("{\"filters\": [{\"weights\": [[1]]}]}", "dir/").name());
        assertEquals(".json", FilterBank.parse("{\"filters\": [{\"weights\": [[1]]}]}", ".json").name());
        assertEquals("C:", FilterBank.parse("{\"filters\": [{\"weights\": [[1]]}]}", "C:").name());
    }

    @Test
    void toJsonRoundTrips() throws FilterBankException {
        final FilterBank seed = FilterBank.seed();
        assertEquals(seed, FilterBank.parse(seed.toJson(), "copy.json"));
        assertTrue(seed.toJson().contains("[[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]"), seed.toJson());

        final FilterBank odd = parse("{\"name\": \"q\\\"uote\\n\", \"description\": \"\u00e9\", \"filters\": ["
                + "{\"name\": \"x\", \"weights\": [[0.1, -0.0, 1e-7, 3.4e38], [-2.5, 1e20, 0, 7]]}]}");
        final FilterBank again = FilterBank.parse(odd.toJson(), "again.json");
        assertEquals(odd, again);
        assertEquals("q\"uote\n", again.name());
        assertEquals(Double.doubleToRawLongBits(-0.0),
                Double.doubleToRawLongBits(again.filters().get(0).originalWeights()[0][1]));
    }

    @Test
    void leadingByteOrderMarkIsIgnored() throws FilterBankException {
        assertEquals(1, parse("\uFEFF{\"filters\": [{\"weights\": [[1]]}]}").size());
    }

    @Test
    void floatOverflowIsRefusedButTinyWeightsAreFine() throws FilterBankException {
        assertArrayEquals(new float[] {0f, 3.4e38f}, parse("{\"filters\": [{\"weights\": [[1e-50, 3.4e38]]}]}")
                .filters().get(0).weights());
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("{\"filters\": [{\"weights\": [[1, 2]]}", "not valid JSON at line 1, column"),
                Arguments.of("{\n  \"filters\": [\n    {\"weights\": [[1, 2,]]}\n  ]\n}", "not valid JSON at line 3"),
                Arguments.of("{\"filters\": [{\"weights\": [[1]]}]} trailing", "not valid JSON"),
                Arguments.of("{\"filters\": [], \"filters\": [{\"weights\": [[1]]}]}", "Duplicate field 'filters'"),
                Arguments.of("", "the file is empty"),
                Arguments.of("  \n ", "the file is empty"),
                Arguments.of("[{\"weights\": [[1]]}]", "the top level is an array, not an object"),
                Arguments.of("42", "the top level is the number 42, not an object"),
                Arguments.of("{\"name\": \"x\"}", "there is no \"filters\" key"),
                Arguments.of("{\"filters\": {\"weights\": [[1]]}}", "\"filters\" is an object, not an array"),
                Arguments.of("{\"filters\": null}", "\"filters\" is null, not an array"),
                Arguments.of("{\"filters\": []}", "\"filters\" is empty"),
                Arguments.of("{\"filters\": [{\"weights\": [[1]]}, 7]}", "filter 1 is the number 7, not an object"),
                Arguments.of("{\"filters\": [{\"name\": \"edge\"}]}", "filter 0 ('edge') has no \"weights\""),
                Arguments.of("{\"filters\": [{\"weights\": \"[[1]]\"}]}",
                        "filter 0 \"weights\" is the string '[[1]]', not an array of rows"),
                Arguments.of("{\"filters\": [{\"weights\": []}]}", "filter 0 \"weights\" is empty"),
                Arguments.of("{\"filters\": [{\"weights\": [1, 2]}]}", "filter 0 row 0 is the number 1, not an array"),
                Arguments.of("{\"filters\": [{\"weights\": [[1], {}]}]}", "filter 0 row 1 is an object, not an array"),
                Arguments.of("{\"filters\": [{\"weights\": [[]]}]}", "filter 0 row 0 is empty"),
                Arguments.of("{\"filters\": [{\"weights\": [[1]]}, {\"weights\": [[1]]}, {\"name\": \"edge\","
                        + " \"weights\": [[1, 2, 3], [4, 5]]}]}",
                        "bank file '" + SOURCE + "': filter 2 ('edge') row 1 has 2 weights but row 0 has 3; all rows"
                                + " of a filter must have the same length"),
                Arguments.of("{\"filters\": [{\"name\": \"a\", \"weights\": [[1, 2, 3], [4, 5, 6], [7, 8, 9]]},"
                        + " {\"name\": \"b\", \"weights\": [[1, 2], [3, 4]]}]}",
                        "filter 1 ('b') is 2x2 (rows x columns) but filter 0 ('a') is 3x3 (rows x columns)"),
                Arguments.of("{\"filters\": [{\"weights\": [[1, 2]]}, {\"weights\": [[1], [2]]}]}",
                        "filter 1 is 2x1 (rows x columns) but filter 0 is 1x2"),
                Arguments.of("{\"filters\": [{\"weights\": [[1, \"2\"]]}]}",
                        "filter 0 row 0 column 1 is the string '2', not a number"),
                Arguments.of("{\"filters\": [{\"weights\": [[true]]}]}",
                        "filter 0 row 0 column 0 is the boolean true, not a number"),
                Arguments.of("{\"filters\": [{\"weights\": [[1], [null]]}]}",
                        "filter 0 row 1 column 0 is null, not a number"),
                Arguments.of("{\"filters\": [{\"weights\": [[[1]]]}]}",
                        "filter 0 row 0 column 0 is an array, not a number"),
                Arguments.of("{\"filters\": [{\"weights\": [[1, NaN]]}]}",
                        "filter 0 row 0 column 1 is NaN, which is not a finite float32 number"),
                Arguments.of("{\"filters\": [{\"weights\": [[Infinity]]}]}",
                        "column 0 is Infinity, which is not a finite float32 number"),
                Arguments.of("{\"filters\": [{\"weights\": [[-Infinity]]}]}",
                        "column 0 is -Infinity, which is not a finite float32 number"),
                Arguments.of("{\"filters\": [{\"name\": \"big\", \"weights\": [[1e39]]}]}",
                        "filter 0 ('big') row 0 column 0 is 1E+39, which is not a finite float32 number"),
                Arguments.of("{\"filters\": [{\"weights\": [[-1e39]]}]}", "is -1E+39, which is not a finite float32"),
                Arguments.of("{\"filters\": [{\"weights\": [[1e400]]}]}",
                        "which is not a finite float32 number"),
                Arguments.of("{\"filters\": [{\"weights\": [[1" + "0".repeat(40) + "]]}]}",
                        "which is not a finite float32 number"),
                Arguments.of("{\"name\": 5, \"filters\": [{\"weights\": [[1]]}]}",
                        "the bank's \"name\" is the number 5, not a string"),
                Arguments.of("{\"description\": [\"a\"], \"filters\": [{\"weights\": [[1]]}]}",
                        "the bank's \"description\" is an array, not a string"),
                Arguments.of("{\"filters\": [{\"name\": false, \"weights\": [[1]]}]}",
                        "filter 0's \"name\" is the boolean false, not a string"));
    }

    @ParameterizedTest
    @MethodSource("malformed")
    void malformedBanksAreRefusedWithTheSourceAndTheFault(String json, String fault) {
        final FilterBankException e = assertThrows(FilterBankException.class, () -> FilterBank.parse(json, SOURCE));
        final String message = e.getMessage();
        assertTrue(message.startsWith("bank file '" + SOURCE + "': "), message);
        assertTrue(message.contains(fault), message);
        assertFalse(message.contains("\n"), message);
        assertTrue(message.contains(";"), "no advice in: " + message);
    }

    private static FilterBank parse(String json) throws FilterBankException {
        return FilterBank.parse(json, "test.json");
    }
}
