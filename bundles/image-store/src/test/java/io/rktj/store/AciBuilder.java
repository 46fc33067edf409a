package io.rktj.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/** Builds ACIs for the tests, entry by entry, with the tar written by commons-compress. */
final class AciBuilder {
    static final FileTime MTIME = FileTime.from(Instant.parse("2020-02-02T10:20:30Z"));

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;
    private byte[] done;

    private AciBuilder() {
        tar = new TarArchiveOutputStream(bytes, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    /** An empty archive: add the manifest and rootfs yourself. */
    static AciBuilder raw() {
        return new AciBuilder();
    }

    /** A valid ACI with the given manifest, a rootfs directory and nothing in it yet. */
    static AciBuilder image(String manifestJson) {
        return raw().file("manifest", manifestJson, 0644).dir("rootfs", 0755);
    }

    static String manifest(String name, String version, String extra) {
        return "{\"acKind\":\"ImageManifest\",\"acVersion\":\"0.8.11\",\"name\":\"" + name + "\""
                + (version == null ? "" : ",\"labels\":[{\"name\":\"version\",\"value\":\"" + version + "\"},"
                + "{\"name\":\"os\",\"value\":\"linux\"}]")
                + ",\"app\":{\"exec\":[\"/bin/sh\"],\"user\":\"0\",\"group\":\"0\"}"
                + (extra == null ? "" : "," + extra) + "}";
    }

    static AciBuilder image(String name, String version) {
        return image(manifest(name, version, null));
    }

    AciBuilder dir(String name, int mode) {
        return entry(name.endsWith("/") ? name : name + "/", TarConstants.LF_DIR, mode, 0, 0, null, null);
    }

    AciBuilder file(String name, String content, int mode) {
        return file(name, content, mode, 0, 0);
    }

    AciBuilder file(String name, String content, int mode, int uid, int gid) {
        return entry(name, TarConstants.LF_NORMAL, mode, uid, gid, null, content.getBytes(StandardCharsets.UTF_8));
    }

    AciBuilder symlink(String name, String target) {
        return entry(name, TarConstants.LF_SYMLINK, 0777, 0, 0, target, null);
    }

    AciBuilder hardlink(String name, String target) {
        return entry(name, TarConstants.LF_LINK, 0644, 0, 0, target, null);
    }

    AciBuilder charDevice(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_CHR);
        e.setDevMajor(1);
        e.setDevMinor(3);
        return put(e, null);
    }

    private AciBuilder entry(String name, byte type, int mode, int uid, int gid, String link, byte[] data) {
        // preserveAbsolutePath: hostile names must reach the archive as written.
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setMode(mode);
        e.setUserId(uid);
        e.setGroupId(gid);
        e.setLastModifiedTime(MTIME);
        if (link != null) {
            e.setLinkName(link);
        }
        if (data != null) {
            e.setSize(data.length);
        }
        return put(e, data);
    }

    private AciBuilder put(TarArchiveEntry e, byte[] data) {
        try {
            tar.putArchiveEntry(e);
            if (data != null) {
                tar.write(data);
            }
            tar.closeArchiveEntry();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return this;
    }

    /** The uncompressed tar. */
    byte[] tar() {
        if (done == null) {
            try {
                tar.finish();
                tar.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done = bytes.toByteArray();
        }
        return done;
    }

    byte[] compressed(AciFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = switch (format) {
            case TAR -> out;
            case GZIP -> new GZIPOutputStream(out);
            case BZIP2 -> new BZip2CompressorOutputStream(out);
            case XZ -> new XZOutputStream(out, new LZMA2Options(1));
        }) {
            c.write(tar());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    InputStream stream() {
        return new ByteArrayInputStream(compressed(AciFormat.GZIP));
    }

    /** The id computed independently of the store: sha512 of the uncompressed tar. */
    String expectedId() {
        try {
            return "sha512-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(tar()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
