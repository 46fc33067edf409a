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

    private static void add(TarArchiveOutputStream tar, Path file, String name) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(file, name, LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(file)) {
            TarArchiveEntry link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
            link.setLinkName(Files.readSymbolicLink(file).toString());
            link.setUserId(e.getLongUserId());
            link.setGroupId(e.getLongGroupId());
            link.setModTime(e.getLastModifiedTime());
            e = link;
        }
        tar.putArchiveEntry(e);
        if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(file, tar);
        }
        tar.closeArchiveEntry();
    }
}
