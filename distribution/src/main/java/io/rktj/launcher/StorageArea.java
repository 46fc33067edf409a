package io.rktj.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * The framework's storage directory: one per process, named by its pid, under one parent.
 * A fly {@code rkt run} execve()s its JVM into the pod supervisor, so a storage directory can
 * outlive the JVM that made it; it is removed by the first launcher that finds its pid gone.
 */
final class StorageArea {

    /** A folder for the storage directories, instead of the one chosen by {@link #forThisProcess}. */
    static final String STORAGE_PROPERTY = "rkt.launcher.storage";

    private static final Path PROC = Path.of("/proc");

    private final Path parent;
    private final Path directory;

    StorageArea(Path parent, long pid) {
        this.parent = parent;
        this.directory = parent.resolve(Long.toString(pid));
    }

    /**
     * The folder named by {@code -Drkt.launcher.storage}; else one of this user's in /dev/shm,
     * a memory file system on every Linux host; else /run/rktj/felix when /run is writable
     * (root), else a per-user folder in java.io.tmpdir. /dev/shm comes first because /run is not
     * always a tmpfs: on a disk file system, creating and removing the ~110 files and folders of
     * a storage costs a command ~40 ms (ext4's inode allocation, measured on this project's CI
     * machine).
     */
    static StorageArea forThisProcess() {
        long pid = pid();
        String named = System.getProperty(STORAGE_PROPERTY);
        if (named != null && !named.isEmpty()) {
            return new StorageArea(Path.of(named), pid);
        }
        Path memory = ownFolderIn(Path.of("/dev/shm"));
        if (memory != null) {
            return new StorageArea(memory, pid);
        }
        Path run = Path.of("/run");
        if (Files.isWritable(run)) {
            return new StorageArea(run.resolve("rktj").resolve("felix"), pid);
        }
        String user = System.getProperty("user.name", "user");
        return new StorageArea(Path.of(System.getProperty("java.io.tmpdir"), "rktj-felix-" + user), pid);
    }

    /**
     * {@code rktj-felix-<uid>} in the shared, world-writable {@code folder}: made owner-only if
     * missing, and used only if it is a real folder (not a link) that this user owns and nobody
     * else can enter; otherwise null.
     */
    static Path ownFolderIn(Path folder) {
        try {
            if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                return null;
            }
            int uid = (Integer) Files.getAttribute(PROC.resolve("self"), "unix:uid");
            Path own = folder.resolve("rktj-felix-" + uid);
            try {
                Files.createDirectory(own, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            } catch (FileAlreadyExistsException e) {
                // checked below like a new one
            }
            Map<String, Object> attributes = Files.readAttributes(own, "unix:uid,mode,isDirectory",
                    LinkOption.NOFOLLOW_LINKS);
            boolean ours = Boolean.TRUE.equals(attributes.get("isDirectory"))
                    && ((Integer) attributes.get("uid")) == uid
                    && (((Integer) attributes.get("mode")) & 0077) == 0;
            return ours ? own : null;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException
                | SecurityException e) {
            return null;
        }
    }

    /** This process's id: /proc/self names it without ProcessHandle's set-up (a few ms at start). */
    static long pid() {
        try {
            return Long.parseLong(Files.readSymbolicLink(PROC.resolve("self")).toString());
        } catch (IOException | NumberFormatException | UnsupportedOperationException e) {
            return ProcessHandle.current().pid();
        }
    }

    Path directory() {
        return directory;
    }

    /** Creates the parent (owner-only) and removes the directories of processes that are gone. */
    void prepare() {
        try {
            if (!Files.isDirectory(parent)) {
                Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
                for (Path entry : entries) {
                    if (isStale(entry)) {
                        removeStale(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("framework storage " + parent + ": " + e.getMessage(), e);
        }
    }

    /** Another launcher may be removing the same directory: whatever is left is the next start's work. */
    private static void removeStale(Path entry) {
        try {
            deleteTree(entry);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort, see above
        }
    }

    /** Removes this process's directory; a failure only leaves work for the next start. */
    void delete() {
        try {
            deleteTree(directory);
        } catch (IOException | UncheckedIOException ignored) {
            // the next launcher removes it once this pid is gone
        }
    }

    private boolean isStale(Path entry) {
        String name = entry.getFileName().toString();
        if (name.isEmpty() || name.length() > 18 || !name.chars().allMatch(Character::isDigit)
                || entry.equals(directory)) {
            return false;
        }
        if (Files.isDirectory(PROC.resolve("self"))) {
            return !Files.exists(PROC.resolve(name));
        }
        return ProcessHandle.of(Long.parseLong(name)).map(p -> !p.isAlive()).orElse(true);
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
                if (failure instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed meanwhile by another launcher
                }
                throw failure;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
