package org.convpool.job;

import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints "files done of total" while the images are processed. Accumulators reach the driver as
 * tasks finish, so the count moves a task at a time; a retried task may count its files twice,
 * which is why the final figures come from the written tables, never from here.
 */
final class Progress implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("org.convpool.progress");
    private static final long INTERVAL_MILLIS = 5_000;

    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress start(long total, LongAccumulator done, LongAccumulator failed) {
        Thread t = new Thread(() -> {
            long last = -1;
            while (!Thread.currentThread().isInterrupted()) {
                long d = done.value();
                if (d != last) {
                    LOG.info("processed {} of {} files ({}%), {} could not be used", d, total,
                            total == 0 ? 100 : Math.min(100, d * 100 / total), failed.value());
                    last = d;
                }
                try {
                    Thread.sleep(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "convpool-progress");
        t.setDaemon(true);
        t.start();
        return new Progress(t);
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
