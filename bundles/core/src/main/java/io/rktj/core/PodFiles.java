package io.rktj.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodLayout;

/**
 * Reading the small files of a pod directory that another process may be writing, moving or
 * removing: a file that is not there is "not yet" or "no longer", never an error.
 */
final class PodFiles {
    private PodFiles() {
    }

    /** rkt's {@code pod-created}: its mtime is when the pod was created. */
    static Path created(PodLayout layout) {
        return layout.dir().resolve("pod-created");
    }

    static Optional<Instant> mtime(Path file) {
        try {
            return Optional.of(Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("stat " + file, e);
        }
    }

    /** The inode change time: rkt's clock for when a pod entered its current state directory. */
    static Optional<Instant> ctime(Path file) {
        try {
            return Optional.of(((FileTime) Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS)).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("stat " + file, e);
        }
    }

    static Optional<String> text(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("read " + file, e);
        }
    }

    static Optional<byte[]> bytes(Path file) {
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("read " + file, e);
        }
    }

    /** An integer file (exit status, pid); empty if absent or not yet completely written. */
    static Optional<Integer> integer(Path file) {
        return text(file).flatMap(s -> {
            try {
                return Optional.of(Integer.parseInt(s));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, content);
    }
}
