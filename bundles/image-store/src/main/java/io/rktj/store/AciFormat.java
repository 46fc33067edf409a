package io.rktj.store;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.XZInputStream;

import io.rktj.api.RktException;

/** The four shapes an ACI file may take, told apart by their magic bytes. */
enum AciFormat {
    TAR, GZIP, BZIP2, XZ;

    private static final int BUFFER = 1 << 16;
    private static final byte[] GZIP_MAGIC = {0x1f, (byte) 0x8b};
    private static final byte[] BZIP2_MAGIC = {'B', 'Z', 'h'};
    private static final byte[] XZ_MAGIC = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00};
    private static final byte[] USTAR = "ustar".getBytes(StandardCharsets.US_ASCII);
    private static final int USTAR_OFFSET = 257;

    /** Looks at the first bytes without consuming them. */
    static AciFormat detect(BufferedInputStream in) throws IOException {
        byte[] head = peek(in, 512);
        if (startsWith(head, 0, GZIP_MAGIC)) {
            return GZIP;
        }
        if (startsWith(head, 0, BZIP2_MAGIC)) {
            return BZIP2;
        }
        if (startsWith(head, 0, XZ_MAGIC)) {
            return XZ;
        }
        if (isTar(head)) {
            return TAR;
        }
        throw new RktException("not an ACI: unknown compression/format");
    }

    /** True if the bytes start a ustar (POSIX or GNU) archive. */
    static boolean isTar(byte[] head) {
        return startsWith(head, USTAR_OFFSET, USTAR);
    }

    static byte[] peek(BufferedInputStream in, int n) throws IOException {
        in.mark(n);
        byte[] head = in.readNBytes(n);
        in.reset();
        return head;
    }

    /** The uncompressed tar stream; concatenated members or streams are read as one, as gzip(1) does. */
    InputStream open(InputStream in) throws IOException {
        return switch (this) {
            case TAR -> in;
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case BZIP2 -> new BZip2CompressorInputStream(in, true);
            case XZ -> new XZInputStream(in);
        };
    }

    private static boolean startsWith(byte[] data, int offset, byte[] prefix) {
        return data.length >= offset + prefix.length
                && Arrays.equals(data, offset, offset + prefix.length, prefix, 0, prefix.length);
    }
}
