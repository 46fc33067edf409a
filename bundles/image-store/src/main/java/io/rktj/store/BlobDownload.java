package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.OciSource;

/**
 * One blob being written to a temporary file of the store while it arrives, its size and digest
 * checked on the way and the file fsynced at the end. {@link #reader()} reads the same file while
 * it grows, so a layer is unpacked as it arrives and its bytes are never fetched twice; the
 * reader sees the end only once the digest is known to be right, and an error otherwise.
 */
final class BlobDownload implements Runnable {
    private static final int BUFFER = 1 << 17;

    private final OciSource source;
    private final String digest;
    private final long size;
    private final Path temp;
    private final FetchProgress progress;
    private long written;
    private boolean done;
    private Throwable failure;
    private InputStream open;

    BlobDownload(OciSource source, String digest, long size, Path temp, FetchProgress progress) {
        this.source = source;
        this.digest = digest;
        this.size = size;
        this.temp = temp;
        this.progress = progress;
    }

    Path temp() {
        return temp;
    }

    String digest() {
        return digest;
    }

    @Override
    public void run() {
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            InputStream in = opened(source.blob(digest, size));
            try (in) {
                MessageDigest md = Digests.sha256();
                byte[] buf = new byte[BUFFER];
                long total = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                    while (b.hasRemaining()) {
                        out.write(b);
                    }
                    total += n;
                    if (size >= 0 && total > size) {
                        throw new IOException("blob " + digest + ": larger than the " + size + " bytes the manifest says");
                    }
                    publish(total);
                    progress.received(digest, total, size);
                }
                if (size >= 0 && total < size) {
                    throw new IOException("blob " + digest + ": truncated (" + total + " of " + size + " bytes)");
                }
                String got = "sha256:" + Digests.hex(md);
                if (!got.equals(digest)) {
                    throw new IOException("blob " + digest + ": digest mismatch (the content's digest is " + got + ")");
                }
                out.force(true);
            }
            finish(null);
        } catch (Throwable t) {
            finish(t);
        }
    }

    private synchronized InputStream opened(InputStream in) throws IOException {
        if (failure != null) {
            in.close();
            throw new IOException("cancelled");
        }
        open = in;
        return in;
    }

    /** Stops the transfer: the reader and {@link #await()} then fail. */
    synchronized void cancel() {
        if (!done) {
            failure = new IOException("cancelled");
            done = true;
            notifyAll();
        }
        if (open != null) {
            try {
                open.close();
            } catch (IOException e) {
                // closing is how the transfer is stopped; its own error does not matter
            }
        }
    }

    private synchronized void publish(long total) {
        written = total;
        notifyAll();
    }

    private synchronized void finish(Throwable t) {
        if (done) {
            return;
        }
        failure = t;
        done = true;
        notifyAll();
    }

    /** Waits until the blob is complete and verified; throws what went wrong otherwise. */
    synchronized void await() throws IOException {
        while (!done) {
            waitInterruptibly();
        }
        rethrow();
    }

    private void rethrow() throws IOException {
        if (failure instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (failure != null) {
            throw new IOException(failure.getMessage() == null ? failure.toString() : failure.getMessage(), failure);
        }
    }

    private void waitInterruptibly() throws IOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Blocks until there are {@code position + 1} bytes, the verified end, or a failure; returns the bytes available. */
    private synchronized long waitForBytes(long position) throws IOException {
        while (position >= written && !done) {
            waitInterruptibly();
        }
        rethrow();
        return written;
    }

    /** The blob's bytes as they are written; may be called before the file exists. */
    InputStream reader() {
        return new BlockInputStream() {
            private FileChannel ch;
            private long position;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                long limit = waitForBytes(position);
                if (position >= limit) {
                    return -1;
                }
                if (ch == null) {
                    ch = FileChannel.open(temp, StandardOpenOption.READ);
                }
                int want = (int) Math.min(len, limit - position);
                int n = ch.read(ByteBuffer.wrap(b, off, want), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (ch != null) {
                    ch.close();
                }
            }
        };
    }
}
