package org.convpool.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Independent Spark queries of the driver, submitted from a few threads at once, as Spark allows: after the images,
 * the summary, the counts and the report's queries read small tables, where planning, code generation and scheduling
 * take most of each query's time, and one query's planning overlaps another's tasks.
 */
final class ConcurrentQueries implements AutoCloseable {
    private final ExecutorService threads;

    ConcurrentQueries(String name, int count) {
        this.threads = Executors.newFixedThreadPool(count, task -> {
            Thread t = new Thread(task, "convpool-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts {@code query} on one of the threads. */
    <T> Future<T> submit(Callable<T> query) {
        return threads.submit(query);
    }

    /** What {@code query} returned, waiting for it; what it threw, as itself when it can be. */
    static <T> T result(Future<T> query) throws IOException {
        try {
            return query.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a query", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof UncheckedIOException io) {
                throw io.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }

    /** Stops the threads; queries still running are interrupted. */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
