package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

import io.rktj.api.RktException;
import io.rktj.sys.NativeDigest;

/**
 * Hashes every byte that passes (and copies it to a file, if given), so an image is read once:
 * the tar parser above it and the digest see the same bytes. Skips are reads, or the digest
 * would miss the bytes of entries nobody looks at.
 */
final class DigestingStream extends BlockInputStream {
    private final InputStream in;
    private final MessageDigest sha512;
    private final FileChannel copy;
    private final Path copyPath;
    private long count;

    DigestingStream(InputStream in, FileChannel copy, Path copyPath) {
        this.in = in;
        this.copy = copy;
        this.copyPath = copyPath;
        this.sha512 = NativeDigest.sha512();
    }

    DigestingStream(InputStream in) {
        this(in, null, null);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            sha512.update(b, off, n);
            count += n;
            if (copy != null) {
                write(ByteBuffer.wrap(b, off, n));
            }
        }
        return n;
    }

    private void write(ByteBuffer buf) {
        try {
            while (buf.hasRemaining()) {
                copy.write(buf);
            }
        } catch (IOException e) {
            // Not the archive's fault: name the store file so the user looks at the disk.
            throw RktException.wrap("write " + copyPath, e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] scratch = new byte[(int) Math.min(n, 1 << 16)];
        long skipped = 0;
        while (skipped < n) {
            int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    long count() {
        return count;
    }

    /** {@code sha512-<hex>} of everything read so far. Call once, at the end. */
    String imageId() {
        return "sha512-" + HexFormat.of().formatHex(sha512.digest());
    }
}
