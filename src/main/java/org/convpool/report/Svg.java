package org.convpool.report;

import java.util.Locale;
import org.convpool.engine.Filter;

/** Inline SVG pictures for the report: histograms with axes, and filter kernels as weight grids. */
final class Svg {
    private static final int PLOT_WIDTH = 320;
    private static final int PLOT_HEIGHT = 180;
    private static final int LEFT = 48;
    private static final int RIGHT = 28;
    private static final int TOP = 10;
    private static final int BOTTOM = 42;

    private Svg() {
    }

    /** A bar chart of a histogram, with ticks on both axes and the axis labels given. */
    static String histogram(Histogram h, String xLabel) {
        StringBuilder s = new StringBuilder();
        int w = PLOT_WIDTH - LEFT - RIGHT;
        int ht = PLOT_HEIGHT - TOP - BOTTOM;
        long peak = Math.max(1, h.counts().stream().mapToLong(Long::longValue).max().orElse(1));
        s.append(String.format(Locale.ROOT, "<svg class=\"plot\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\">", PLOT_WIDTH, PLOT_HEIGHT, PLOT_WIDTH, PLOT_HEIGHT,
                Html.escape(xLabel + ": distribution over " + h.total() + " images")));
        int bins = h.counts().size();
        for (int i = 0; i < bins; i++) {
            long c = h.counts().get(i);
            if (c == 0) {
                continue;
            }
            double x0 = LEFT + (double) w * i / bins;
            double bh = (double) ht * c / peak;
            s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " class=\"bar\"><title>%s: %d images</title></rect>", x0, TOP + ht - bh,
                    Math.max(0.5, (double) w / bins - 1), bh, Html.escape(range(h, i)), c));
        }
        // axes
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", LEFT,
                TOP + ht, LEFT + w, TOP + ht));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" class=\"axis\"/>", LEFT, TOP,
                LEFT, TOP + ht));
        for (int t = 0; t <= 4; t++) {
            double v = h.low() + (h.high() - h.low()) * t / 4;
            double x = LEFT + w * t / 4.0;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" class=\"axis\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%s</text>", x, TOP + ht, x,
                    TOP + ht + 4, x, TOP + ht + 15, number(v)));
        }
        for (int t = 0; t <= 2; t++) {
            long v = Math.round(peak * t / 2.0);
            double y = TOP + ht - (double) ht * v / peak;
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" class=\"axis\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" class=\"tick\" text-anchor=\"end\">%d</text>", LEFT - 4, y, LEFT, y,
                    LEFT - 6, y + 4, v));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"label\" text-anchor=\"middle\">%s</text>",
                LEFT + w / 2, PLOT_HEIGHT - 6, Html.escape(xLabel)));
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(12 %d) rotate(-90)\" class=\"label\""
                + " text-anchor=\"middle\">images</text>", TOP + ht / 2));
        return s.append("</svg>").toString();
    }

    /** A filter's weights as a grid of cells, red for positive and blue for negative, with the values. */
    static String kernel(Filter f) {
        double[][] w = f.originalWeights();
        double peak = 0;
        for (double[] row : w) {
            for (double v : row) {
                peak = Math.max(peak, Math.abs(v));
            }
        }
        int cell = Math.max(8, Math.min(40, 200 / Math.max(f.height(), f.width())));
        int width = cell * f.width();
        int height = cell * f.height();
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg class=\"kernel\" viewBox=\"0 0 %d %d\""
                + " width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"weights of %s\">", width, height, width, height,
                Html.escape(f.name())));
        for (int r = 0; r < f.height(); r++) {
            for (int c = 0; c < f.width(); c++) {
                double v = w[r][c];
                double a = peak == 0 ? 0 : Math.abs(v) / peak;
                String fill = v >= 0 ? String.format(Locale.ROOT, "rgba(200,40,40,%.2f)", a)
                        : String.format(Locale.ROOT, "rgba(40,90,200,%.2f)", a);
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\""
                        + " class=\"cell\"><title>row %d, column %d: %s</title></rect>", c * cell, r * cell, cell, cell,
                        fill, r, c, number(v)));
                if (cell >= 24) {
                    s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" class=\"weight\" text-anchor=\"middle\">"
                            + "%s</text>", c * cell + cell / 2, r * cell + cell / 2 + 4, number(v)));
                }
            }
        }
        return s.append("</svg>").toString();
    }

    /** A short, readable number: 3 significant digits, no exponent for everyday magnitudes. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e5) {
            String t = String.format(Locale.ROOT, "%.3g", v);
            return t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    private static String range(Histogram h, int bin) {
        double step = (h.high() - h.low()) / h.counts().size();
        return number(h.low() + bin * step) + " to " + number(h.low() + (bin + 1) * step);
    }
}
