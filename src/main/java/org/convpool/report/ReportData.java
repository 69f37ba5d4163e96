package org.convpool.report;

import java.util.List;
import java.util.Map;
import org.convpool.engine.FilterBank;

/**
 * Everything the report shows, already small: the run's facts, the bank, per-filter histograms,
 * a bounded set of image panels and the errors.
 *
 * @param title the page title
 * @param facts the run's facts in display order (input, output, options, counts, times...)
 * @param bank the filter bank
 * @param histograms distributions across images, per stage, filter and quantity
 * @param panels the images shown, in display order
 * @param errorCounts files that could not be used, per reason
 * @param errorExamples a few of them per reason: path and message
 */
public record ReportData(String title, Map<String, String> facts, FilterBank bank, List<Histogram> histograms,
        List<ImagePanel> panels, Map<String, Long> errorCounts, Map<String, List<Map.Entry<String, String>>> errorExamples) {
}
