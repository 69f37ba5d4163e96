package org.convpool.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.convpool.engine.FilterBank;
import org.junit.jupiter.api.Test;

/** The page's structure, escaping and plots, without Spark. */
class HtmlTest {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G'};

    private static ReportData data(List<ImagePanel> panels, Map<String, Long> errors,
            Map<String, List<Map.Entry<String, String>>> examples) {
        Histogram h = new Histogram("relu", 0, "mean", "", 0.0, 2.0, List.of(1L, 0L, 3L, 6L));
        return new ReportData("convpool report: <in>", Map.of("input", "a&b"), FilterBank.seed(), List.of(h), panels,
                errors, examples);
    }

    @Test
    void everythingFromTheDataIsEscaped() {
        ImagePanel.MapPicture m = new ImagePanel.MapPicture(PNG, 0, 1.5);
        ImagePanel p = new ImagePanel("file:/in/<script>alert(1)</script>.png", "sample", 10, 8, PNG,
                List.of(m, m, m, m), List.of(m, m, m, m));
        String html = Html.render(data(List.of(p), Map.of("corrupt", 1L),
                Map.of("corrupt", List.of(Map.entry("file:/in/\"x\".jpg", "bad <data>")))));
        assertFalse(html.contains("<script>alert"), "unescaped path");
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;.png"));
        assertTrue(html.contains("bad &lt;data&gt;") && html.contains("&quot;x&quot;.jpg"));
        assertTrue(html.contains("a&amp;b") && html.contains("convpool report: &lt;in&gt;"));
        assertEquals(1 + 8, html.split("<img ", -1).length - 1, "input and 4 + 4 maps");
        assertTrue(html.contains("0 … 1.5"), "each map's range is shown");
    }

    @Test
    void anEmptyRunSaysSo() {
        String html = Html.render(data(List.of(), Map.of(), Map.of()));
        assertTrue(html.contains("No image was processed."));
        assertTrue(html.contains("None: every file was processed."));
        assertTrue(html.contains("default-src 'none'"), "a content security policy");
    }

    @Test
    void histogramsHaveAxesTicksAndLabels() {
        String svg = Svg.histogram(new Histogram("pool", 1, "zero fraction", "", 0, 1, List.of(5L, 0L, 2L)), "share");
        assertEquals(2, svg.split("class=\"bar\"", -1).length - 1, "one bar per non-empty bin");
        assertTrue(svg.contains(">share</text>") && svg.contains(">images</text>"));
        assertTrue(svg.contains(">0.5</text>") && svg.contains(">5</text>"), "x and y ticks");
    }

    @Test
    void kernelsShowEveryWeight() {
        String svg = Svg.kernel(FilterBank.seed().filters().get(0));
        assertEquals(9, svg.split("<rect ", -1).length - 1);
        assertTrue(svg.contains(">8</text>") && svg.contains(">-1</text>"));
    }

    @Test
    void numbersAreShort() {
        assertEquals("3", Svg.number(3.0));
        assertEquals("0.125", Svg.number(0.125));
        assertEquals("3.58", Svg.number(3.580392360687256));
        assertEquals("2.97e-05", Svg.number(2.9734401150489485e-05));
    }
}
