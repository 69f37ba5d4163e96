package org.convpool.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.convpool.engine.FilterBank;

/**
 * {@code summary/}: one row per stage and filter over the whole dataset, aggregated from
 * {@code stats/} (so it costs one small scan, not another pass over the images).
 *
 * <p>Columns: {@code stage}, {@code filter}, {@code filter_name}; {@code images} (maps
 * aggregated) and {@code values} (their total number of values); {@code min}, {@code max},
 * {@code mean} and {@code std} over every value of every map, as if all maps were one;
 * {@code zero_fraction} likewise; and per-image spreads: {@code mean_of_means},
 * {@code std_of_means}, {@code mean_of_stds}, {@code min_zero_fraction},
 * {@code max_zero_fraction}.
 */
final class Summary {
    private Summary() {
    }

    /** The summary rows, in one partition, ordered by stage (conv, relu, pool) and filter. */
    static Dataset<Row> of(Dataset<Row> stats, FilterBank bank) {
        Column n = col("height").cast("double").multiply(col("width"));
        Column values = sum(n);
        Column mean = exactSum(n.multiply(col("mean"))).divide(values);
        // The pooled variance: E[x^2] over all values, from each map's mean and std, minus the overall mean squared.
        Column meanSquare = exactSum(n.multiply(col("std").multiply(col("std")).plus(col("mean").multiply(col("mean")))))
                .divide(values);
        Column images = count(lit(1));
        Column meanOfMeans = exactSum(col("mean")).divide(images);
        Column meanOfSquaredMeans = exactSum(col("mean").multiply(col("mean"))).divide(images);
        Column names = functions.element_at(functions.array(bank.filters().stream().map(f -> lit(f.name()))
                .toArray(Column[]::new)), col("filter").plus(1));
        Column stageOrder = when(col("stage").equalTo("conv"), 0).when(col("stage").equalTo("relu"), 1).otherwise(2);
        return stats.groupBy("stage", "filter")
                .agg(images.as("images"), values.cast("long").as("values"), min("min").as("min"),
                        max("max").as("max"), mean.as("mean"), spread(meanSquare, mean).as("std"),
                        exactSum(n.multiply(col("zero_fraction"))).divide(values).as("zero_fraction"),
                        meanOfMeans.as("mean_of_means"), spread(meanOfSquaredMeans, meanOfMeans).as("std_of_means"),
                        exactSum(col("std")).divide(images).as("mean_of_stds"),
                        min("zero_fraction").as("min_zero_fraction"), max("zero_fraction").as("max_zero_fraction"))
                .withColumn("filter_name", names)
                // one partition, sorted within: a global orderBy would sample the rows for range bounds, another job
                .coalesce(1)
                .sortWithinPartitions(stageOrder, col("filter"))
                .select("stage", "filter", "filter_name", "images", "values", "min", "max", "mean", "std",
                        "zero_fraction", "mean_of_means", "std_of_means", "mean_of_stds", "min_zero_fraction",
                        "max_zero_fraction");
    }

    /**
     * A sum that does not depend on the order of the rows (decimal addition is exact), so that
     * a resumed or retried run writes the very same summary as an uninterrupted one. Each term
     * is rounded once, to 18 decimal places, far below the values' own float32 precision.
     */
    private static Column exactSum(Column term) {
        return sum(term.cast("decimal(38,18)")).cast("double");
    }

    /** A population standard deviation from E[x^2] and E[x], never NaN from rounding. */
    private static Column spread(Column meanOfSquares, Column mean) {
        return sqrt(functions.greatest(lit(0.0), meanOfSquares.minus(mean.multiply(mean))));
    }
}
