package io.rktj.api.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;

import io.rktj.api.RktException;

/**
 * Paths inside an app's rootfs, resolved as the app will see them once chrooted: symlinks are
 * followed, but an absolute link target or a ".." starts from (and stops at) the rootfs, never
 * the host's root. An image whose /proc is a link to /etc, or whose volume target is a link to
 * "../../../etc", therefore gets its mounts inside its own tree.
 */
public final class RootfsPath {
    private static final int MAX_LINKS = 40;
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r--r--");

    private RootfsPath() {
    }

    /** The host path that {@code path} names inside {@code root}; it may not exist. */
    public static Path resolve(Path root, String path) {
        Deque<String> todo = new ArrayDeque<>(components(path));
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String name = todo.pollFirst();
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, done).resolve(name);
            if (!Files.isSymbolicLink(candidate)) {
                done.add(name);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new RktException(path + ": too many levels of symbolic links");
            }
            String target = readLink(candidate);
            List<String> parts = components(target);
            for (int i = parts.size() - 1; i >= 0; i--) {
                todo.addFirst(parts.get(i));
            }
            if (target.startsWith("/")) {
                done.clear();
            }
        }
        return join(root, done);
    }

    /** Resolves path and creates the directories missing along it, 0755 root:root. */
    public static Path directory(Path root, String path) {
        Path target = resolve(root, path);
        createParents(root, target, true);
        return target;
    }

    /** Resolves path and creates its missing parents, and the file itself empty (0644 root:root). */
    public static Path file(Path root, String path) {
        Path target = resolve(root, path);
        createParents(root, target, false);
        return target;
    }

    private static void createParents(Path root, Path target, boolean lastIsDirectory) {
        Path rel = root.relativize(target);
        Path cur = root;
        for (int i = 0; i < rel.getNameCount(); i++) {
            cur = cur.resolve(rel.getName(i));
            boolean last = i == rel.getNameCount() - 1;
            try {
                if (Files.isSymbolicLink(cur)) {
                    throw new RktException(cur + ": became a symbolic link while the pod was set up");
                }
                if (!Files.exists(cur, LinkOption.NOFOLLOW_LINKS)) {
                    if (last && !lastIsDirectory) {
                        Files.createFile(cur);
                        Files.setPosixFilePermissions(cur, FILE_MODE);
                    } else {
                        Files.createDirectory(cur);
                        Files.setPosixFilePermissions(cur, DIR_MODE);
                    }
                    Files.setAttribute(cur, "unix:uid", 0, LinkOption.NOFOLLOW_LINKS);
                    Files.setAttribute(cur, "unix:gid", 0, LinkOption.NOFOLLOW_LINKS);
                } else if (!last && !Files.isDirectory(cur, LinkOption.NOFOLLOW_LINKS)) {
                    throw new RktException("/" + root.relativize(cur) + " in the rootfs is not a directory");
                }
            } catch (IOException e) {
                throw RktException.wrap("create " + cur, e);
            }
        }
    }

    private static List<String> components(String path) {
        return Arrays.asList(path.split("/"));
    }

    private static Path join(Path root, List<String> names) {
        Path p = root;
        for (String n : names) {
            p = p.resolve(n);
        }
        return p;
    }

    private static String readLink(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            throw RktException.wrap("readlink " + link, e);
        }
    }
}
