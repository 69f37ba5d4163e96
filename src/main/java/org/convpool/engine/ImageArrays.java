package org.convpool.engine;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;

/**
 * The three large arrays of one image (its decoded samples, its grey pixels and its pooled maps), kept for the next
 * image instead of being left to the garbage collector: by a task for its next image, and by the JVM for its next
 * task ({@link #borrow}, {@link #giveBack}).
 *
 * <p>Made new for each image, they are megabytes each, which G1 allocates outside its young generation as "humongous"
 * objects: at the job's rate they started a concurrent marking cycle every 70 to 100 ms, and the collector's
 * threads took 30 to 70% of a core at times in the job benchmark (5 to 7% with the arrays kept). A kept array is
 * handed out again whenever it is long enough; otherwise a new one of the exact length replaces it. So a task keeps
 * the arrays of its largest image so far, and arrays may be longer than asked for: users index them by the image's
 * size, never by their length.
 *
 * <p>The arrays are kept through soft references, so they never cost memory that an image needs: the JVM clears them
 * before it would run out (an image in progress holds its own arrays strongly). What a task needs is thus still
 * bounded by the image at hand.
 *
 * <p>Not thread-safe: one per task, used by one image at a time. An array handed out is valid only until the next
 * request of the same kind.
 */
public final class ImageArrays {
    /** Arrays that tasks gave back, most recent first; at most one set per task that ran at the same time. */
    private static final ConcurrentLinkedDeque<ImageArrays> IDLE = new ConcurrentLinkedDeque<>();

    private final boolean keep;
    private final AtomicBoolean lent = new AtomicBoolean();
    private final Slot<byte[]> decoded = new Slot<>(byte[]::new, a -> a.length);
    private final Slot<byte[]> grey = new Slot<>(byte[]::new, a -> a.length);
    private final Slot<float[]> pooled = new Slot<>(float[]::new, a -> a.length);

    /** Arrays of this instance's own, kept or not; tasks use {@link #borrow}, one-off calls {@link #fresh}. */
    ImageArrays(boolean keep) {
        this.keep = keep;
    }

    /**
     * Arrays for a task that processes images one after another, kept from one image to the next: those an earlier
     * task of this JVM gave back, or new ones. The task must {@link #giveBack} them when it ends.
     */
    public static ImageArrays borrow() {
        ImageArrays arrays = IDLE.pollFirst();
        if (arrays == null) {
            arrays = new ImageArrays(true);
        }
        arrays.lent.set(true);
        return arrays;
    }

    /**
     * Returns borrowed arrays for the next task; neither they nor any array they handed out may be used afterwards.
     * Once only: a second call, or a call for {@link #fresh} ones, does nothing.
     */
    public void giveBack() {
        if (keep && lent.compareAndSet(true, false)) {
            IDLE.offerFirst(this);
        }
    }

    /** A new array of the exact length for every request, for one-off calls. */
    public static ImageArrays fresh() {
        return new ImageArrays(false);
    }

    /**
     * Room for the decoder's samples, {@code length} bytes or more, all zero (as a new array would be, so that no
     * decoder can leave another image's samples behind).
     */
    public byte[] decoded(int length) {
        byte[] room = decoded.take(length);
        if (decoded.reused) {
            Arrays.fill(room, 0, length, (byte) 0);
        }
        return room;
    }

    /** Room for the grey pixels, {@code length} bytes or more, with unspecified contents: every pixel is written. */
    public byte[] grey(int length) {
        return grey.take(length);
    }

    /** Room for the pooled maps, {@code length} floats or more, with unspecified contents: every value is written. */
    public float[] pooled(int length) {
        return pooled.take(length);
    }

    /** One kind of array: the kept one, softly, if this set keeps them. */
    private final class Slot<A> {
        private final IntFunction<A> make;
        private final ToIntFunction<A> size;
        private SoftReference<A> kept;
        /** Whether the last {@link #take} handed out the kept array rather than a new one. */
        private boolean reused;

        Slot(IntFunction<A> make, ToIntFunction<A> size) {
            this.make = make;
            this.size = size;
        }

        /** The kept array if it has room for {@code length}, else a new one of that length, kept in its place. */
        A take(int length) {
            A room = kept == null ? null : kept.get();
            reused = room != null && size.applyAsInt(room) >= length;
            if (reused) {
                return room;
            }
            room = null;
            kept = null; // collectable while its successor is allocated
            A made = make.apply(length);
            kept = keep ? new SoftReference<>(made) : null;
            return made;
        }
    }
}
