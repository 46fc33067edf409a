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
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/**
 * Writes archive entries into a fresh directory that nobody else touches while it is written.
 * It remembers what every path it created is, so it never has to look at the disk to stay inside
 * the directory: nothing is ever overwritten (the first entry for a path wins, as in appc's
 * renderer, where upper images come first), a path below something that is not a directory is
 * skipped instead of followed, and hard links may only point at files it wrote. Directory modes,
 * owners and times are set at the end, once nothing more is created inside them.
 */
final class TreeWriter {
    private enum Made { DIRECTORY, IMPLICIT_DIRECTORY, FILE, SYMLINK, NODE }

    private record DirectoryMeta(int mode, long uid, long gid, FileTime mtime) {
    }

    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<?>[] PERMISSIONS = permissionAttributes();

    private final Path dir;
    private final ProcessCredentials creds = ProcessCredentials.current();
    private final Map<String, Made> made = new HashMap<>();
    private final Map<String, DirectoryMeta> directories = new LinkedHashMap<>();
    private final byte[] buffer = new byte[1 << 20];
    private long bytes;

    /** {@code dir} must exist and be empty; names are written relative to it ({@code rootfs/...}). */
    TreeWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectory(dir.resolve(TarPath.ROOTFS));
        made.put(TarPath.ROOTFS, Made.IMPLICIT_DIRECTORY);
    }

    /** Bytes of regular files written. */
    long bytes() {
        return bytes;
    }

    /** Writes one entry whose name is already cleaned and filtered; {@code data} is its content. */
    void write(String name, EntryKind kind, TarArchiveEntry e, InputStream data) throws IOException {
        Made existing = made.get(name);
        if (existing != null) {
            // An upper image (or an earlier entry) has this path; a directory it only implied takes this one's metadata.
            if (existing == Made.IMPLICIT_DIRECTORY && kind == EntryKind.DIRECTORY) {
                made.put(name, Made.DIRECTORY);
                directories.put(name, meta(e));
            }
            return;
        }
        if (!makeParents(name)) {
            return;
        }
        Path p = dir.resolve(name);
        switch (kind) {
            case DIRECTORY -> {
                Files.createDirectory(p);
                made.put(name, Made.DIRECTORY);
                directories.put(name, meta(e));
            }
            case FILE -> {
                writeFile(p, e, data);
                made.put(name, Made.FILE);
            }
            case SYMLINK -> {
                Files.createSymbolicLink(p, Path.of(e.getLinkName()));
                own(p, e.getLongUserId(), e.getLongGroupId());
                times(p, e, LinkOption.NOFOLLOW_LINKS);
                made.put(name, Made.SYMLINK);
            }
            case HARDLINK -> {
                String target = TarPath.clean(e.getLinkName());
                // The import refused links to anything but an earlier file; a target that a whitelist
                // dropped or an upper image replaced by a non-file leaves nothing to link to.
                if (made.get(target) == Made.FILE) {
                    Files.createLink(p, dir.resolve(target));
                    made.put(name, Made.FILE);
                }
            }
            case SPECIAL -> {
                makeNode(p, e);
                made.put(name, Made.NODE);
            }
        }
    }

    /** A device node or fifo, as the image has it; only root may create device nodes. */
    private void makeNode(Path p, TarArchiveEntry e) throws IOException {
        int type = e.isFIFO() ? Posix.S_IFIFO : e.isCharacterDevice() ? Posix.S_IFCHR : Posix.S_IFBLK;
        if (type != Posix.S_IFIFO && !creds.root()) {
            throw new IOException("device node " + e.getName() + ": only root can create device nodes");
        }
        try {
            Posix.mknod(p, type | (e.getMode() & 07777), e.getDevMajor(), e.getDevMinor());
        } catch (NativeException ex) {
            throw new IOException(ex.getMessage(), ex);
        }
        own(p, e.getLongUserId(), e.getLongGroupId());
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(permissions(e.getMode())));
        times(p, e);
    }

    private static String permissions(int mode) {
        String all = "rwxrwxrwx";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            b.append((mode & (0400 >> i)) != 0 ? all.charAt(i) : '-');
        }
        return b.toString();
    }

    /** Makes sure a directory exists (pathWhitelist entries ending in "/"). */
    void ensureDirectory(String name) throws IOException {
        if (!made.containsKey(name) && makeParents(name)) {
            Files.createDirectory(dir.resolve(name));
            made.put(name, Made.IMPLICIT_DIRECTORY);
        }
    }

    /** Sets the directories' owners, modes and times, now that nothing more is created in them. */
    void finish() throws IOException {
        int defaultMode = creds.umask() < 0 ? -1 : 0777 & ~creds.umask();
        for (Map.Entry<String, DirectoryMeta> d : directories.entrySet()) {
            Path p = dir.resolve(d.getKey());
            DirectoryMeta m = d.getValue();
            own(p, m.uid(), m.gid());
            if (m.mode() != defaultMode) {
                Files.setAttribute(p, "unix:mode", m.mode());
            }
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(m.mtime(), m.mtime(), null);
        }
    }

    private void writeFile(Path p, TarArchiveEntry e, InputStream data) throws IOException {
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
        // Created with the mode's permission bits, minus the umask; chmod only what that could not give.
        if (creds.umask() < 0 || (mode & 07000) != 0 || (mode & creds.umask()) != 0) {
            Files.setAttribute(p, "unix:mode", mode);
        }
        times(p, e);
    }

    /** Creates the missing parents of {@code name}; false if one of them is not a directory. */
    private boolean makeParents(String name) throws IOException {
        Deque<String> missing = new ArrayDeque<>();
        for (String parent = TarPath.parent(name); parent != null; parent = TarPath.parent(parent)) {
            Made m = made.get(parent);
            if (m == Made.DIRECTORY || m == Made.IMPLICIT_DIRECTORY) {
                break;
            }
            if (m != null) {
                return false;
            }
            missing.push(parent);
        }
        for (String m : missing) {
            Files.createDirectory(dir.resolve(m));
            made.put(m, Made.IMPLICIT_DIRECTORY);
        }
        return true;
    }

    /** Numeric ownership from the archive; only root can give files away, and only a difference costs a call. */
    private void own(Path p, long uid, long gid) throws IOException {
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

    private static void times(Path p, TarArchiveEntry e, LinkOption... options) throws IOException {
        FileTime mtime = e.getLastModifiedTime();
        FileTime atime = e.getLastAccessTime() == null ? mtime : e.getLastAccessTime();
        Files.getFileAttributeView(p, BasicFileAttributeView.class, options).setTimes(mtime, atime, null);
    }

    private static DirectoryMeta meta(TarArchiveEntry e) {
        return new DirectoryMeta(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime());
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
