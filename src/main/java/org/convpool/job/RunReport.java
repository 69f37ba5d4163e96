package org.convpool.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.convpool.engine.FilterBank;

/** {@code run.json}: what ran and what came of it. Written last, so its presence marks a finished run. */
final class RunReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunReport() {
    }

    static void write(OutputLayout layout, Configuration conf, ConvpoolJob.RunSummary summary, JobOptions options,
            List<String> arguments, FilterBank bank, Map<String, String> versions) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("arguments", arguments);
        report.put("options", options(options));
        try {
            report.put("bank", JSON.readTree(bank.toJson()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        report.put("versions", versions);
        report.put("started", summary.started().toString());
        report.put("ended", summary.ended().toString());
        report.put("seconds", Duration.between(summary.started(), summary.ended()).toMillis() / 1000.0);
        report.put("counts", summary.counts());
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String entry : OutputLayout.ENTRIES) {
            outputs.put(entry, layout.uri(entry));
        }
        report.put("outputs", outputs);

        Path path = layout.path(OutputLayout.RUN_JSON);
        try (OutputStream out = path.getFileSystem(conf).create(path, true)) {
            JSON.writeValue(out, report);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + path + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> options(JobOptions o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("input", o.input());
        m.put("output", o.output());
        m.put("filters", o.filters() == null ? "(seed bank)" : o.filters());
        m.put("stride", o.geometry().stride());
        m.put("padding", o.geometry().padding());
        m.put("pool", o.geometry().pool());
        m.put("pool_stride", o.geometry().poolStride());
        m.put("png", o.png() ? "all" : "none");
        m.put("mode", o.mode().label());
        m.put("max_pixels", o.limits().maxPixels());
        m.put("max_bytes", o.maxBytes());
        m.put("report", o.report() ? "html" : "none");
        return m;
    }
}
