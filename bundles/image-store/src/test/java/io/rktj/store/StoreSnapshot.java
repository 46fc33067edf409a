package io.rktj.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Everything under a directory (paths and sizes), to show that a failed operation changed nothing. */
final class StoreSnapshot {
    private StoreSnapshot() {
    }

    static List<String> of(Path root) {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.map(p -> root.relativize(p) + " " + size(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many entries a directory holds. */
    static long entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? Files.size(p) : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
