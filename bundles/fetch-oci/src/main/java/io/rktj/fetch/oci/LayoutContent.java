package io.rktj.fetch.oci;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;

import io.rktj.api.image.OciSource;

/**
 * The files of an OCI image layout, read from its directory or, without unpacking it, from a tar
 * of one (random access: each blob is streamed from its place in the archive). Blobs are only
 * ever looked up by a well-formed digest, so no name from a manifest becomes a path.
 */
abstract class LayoutContent implements OciSource, Closeable {
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    abstract byte[] file(String name) throws IOException;

    abstract InputStream open(String name) throws IOException;

    static String blobName(String digest) throws IOException {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IOException("unsupported or malformed digest \"" + digest + "\"");
        }
        return "blobs/sha256/" + digest.substring(7);
    }

    @Override
    public byte[] manifest(String digest) throws IOException {
        return file(blobName(digest));
    }

    @Override
    public InputStream blob(String digest, long size) throws IOException {
        return open(blobName(digest));
    }

    static LayoutContent directory(Path dir) {
        return new LayoutContent() {
            @Override
            byte[] file(String name) throws IOException {
                return Files.readAllBytes(dir.resolve(name));
            }

            @Override
            InputStream open(String name) throws IOException {
                return Files.newInputStream(dir.resolve(name));
            }

            @Override
            public void close() {
            }
        };
    }

    static LayoutContent archive(Path tar) throws IOException {
        TarFile file = new TarFile(tar);
        Map<String, TarArchiveEntry> entries = new HashMap<>();
        for (TarArchiveEntry e : file.getEntries()) {
            if (e.isFile()) {
                entries.put(e.getName().replaceFirst("^(\\./)+", ""), e);
            }
        }
        return new LayoutContent() {
            @Override
            byte[] file(String name) throws IOException {
                try (InputStream in = open(name)) {
                    return in.readAllBytes();
                }
            }

            @Override
            InputStream open(String name) throws IOException {
                TarArchiveEntry e = entries.get(name);
                if (e == null) {
                    throw new NoSuchFileException(name, null, "not in the archive");
                }
                InputStream in = file.getInputStream(e);
                // The entries' streams share the archive's channel: one read at a time.
                return new java.io.FilterInputStream(in) {
                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        synchronized (file) {
                            return super.read(b, off, len);
                        }
                    }

                    @Override
                    public int read() throws IOException {
                        synchronized (file) {
                            return super.read();
                        }
                    }
                };
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }
}
