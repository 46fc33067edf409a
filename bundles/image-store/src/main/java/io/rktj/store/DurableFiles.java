package io.rktj.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

import io.rktj.sys.NativeException;
import io.rktj.sys.Posix;

/** Crash-safe file operations: write a temporary name, fsync, rename, fsync the directory. */
final class DurableFiles {
    private DurableFiles() {
    }

    /** Replaces {@code target} with {@code data}; a crash leaves the old or the new content, never a mix. */
    static void replace(Path target, byte[] data, Path temp, boolean syncDirectory) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        if (syncDirectory) {
            syncDirectory(target.getParent());
        }
    }

    /** Makes a rename or an unlink in {@code dir} durable. */
    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /**
     * Flushes the whole file system holding {@code path} (syncfs(2)): one call instead of an
     * fsync per file of a rendered tree.
     */
    static void syncFileSystem(Path path) throws IOException {
        try {
            Posix.syncFileSystem(path);
        } catch (NativeException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Deletes a tree without following symbolic links; a missing tree is not an error. */
    static void deleteTree(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        }
    }
}
