package io.rktj.itests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One test's private folder: {@code data/} (rkt's --dir), {@code images/}, {@code logs/}.
 * Closing it stops what the test left running, garbage-collects the pods and deletes the
 * folder, but never while anything is still mounted below it: a recursive delete through a
 * leaked bind mount of /dev or /sys would delete the host's own files.
 */
public final class Workspace implements AutoCloseable {
    private final Path root;
    private final Rkt rkt;
    private final List<RktProcess> background = new ArrayList<>();

    private Workspace(Path root) {
        this.root = root;
        this.rkt = new Rkt(Rkt.home(), root.resolve("data"), root.resolve("logs"));
    }

    public static Workspace create(String name) {
        try {
            Path base = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "rktj-itests"));
            return new Workspace(Files.createTempDirectory(base, name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A workspace made earlier, e.g. by a Pax Exam configuration before the framework started. */
    public static Workspace open(Path root) {
        return new Workspace(root);
    }

    /** Lets other users read the images: a test that runs rkt unprivileged must fail for that reason alone. */
    public void openToOtherUsers() {
        try {
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    /**
     * A copy of the built distribution in {@code dist/} of this workspace, for a test that
     * changes its jars; a runner for its bin/rkt uses this workspace's data dir.
     */
    public Path copyOfDistribution() {
        Path from = Rkt.home();
        Path to = root.resolve("dist");
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES,
                            java.nio.file.LinkOption.NOFOLLOW_LINKS);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("copy the distribution " + from + ": " + e.getMessage(), e);
        }
        return to;
    }

    public Rkt rkt() {
        return rkt;
    }

    public Path dataDir() {
        return rkt.dataDir();
    }

    /** A path for a test image (not yet written). */
    public Path image(String fileName) {
        return root.resolve("images").resolve(fileName);
    }

    /** A path for any other file of the test. */
    public Path file(String name) {
        return root.resolve(name);
    }

    /** Starts rkt in the background; close() kills it if the test did not wait for it. */
    public RktProcess start(Rkt.Call call) {
        RktProcess p = call.start();
        background.add(p);
        return p;
    }

    /** The pod directories in one state folder: embryo, prepare, prepared, run, exited-garbage, garbage. */
    public List<Path> pods(String state) {
        Path dir = dataDir().resolve("pods").resolve(state);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pod directories in every state. */
    public List<Path> allPods() {
        List<Path> all = new ArrayList<>();
        for (String state : List.of("embryo", "prepare", "prepared", "run", "exited-garbage", "garbage")) {
            all.addAll(pods(state));
        }
        return all;
    }

    @Override
    public void close() {
        background.stream().filter(RktProcess::isAlive).forEach(RktProcess::kill);
        if (Files.isDirectory(dataDir().resolve("pods"))) {
            rkt.run("gc", "--grace-period=0s");
        }
        List<String> mounts = HostMounts.under(root);
        if (!mounts.isEmpty()) {
            throw new AssertionError("mounts left behind under " + root + " (folder kept): " + mounts);
        }
        deleteOnThisFilesystem(root);
    }

    private static void deleteOnThisFilesystem(Path root) {
        try {
            Object device = Files.getAttribute(root, "unix:dev");
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!device.equals(Files.getAttribute(dir, "unix:dev"))) {
                        throw new IOException("refusing to delete across a mount point: " + dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

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
        } catch (IOException e) {
            throw new UncheckedIOException("delete " + root, e);
        }
    }
}
