package io.rktj.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.rktj.api.RktException;

/**
 * rkt's data directory: {@code <dir>/pods/<state>/<uuid>}. Finds pods, derives their state from
 * where they are and whether they are locked, and moves them between states by rename(2).
 */
final class DataDir {
    private static final int FIND_ATTEMPTS = 5;

    private final Path root;

    DataDir(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    Path stateDir(StateDir s) {
        return root.resolve("pods").resolve(s.dirName());
    }

    Path podPath(StateDir s, UUID uuid) {
        return stateDir(s).resolve(uuid.toString());
    }

    /** Creates the state directories; safe when several processes do it at once. */
    void init() {
        for (StateDir s : StateDir.values()) {
            try {
                Files.createDirectories(stateDir(s));
            } catch (IOException e) {
                throw RktException.wrap("create " + stateDir(s), e);
            }
        }
    }

    /** The UUIDs of the pod directories in one state directory; other entries are ignored. */
    List<UUID> list(StateDir s) {
        List<UUID> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(stateDir(s))) {
            for (Path p : ds) {
                parseUuid(p.getFileName().toString())
                        .filter(u -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw RktException.wrap("list " + stateDir(s), e);
        }
        return out;
    }

    /** Every pod in any state, each once even if it moved while being listed. */
    List<UUID> listAll() {
        Set<UUID> all = new LinkedHashSet<>();
        for (StateDir s : StateDir.values()) {
            all.addAll(list(s));
        }
        return new ArrayList<>(all);
    }

    /**
     * Finds a pod and probes its state. Directories are searched in lifecycle order, so a pod
     * moving forward while we look is still found; a pod that moved between being seen and being
     * probed is looked up again.
     */
    Optional<PodHandle> find(UUID uuid) {
        for (int attempt = 0; attempt < FIND_ATTEMPTS; attempt++) {
            boolean seen = false;
            for (StateDir s : StateDir.values()) {
                if (!Files.isDirectory(podPath(s, uuid), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                seen = true;
                Optional<PodHandle> h = probe(s, uuid);
                if (h.isPresent()) {
                    return h;
                }
                break;
            }
            if (!seen) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The pod's state if it is in this state directory, by rkt's non-blocking shared-lock probe. */
    Optional<PodHandle> probe(StateDir s, UUID uuid) {
        Path p = podPath(s, uuid);
        if (!s.lockMatters()) {
            return Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)
                    ? Optional.of(new PodHandle(uuid, s, p, s.state(false)))
                    : Optional.empty();
        }
        Optional<PodLock> lock = PodLock.openIfExists(p);
        if (lock.isEmpty()) {
            return Optional.empty();
        }
        try (PodLock l = lock.get()) {
            boolean held = !l.tryShared();
            if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.empty();
            }
            return Optional.of(new PodHandle(uuid, s, p, s.state(held)));
        }
    }

    /**
     * Moves a pod to another state directory with rename(2) and syncs the target directory, as rkt
     * does. Throws {@link NoSuchFileException} when the pod is no longer where the handle says.
     */
    PodHandle move(PodHandle h, StateDir to, boolean lockHeld) throws NoSuchFileException {
        return move(h, to, lockHeld, true);
    }

    /** As {@link #move(PodHandle, StateDir, boolean)}; {@code durable} false skips the directory's sync. */
    PodHandle move(PodHandle h, StateDir to, boolean lockHeld, boolean durable) throws NoSuchFileException {
        Path target = podPath(to, h.uuid());
        try {
            Files.move(h.path(), target, StandardCopyOption.ATOMIC_MOVE);
            if (durable) {
                syncDir(stateDir(to));
            }
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw RktException.wrap("move pod " + h.uuid() + " to " + to.dirName(), e);
        }
        return new PodHandle(h.uuid(), to, target, to.state(lockHeld));
    }

    private static void syncDir(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static Optional<UUID> parseUuid(String s) {
        try {
            UUID u = UUID.fromString(s);
            return u.toString().equals(s) ? Optional.of(u) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
