package org.convpool.job;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Advanced settings read from the Spark configuration ({@code --conf spark.convpool.*}), one
 * small method each. Command-line options cover what users normally change; these tune how a
 * run is cut up and are used by the tests.
 */
final class JobSettings {
    /** Tasks per committed batch, as a multiple of the cores: smaller batches lose less to a crash. */
    static final String BATCH_TASKS = "spark.convpool.batchTasks";
    /** Seconds after which a lock that is no longer touched by its run may be taken over. */
    static final String LOCK_STALE_SECONDS = "spark.convpool.lockStaleSeconds";
    /** Test hook: the share of tasks whose first attempt fails half-way (0 = none). */
    static final String FAIL_FIRST_ATTEMPTS = "spark.convpool.test.failFirstAttempts";

    /** Test hook: the batch (1-based, of this run) whose tasks hang after their first file, so a test can kill the run. */
    static final String HANG_IN_BATCH = "spark.convpool.test.hangInBatch";

    private final SparkConf conf;

    private JobSettings(SparkConf conf) {
        this.conf = conf;
    }

    static JobSettings from(SparkConf conf) {
        return new JobSettings(conf);
    }

    /** Default: 8 waves of tasks over all cores, so a batch keeps every core busy yet commits often. */
    int tasksPerBatch(int parallelism) {
        return Math.max(1, conf.getInt(BATCH_TASKS, 8 * Math.max(1, parallelism)));
    }

    /** Default: two minutes, twelve missed heartbeats. */
    long lockStaleMillis() {
        return 1000L * conf.getLong(LOCK_STALE_SECONDS, 120);
    }

    int hangInBatch() {
        return conf.getInt(HANG_IN_BATCH, 0);
    }

    double failFirstAttempts() {
        return conf.getDouble(FAIL_FIRST_ATTEMPTS, 0.0);
    }

    /** Spark's {@code spark.sql.files.maxPartitionBytes}, which also caps a task of convpool's. */
    long maxPartitionBytes(SparkSession spark) {
        return spark.sessionState().conf().filesMaxPartitionBytes();
    }

    /** Spark's {@code spark.sql.files.openCostInBytes}: what opening one file is counted as. */
    long openCostBytes(SparkSession spark) {
        return spark.sessionState().conf().filesOpenCostInBytes();
    }
}
