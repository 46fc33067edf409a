package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * Writes one archive entry's file, node or symbolic link metadata: what the OCI layer applier
 * ({@link LayerApplier}) and the ACI tree writer ({@link TreeWriter}) share. They decide where an
 * entry may go; this makes it, with the archive's numeric owner, mode, extended attributes and
 * times, and calls chown and chmod only where the file would otherwise come out different.
 */
final class EntryWriter {
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    /** The file attribute of each permission mode 0000-0777, made once. */
    static final FileAttribute<?>[] PERMISSIONS = permissionAttributes();

    private final ProcessCredentials creds = ProcessCredentials.current();
    private final byte[] buffer = new byte[1 << 20];
    private long bytes;

    ProcessCredentials creds() {
        return creds;
    }

    /** Bytes of regular files written. */
    long bytes() {
        return bytes;
    }

    /** A new regular file with {@code data} as its content. */
    void writeFile(Path p, TarArchiveEntry e, InputStream data, Map<String, byte[]> xattrs) throws IOException {
        int mode = e.getMode() & 07777;
        try (FileChannel ch = FileChannel.open(p, CREATE, PERMISSIONS[mode & 0777])) {
            int n;
            while ((n = data.read(buffer)) > 0) {
                ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                bytes += n;
            }
        }
        own(p, e.getLongUserId(), e.getLongGroupId());
        // Created with the mode's permission bits minus the umask (and chown clears setuid): chmod only then.
        if (creds.umask() < 0 || (mode & 07000) != 0 || (mode & creds.umask()) != 0) {
            Files.setAttribute(p, "unix:mode", mode);
        }
        xattrs(p, xattrs);
        times(p, e);
    }

    /** A new symbolic link to the entry's link name, never followed. */
    void symlink(Path p, TarArchiveEntry e, Map<String, byte[]> xattrs) throws IOException {
        Files.createSymbolicLink(p, Path.of(e.getLinkName()));
        own(p, e.getLongUserId(), e.getLongGroupId());
        xattrs(p, xattrs);
        times(p, e);
    }

    /**
     * A fifo or device node, as the archive has it. The caller refuses device nodes when this
     * process is not root ({@link ProcessCredentials#root()}); mknod(2) would fail anyway.
     */
    void makeNode(Path p, TarArchiveEntry e, Map<String, byte[]> xattrs) throws IOException {
        int type = e.isFIFO() ? Posix.S_IFIFO : e.isCharacterDevice() ? Posix.S_IFCHR : Posix.S_IFBLK;
        try {
            Posix.mknod(p, type | (e.getMode() & 0777), e.getDevMajor(), e.getDevMinor());
        } catch (NativeException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
        own(p, e.getLongUserId(), e.getLongGroupId());
        Files.setAttribute(p, "unix:mode", e.getMode() & 07777);
        xattrs(p, xattrs);
        times(p, e);
    }

    /** Numeric ownership from the archive; only root can give files away, and only a difference costs a call. */
    void own(Path p, long uid, long gid) throws IOException {
        if (!creds.root()) {
            return;
        }
        if (uid != creds.uid()) {
            Files.setAttribute(p, "unix:uid", (int) uid, LinkOption.NOFOLLOW_LINKS);
        }
        if (gid != creds.gid()) {
            Files.setAttribute(p, "unix:gid", (int) gid, LinkOption.NOFOLLOW_LINKS);
        }
    }

    /** Extended attributes (values as bytes, {@link PaxTarInputStream#xattrs}), where the file system and the privileges allow. */
    static void xattrs(Path p, Map<String, byte[]> xattrs) {
        for (Map.Entry<String, byte[]> x : xattrs.entrySet()) {
            Posix.lsetxattr(p, x.getKey(), x.getValue());
        }
    }

    /** One utimensat(2) per entry, never following a symbolic link. */
    static void times(Path p, TarArchiveEntry e) throws IOException {
        Instant mtime = e.getLastModifiedTime().toInstant();
        Instant atime = e.getLastAccessTime() == null ? mtime : e.getLastAccessTime().toInstant();
        try {
            Posix.setTimes(p, atime.getEpochSecond(), atime.getNano(), mtime.getEpochSecond(), mtime.getNano());
        } catch (NativeException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
    }

    private static FileAttribute<?>[] permissionAttributes() {
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE, high bit first
        FileAttribute<?>[] attrs = new FileAttribute<?>[512];
        for (int mode = 0; mode < 512; mode++) {
            Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
            for (int i = 0; i < 9; i++) {
                if ((mode & (0400 >> i)) != 0) {
                    set.add(bits[i]);
                }
            }
            attrs[mode] = PosixFilePermissions.asFileAttribute(set);
        }
        return attrs;
    }
}
