package io.rktj.store.oci;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

import io.rktj.api.image.OciImageRef;
import io.rktj.api.image.OciSource;
import io.rktj.api.schema.NameValue;

/**
 * Builds OCI images in memory for tests: layers as tars (plain, gzip or zstd), a config, a
 * manifest, optionally an index; serves them as an {@link OciSource} (counting blob reads) and
 * writes them as an OCI image layout directory that skopeo and umoci read.
 */
public final class OciImageBuilder {
    public static final FileTime TIME = FileTime.fromMillis(1_600_000_000_000L);

    public enum Compression { NONE, GZIP, ZSTD }

    /** One layer under construction. */
    public final class Layer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final TarArchiveOutputStream tar;
        private final Compression compression;
        private final List<Map.Entry<byte[], byte[]>> patches = new ArrayList<>();

        Layer(Compression compression) {
            this.compression = compression;
            tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        }

        public Layer dir(String name, int mode) {
            return entry(name, TarConstants.LF_DIR, mode, 0, 0, null, null);
        }

        public Layer file(String name, String content, int mode) {
            return file(name, content.getBytes(StandardCharsets.UTF_8), mode, 0, 0);
        }

        public Layer file(String name, byte[] content, int mode, int uid, int gid) {
            return entry(name, TarConstants.LF_NORMAL, mode, uid, gid, null, content);
        }

        public Layer symlink(String name, String target) {
            return entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0, target, null);
        }

        public Layer hardlink(String name, String target) {
            return entry(name, TarConstants.LF_LINK, 0644, 0, 0, target, null);
        }

        public Layer whiteout(String name) {
            return entry(name, TarConstants.LF_NORMAL, 0644, 0, 0, null, new byte[0]);
        }

        public Layer fileWithXattr(String name, String content, String xattr, String value) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setMode(0644);
            e.setModTime(TIME);
            e.setSize(content.length());
            e.addPaxHeader("SCHILY.xattr." + xattr, value);
            return putWithContent(e, content);
        }

        /**
         * A file whose PAX header has records with binary values (keys in full, e.g.
         * {@code SCHILY.xattr.user.x}), as Go's archive/tar writes them. commons-compress writes
         * PAX values as UTF-8 text only, so each value goes in as a placeholder of the same
         * length that {@link #done} overwrites with the bytes before compressing.
         */
        public Layer fileWithBinaryPaxRecords(String name, String content, Map<String, byte[]> records) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            e.setMode(0644);
            e.setModTime(TIME);
            e.setSize(content.length());
            records.forEach((key, value) -> {
                String placeholder = "~".repeat(value.length);
                e.addPaxHeader(key, placeholder);
                patches.add(Map.entry((key + "=" + placeholder).getBytes(StandardCharsets.UTF_8), value));
            });
            return putWithContent(e, content);
        }

        private Layer putWithContent(TarArchiveEntry e, String content) {
            try {
                tar.putArchiveEntry(e);
                tar.write(content.getBytes(StandardCharsets.UTF_8));
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return this;
        }

        private void patch(byte[] plain) {
            for (Map.Entry<byte[], byte[]> p : patches) {
                int at = indexOf(plain, p.getKey());
                if (at < 0) {
                    throw new IllegalStateException("PAX record placeholder not found");
                }
                byte[] value = p.getValue();
                System.arraycopy(value, 0, plain, at + p.getKey().length - value.length, value.length);
            }
        }

        private static int indexOf(byte[] data, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= data.length; i++) {
                for (int k = 0; k < needle.length; k++) {
                    if (data[i + k] != needle[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }

        public Layer device(String name, int major, int minor) {
            TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
            e.setMode(0600);
            e.setDevMajor(major);
            e.setDevMinor(minor);
            e.setModTime(TIME);
            try {
                tar.putArchiveEntry(e);
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return this;
        }

        private Layer entry(String name, byte type, int mode, int uid, int gid, String link, byte[] content) {
            TarArchiveEntry e = new TarArchiveEntry(name, type, true);
            e.setMode(mode);
            e.setUserId(uid);
            e.setGroupId(gid);
            e.setModTime(TIME);
            if (link != null) {
                e.setLinkName(link);
            }
            if (content != null) {
                e.setSize(content.length);
            }
            try {
                tar.putArchiveEntry(e);
                if (content != null) {
                    tar.write(content);
                }
                tar.closeArchiveEntry();
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return this;
        }

        public OciImageBuilder done() {
            try {
                tar.finish();
                byte[] plain = bytes.toByteArray();
                patch(plain);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                String type = "application/vnd.oci.image.layer.v1.tar";
                switch (compression) {
                    case NONE -> out.write(plain);
                    case GZIP -> {
                        try (OutputStream gz = new GZIPOutputStream(out)) {
                            gz.write(plain);
                        }
                        type += "+gzip";
                    }
                    case ZSTD -> {
                        try (OutputStream z = new ZstdCompressorOutputStream(out)) {
                            z.write(plain);
                        }
                        type += "+zstd";
                    }
                }
                byte[] blob = out.toByteArray();
                layers.add(new Blob(put(blob), blob.length, type, digest(plain)));
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return OciImageBuilder.this;
        }
    }

    public record Blob(String digest, long size, String mediaType, String diffId) {
    }

    private final Map<String, byte[]> blobs = new LinkedHashMap<>();
    private final List<Blob> layers = new ArrayList<>();
    private final Map<String, AtomicInteger> reads = new LinkedHashMap<>();
    private String configJson = "{\"Entrypoint\":[\"/bin/sh\"],\"Cmd\":[\"-c\",\"echo hi\"]}";

    public Layer layer(Compression c) {
        return new Layer(c);
    }

    public Layer layer() {
        return layer(Compression.GZIP);
    }

    /** The "config" member of the image config, as JSON. */
    public OciImageBuilder config(String json) {
        configJson = json;
        return this;
    }

    /** Adds a layer made elsewhere (shared with another builder). */
    public OciImageBuilder layer(Blob b, byte[] content) {
        blobs.put(b.digest(), content);
        layers.add(b);
        return this;
    }

    public List<Blob> layers() {
        return layers;
    }

    public byte[] blob(String digest) {
        return blobs.get(digest);
    }

    public String put(byte[] data) {
        String d = digest(data);
        blobs.put(d, data);
        return d;
    }

    /** The manifest's digest; the manifest and config are stored as blobs. */
    public String build() {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layerJson = new StringBuilder();
        for (Blob l : layers) {
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(l.diffId()).append('"');
            layerJson.append(layerJson.length() == 0 ? "" : ",")
                    .append("{\"mediaType\":\"").append(l.mediaType()).append("\",\"digest\":\"").append(l.digest())
                    .append("\",\"size\":").append(l.size()).append('}');
        }
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + configJson
                + ",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = put(config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + configDigest
                + "\",\"size\":" + config.length + "},\"layers\":[" + layerJson + "]}").getBytes(StandardCharsets.UTF_8);
        return put(manifest);
    }

    /** An index with the manifest for linux/amd64 and a decoy for linux/arm64. */
    public String index(String manifestDigest) {
        String decoy = put("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}"
                .getBytes(StandardCharsets.UTF_8));
        String json = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":["
                + descriptor(decoy, "arm64") + "," + descriptor(manifestDigest, "amd64") + "]}";
        return put(json.getBytes(StandardCharsets.UTF_8));
    }

    private String descriptor(String digest, String arch) {
        return "{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + digest + "\",\"size\":"
                + blobs.get(digest).length + ",\"platform\":{\"os\":\"linux\",\"architecture\":\"" + arch + "\"}}";
    }

    public OciImageRef ref(String name, String tag, String digest) {
        return new OciImageRef(name, List.of(new NameValue("version", tag)), digest, blobs.get(digest), List.of(), "test:" + name);
    }

    /** How often each blob was read through {@link #source()}. */
    public int reads(String digest) {
        AtomicInteger n = reads.get(digest);
        return n == null ? 0 : n.get();
    }

    public OciSource source() {
        return new OciSource() {
            @Override
            public byte[] manifest(String digest) throws IOException {
                byte[] b = blobs.get(digest);
                if (b == null) {
                    throw new IOException("no manifest " + digest);
                }
                return b;
            }

            @Override
            public InputStream blob(String digest, long size) throws IOException {
                synchronized (reads) {
                    reads.computeIfAbsent(digest, d -> new AtomicInteger()).incrementAndGet();
                }
                byte[] b = blobs.get(digest);
                if (b == null) {
                    throw new IOException("no blob " + digest);
                }
                return new ByteArrayInputStream(b);
            }
        };
    }

    /** Writes an OCI image layout with the manifest tagged {@code tag}. */
    public void writeLayout(Path dir, String manifestDigest, String tag) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        for (Map.Entry<String, byte[]> b : blobs.entrySet()) {
            Files.write(dir.resolve("blobs/sha256").resolve(b.getKey().substring(7)), b.getValue());
        }
        Files.writeString(dir.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + manifestDigest + "\",\"size\":"
                + blobs.get(manifestDigest).length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}}]}");
    }

    public static String digest(byte[] data) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
