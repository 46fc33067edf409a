package io.rktj.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a rendered tree ({@code manifest} and {@code rootfs/}) as an uncompressed ACI, with
 * modes, numeric owners, times, symbolic links and hard links as they are on disk.
 */
final class AciWriter {
    private final OutputStream out;

    AciWriter(OutputStream out) {
        this.out = out;
    }

    void write(Path tree) throws IOException {
        TarArchiveOutputStream tar = new TarArchiveOutputStream(out, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        add(tar, tree.resolve(TarPath.MANIFEST), TarPath.MANIFEST);
        Map<Object, String> inodes = new HashMap<>();
        Path rootfs = tree.resolve(TarPath.ROOTFS);
        Files.walkFileTree(rootfs, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                add(tar, dir, name(dir));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String name = name(file);
                if (attrs.isRegularFile() && (int) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS) > 1) {
                    String first = inodes.putIfAbsent(attrs.fileKey(), name);
                    if (first != null) {
                        TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_LINK);
                        link.setLinkName(first);
                        tar.putArchiveEntry(link);
                        tar.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }
                }
                add(tar, file, name);
                return FileVisitResult.CONTINUE;
            }

            private String name(Path p) {
                String rel = rootfs.relativize(p).toString();
                return rel.isEmpty() ? TarPath.ROOTFS : TarPath.ROOTFS_PREFIX + rel;
            }
        });
        tar.finish();
    }

    /** One entry with the file's type, numeric owner, mode and mtime as they are on disk. */
    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        Map<String, Object> a = Files.readAttributes(file, "unix:mode,uid,gid,lastModifiedTime,size,rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (int) a.get("mode");
        int type = mode & 0170000;
        byte flag = switch (type) {
            case 0040000 -> TarConstants.LF_DIR;
            case 0120000 -> TarConstants.LF_SYMLINK;
            case 0020000 -> TarConstants.LF_CHR;
            case 0060000 -> TarConstants.LF_BLK;
            case 0010000 -> TarConstants.LF_FIFO;
            default -> TarConstants.LF_NORMAL;
        };
        TarArchiveEntry e = new TarArchiveEntry(flag == TarConstants.LF_DIR ? name + "/" : name, flag, true);
        e.setMode(mode & 07777);
        e.setUserId((int) a.get("uid"));
        e.setGroupId((int) a.get("gid"));
        e.setModTime((FileTime) a.get("lastModifiedTime"));
        if (flag == TarConstants.LF_SYMLINK) {
            e.setLinkName(Files.readSymbolicLink(file).toString());
        } else if (flag == TarConstants.LF_CHR || flag == TarConstants.LF_BLK) {
            long rdev = (long) a.get("rdev");
            e.setDevMajor((int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL)));
            e.setDevMinor((int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL)));
        } else if (flag == TarConstants.LF_NORMAL) {
            e.setSize((long) a.get("size"));
        }
        tar.putArchiveEntry(e);
        if (flag == TarConstants.LF_NORMAL) {
            Files.copy(file, tar);
        }
        tar.closeArchiveEntry();
    }
}
