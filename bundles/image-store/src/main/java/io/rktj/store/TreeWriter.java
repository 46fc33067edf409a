package io.rktj.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;

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

    private final Path dir;
    private final EntryWriter writer = new EntryWriter();
    private final ProcessCredentials creds = writer.creds();
    private final Map<String, Made> made = new HashMap<>();
    private final Map<String, DirectoryMeta> directories = new LinkedHashMap<>();

    /** {@code dir} must exist and be empty; names are written relative to it ({@code rootfs/...}). */
    TreeWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectory(dir.resolve(TarPath.ROOTFS));
        made.put(TarPath.ROOTFS, Made.IMPLICIT_DIRECTORY);
    }

    /** Bytes of regular files written. */
    long bytes() {
        return writer.bytes();
    }

    /**
     * Writes one entry whose name is already cleaned and filtered; {@code data} is its content
     * and {@code xattrs} its extended attributes ({@link PaxTarInputStream#xattrs}).
     */
    void write(String name, EntryKind kind, TarArchiveEntry e, InputStream data, Map<String, byte[]> xattrs) throws IOException {
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
                writer.writeFile(p, e, data, xattrs);
                made.put(name, Made.FILE);
            }
            case SYMLINK -> {
                writer.symlink(p, e, xattrs);
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
                if (!e.isFIFO() && !creds.root()) {
                    throw new IOException("device node " + e.getName() + ": only root can create device nodes");
                }
                writer.makeNode(p, e, xattrs);
                made.put(name, Made.NODE);
            }
        }
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
            writer.own(p, m.uid(), m.gid());
            if (m.mode() != defaultMode) {
                Files.setAttribute(p, "unix:mode", m.mode());
            }
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(m.mtime(), m.mtime(), null);
        }
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

    private static DirectoryMeta meta(TarArchiveEntry e) {
        return new DirectoryMeta(e.getMode() & 07777, e.getLongUserId(), e.getLongGroupId(), e.getLastModifiedTime());
    }
}
