package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads a stream on a thread of its own, a bounded number of chunks ahead of the consumer.
 * A layer's decompression (and the reading and digest check of its blob) then runs on one core
 * while the files it holds are written on another: applying a layer was one thread doing both.
 * When the source ends, {@code afterEnd} runs on the same thread before the consumer sees the
 * end (the importer drains the compressed blob there, so its digest covers every byte). An
 * error of the source or of {@code afterEnd} reaches the consumer at the point where it happened.
 */
final class ReadAheadInputStream extends BlockInputStream {
    /** What the source thread does once the source has ended. */
    @FunctionalInterface
    interface AfterEnd {
        void run() throws IOException;
    }

    private static final byte[] END = new byte[0];
    private static final int CHUNK = 1 << 18;
    private static final int DEPTH = 8;

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private final Thread thread;
    private volatile boolean closed;
    private byte[] current = END;
    private int position;
    private boolean ended;

    ReadAheadInputStream(InputStream source, AfterEnd afterEnd, String name) {
        thread = new Thread(() -> pump(source, afterEnd), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(InputStream source, AfterEnd afterEnd) {
        Object last = END;
        try {
            while (!closed) {
                byte[] chunk = new byte[CHUNK];
                int filled = source.readNBytes(chunk, 0, CHUNK);
                if (filled > 0) {
                    queue.put(filled == CHUNK ? chunk : Arrays.copyOf(chunk, filled));
                }
                if (filled < CHUNK) {
                    break;
                }
            }
            if (!closed) {
                afterEnd.run();
            }
        } catch (InterruptedException e) {
            return;
        } catch (IOException | RuntimeException e) {
            last = e;
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // closed while the consumer was not reading: nobody waits for the end
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (position == current.length && !next()) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && (position < current.length || next())) {
            int step = (int) Math.min(n - skipped, current.length - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return current.length - position;
    }

    /** Takes the next chunk; false at the end. */
    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (item == END) {
            ended = true;
            return false;
        }
        if (item instanceof IOException e) {
            ended = true;
            throw new IOException(e.getMessage(), e);
        }
        if (item instanceof RuntimeException e) {
            ended = true;
            throw e;
        }
        current = (byte[]) item;
        position = 0;
        return true;
    }

    /** Stops the source thread and waits for it; the caller closes the source afterwards. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        thread.interrupt();
        queue.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while stopping the read-ahead");
        }
    }
}
