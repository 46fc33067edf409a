package io.rktj.fetch.aci;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.SchemaException;

/**
 * What a downloaded ACI is, read before anything goes into the store: its manifest (for the name
 * the signature is checked for, the dependencies and the labels) and its image id, the SHA-512 of
 * the uncompressed tar, as the store will compute it.
 */
record AciContent(ImageManifest manifest, String id) {

    static AciContent read(Path file) throws IOException {
        MessageDigest sha512;
        try {
            sha512 = MessageDigest.getInstance("SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ImageManifest manifest = null;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
                InputStream tarBytes = new Hashing(decompressed(raw), sha512);
                TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName().startsWith("./") ? e.getName().substring(2) : e.getName();
                if (name.equals("manifest") && e.isFile()) {
                    if (e.getSize() > 1 << 20) {
                        throw new IOException("not an ACI: manifest larger than 1 MiB");
                    }
                    manifest = Manifests.readImageManifest(tar.readAllBytes());
                }
            }
            // the store hashes the whole stream, padding included
            tarBytes.transferTo(OutputStream.nullOutputStream());
        } catch (SchemaException e) {
            throw new IOException("image manifest: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("not an ACI: " + e.getMessage(), e);
        }
        if (manifest == null) {
            throw new IOException("not an ACI: no manifest");
        }
        try {
            Manifests.validate(manifest);
        } catch (SchemaException e) {
            throw new IOException("image manifest: " + e.getMessage(), e);
        }
        return new AciContent(manifest, "sha512-" + HexFormat.of().formatHex(sha512.digest()));
    }

    private static InputStream decompressed(InputStream in) throws IOException {
        in.mark(8);
        byte[] magic = in.readNBytes(6);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new GzipCompressorInputStream(in, true);
        }
        if (magic.length >= 3 && magic[0] == 'B' && magic[1] == 'Z' && magic[2] == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        if (magic.length >= 6 && (magic[0] & 0xff) == 0xfd && magic[1] == '7' && magic[2] == 'z' && magic[3] == 'X'
                && magic[4] == 'Z' && magic[5] == 0) {
            return new XZCompressorInputStream(in, true);
        }
        return in;
    }

    /** Hashes every byte read; a skip is a read, so entries nobody looks at are hashed too. */
    private static final class Hashing extends FilterInputStream {
        private final MessageDigest digest;

        Hashing(InputStream in, MessageDigest digest) {
            super(in);
            this.digest = digest;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 1 << 16)];
            long done = 0;
            while (done < n) {
                int r = read(buf, 0, (int) Math.min(buf.length, n - done));
                if (r < 0) {
                    break;
                }
                done += r;
            }
            return done;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
