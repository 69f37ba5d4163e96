package org.convpool.report;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.convpool.engine.Filter;

/**
 * Renders a {@link ReportData} as one self-contained HTML page: styles, scripts, plots (inline
 * SVG) and pictures (PNG data URIs) are all inside it, and a content security policy forbids
 * loading anything else, so the page opens the same from a file, a download or a web server.
 */
public final class Html {
    private static final List<String> STAGES = List.of("conv", "relu", "pool");

    private Html() {
    }

    /** The page. */
    public static String render(ReportData d) {
        StringBuilder s = new StringBuilder(64 * 1024);
        s.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:;")
                .append(" style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(d.title())).append("</title>\n<style>").append(STYLE)
                .append("</style>\n</head>\n<body>\n");
        s.append("<header><h1>").append(escape(d.title())).append("</h1><p>Greyscale, then a bank of ")
                .append(d.bank().size()).append(" convolution filters, ReLU and max pooling, as PyTorch computes"
                        + " them. This page shows the run, the filters, what they respond to on a few images, how"
                        + " their responses are spread over the whole dataset, and the files that could not be used.")
                .append("</p><nav><a href=\"#run\">Run</a> <a href=\"#bank\">Filters</a> <a href=\"#images\">Images</a>"
                        + " <a href=\"#distributions\">Distributions</a> <a href=\"#errors\">Errors</a></nav></header>\n");
        run(s, d);
        bank(s, d);
        images(s, d);
        distributions(s, d);
        errors(s, d);
        s.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return s.toString();
    }

    private static void run(StringBuilder s, ReportData d) {
        s.append("<section id=\"run\"><h2>The run</h2><table class=\"facts\">");
        for (Map.Entry<String, String> e : d.facts().entrySet()) {
            s.append("<tr><th>").append(escape(e.getKey())).append("</th><td>").append(escape(e.getValue()))
                    .append("</td></tr>");
        }
        s.append("</table></section>\n");
    }

    private static void bank(StringBuilder s, ReportData d) {
        s.append("<section id=\"bank\"><h2>The filters: bank “").append(escape(d.bank().name())).append("”</h2>");
        if (!d.bank().description().isBlank()) {
            s.append("<p>").append(escape(d.bank().description())).append("</p>");
        }
        s.append("<p class=\"note\">Each filter is slid over the grey image (values 0 to 1) without flipping:"
                + " a map value is the sum of the weights times the pixels under them. Red weights are positive,"
                + " blue negative.</p><div class=\"filters\">");
        int i = 0;
        for (Filter f : d.bank().filters()) {
            s.append("<figure>").append(Svg.kernel(f)).append("<figcaption>").append(i++).append(": ")
                    .append(escape(f.name())).append(" (").append(f.height()).append("×").append(f.width())
                    .append(")</figcaption></figure>");
        }
        s.append("</div></section>\n");
    }

    private static void images(StringBuilder s, ReportData d) {
        s.append("<section id=\"images\"><h2>What the filters respond to</h2><p class=\"note\">For each image: the"
                + " grey input the filters see, then per filter the activated map (after ReLU) and the pooled map."
                + " Every map is stretched to its own range, from black at its minimum to white at its maximum"
                + " (given under it), so compare shapes, not brightness, between pictures. Images are a fixed"
                + " sample of the dataset and, per filter, the ones with the strongest and weakest mean activation."
                + "</p>");
        if (d.panels().isEmpty()) {
            s.append("<p>No image was processed.</p>");
        }
        for (ImagePanel p : d.panels()) {
            s.append("<article class=\"panel\"><h3>").append(escape(p.path())).append("</h3><p class=\"why\">")
                    .append(escape(p.why())).append(" · ").append(p.width()).append("×").append(p.height())
                    .append(" pixels</p><div class=\"maps\"><figure>").append(img(p.input(), "grey input of " + p.path()))
                    .append("<figcaption>input (grey)</figcaption></figure>");
            for (int f = 0; f < p.relu().size(); f++) {
                String name = d.bank().filters().get(f).name();
                s.append("<div class=\"pair\">");
                map(s, p.relu().get(f), "relu " + f + " (" + name + ")", p.path());
                map(s, p.pool().get(f), "pool " + f, p.path());
                s.append("</div>");
            }
            s.append("</div></article>\n");
        }
        s.append("</section>\n");
    }

    private static void map(StringBuilder s, ImagePanel.MapPicture m, String caption, String path) {
        s.append("<figure>").append(img(m.png(), caption + " of " + path)).append("<figcaption>").append(escape(caption))
                .append("<br><span class=\"range\">").append(Svg.number(m.min())).append(" … ")
                .append(Svg.number(m.max())).append("</span></figcaption></figure>");
    }

    private static void distributions(StringBuilder s, ReportData d) {
        s.append("<section id=\"distributions\"><h2>Across the dataset</h2><p class=\"note\">Per stage and filter,"
                + " how the images' mean activation and share of exact zeros are spread. Map values are in the units"
                + " of the input scaled to 0…1 times the filter's weights.</p>");
        for (String stage : STAGES) {
            s.append("<h3>").append(stage).append(" maps</h3><div class=\"plots\">");
            for (Histogram h : d.histograms()) {
                if (h.stage().equals(stage)) {
                    String filter = d.bank().filters().get(h.filter()).name();
                    s.append("<figure>").append(Svg.histogram(h, h.quantity() + " per image" + h.unit()))
                            .append("<figcaption>").append(stage).append(" ").append(h.filter()).append(" (")
                            .append(escape(filter)).append("): ").append(escape(h.quantity())).append("</figcaption></figure>");
                }
            }
            s.append("</div>");
        }
        s.append("</section>\n");
    }

    private static void errors(StringBuilder s, ReportData d) {
        s.append("<section id=\"errors\"><h2>Files that could not be used</h2>");
        if (d.errorCounts().isEmpty()) {
            s.append("<p>None: every file was processed.</p>");
        } else {
            s.append("<table class=\"errors\"><tr><th>reason</th><th>files</th><th>examples</th></tr>");
            for (Map.Entry<String, Long> e : d.errorCounts().entrySet()) {
                s.append("<tr><td>").append(escape(e.getKey())).append("</td><td>").append(e.getValue())
                        .append("</td><td><ul>");
                for (Map.Entry<String, String> x : d.errorExamples().getOrDefault(e.getKey(), List.of())) {
                    s.append("<li><code>").append(escape(x.getKey())).append("</code>: ").append(escape(x.getValue()))
                            .append("</li>");
                }
                s.append("</ul></td></tr>");
            }
            s.append("</table>");
        }
        s.append("</section>\n");
    }

    private static String img(byte[] png, String alt) {
        return "<img src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png) + "\" alt=\""
                + escape(alt) + "\">";
    }

    /** Text made safe for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static final String STYLE = """
            body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;\
            padding:0 20px 40px;color:#1d2330;background:#fff}
            header{border-bottom:1px solid #dde;padding:8px 0 12px}h1{font-size:26px;margin:16px 0 4px}
            h2{font-size:20px;margin:28px 0 8px;border-bottom:1px solid #eef}h3{font-size:15px;margin:16px 0 4px}
            nav a{margin-right:14px}.note{color:#4a5263;max-width:900px}
            table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:3px 12px 3px 0}
            .facts th{color:#4a5263;font-weight:500;white-space:nowrap}.facts td{word-break:break-all}
            .filters,.plots,.maps{display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start}
            figure{margin:0}figcaption{font-size:12px;color:#4a5263;text-align:center;max-width:170px}
            .plots figcaption{max-width:320px}
            .kernel .weight{font-size:11px;fill:#111}.kernel .cell{stroke:#999;stroke-width:.5}
            .panel{border:1px solid #e3e6ee;border-radius:6px;padding:4px 12px 12px;margin:12px 0}
            .panel h3{word-break:break-all}.why{color:#4a5263;margin:0 0 8px;font-size:13px}
            .pair{display:flex;flex-direction:column;gap:6px}
            .maps img{width:150px;height:auto;image-rendering:pixelated;background:#000;display:block}
            .range{font-variant-numeric:tabular-nums}
            .plot .bar{fill:#5b7bd5}.plot .axis{stroke:#555;stroke-width:1}.plot .tick{font-size:10px;fill:#333}
            .plot .label{font-size:11px;fill:#333}.errors ul{margin:0;padding-left:18px}code{font-size:12px}
            """;

    /** Marks on the page how many of its pictures loaded, for people (in the title) and for tests. */
    private static final String SCRIPT = """
            window.addEventListener('load', function () {
              var imgs = document.images, ok = 0;
              for (var i = 0; i < imgs.length; i++) { if (imgs[i].complete && imgs[i].naturalWidth > 0) ok++; }
              document.body.setAttribute('data-images', ok + '/' + imgs.length);
            });
            """;
}
