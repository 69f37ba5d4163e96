package org.convpool.job;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.convpool.engine.MapStats;
import org.convpool.image.FailureReason;

/**
 * The contract's three per-file tables: their schemas (one constant each, a comment per column)
 * and the rows of {@code stats/} and {@code errors/}, encoded with {@code Encoders.row(schema)}. The rows of
 * {@code features/} are written by the tasks themselves, see {@link FeatureFileWriter}.
 */
final class Rows {
    private Rows() {
    }

    /** {@code features/}: one row per image that was processed. */
    static final StructType FEATURES = new StructType(new StructField[] {
        // the input file's URI as Spark's binaryFile source reports it
        field("path", DataTypes.StringType),
        // decoded image size, after EXIF orientation
        intField("height"),
        intField("width"),
        // number of filters
        intField("channels"),
        // size of each pooled map
        intField("pooled_height"),
        intField("pooled_width"),
        // the pooled maps, channel-major: pooled[(c*pooled_height + y)*pooled_width + x]
        field("pooled", DataTypes.createArrayType(DataTypes.FloatType, false)),
    });

    /** {@code stats/}: one row per image, stage and filter. */
    static final StructType STATS = new StructType(new StructField[] {
        field("path", DataTypes.StringType),
        // conv, relu or pool
        field("stage", DataTypes.StringType),
        // filter index, 0-based, in bank order
        intField("filter"),
        // that map's size
        intField("height"),
        intField("width"),
        // over that map's values, in float64; std is the population standard deviation
        field("min", DataTypes.DoubleType),
        field("max", DataTypes.DoubleType),
        field("mean", DataTypes.DoubleType),
        field("std", DataTypes.DoubleType),
        // fraction of values exactly equal to 0
        field("zero_fraction", DataTypes.DoubleType),
    });

    /** {@code errors/}: one row per input file that could not be processed. */
    static final StructType ERRORS = new StructType(new StructField[] {
        field("path", DataTypes.StringType),
        // unsupported_format, corrupt, too_small, too_large or read_error
        field("reason", DataTypes.StringType),
        // a sentence a person can act on
        field("message", DataTypes.StringType),
    });

    private static StructField field(String name, DataType type) {
        return DataTypes.createStructField(name, type, true);
    }

    /** An int column: never null, as every row has one. */
    private static StructField intField(String name) {
        return DataTypes.createStructField(name, DataTypes.IntegerType, false);
    }

    /** A {@code stats/} row, in {@link #STATS} order. */
    static Row stat(String path, MapStats s) {
        return RowFactory.create(path, s.stage().label(), s.filter(), s.height(), s.width(), s.min(), s.max(), s.mean(),
                s.std(), s.zeroFraction());
    }

    /** An {@code errors/} row, in {@link #ERRORS} order. */
    static Row error(String path, FailureReason reason, String message) {
        return RowFactory.create(path, reason.label(), message);
    }
}
