package io.rktj.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A native program a bundle carries as a resource (a flavor's supervisor), read and inflated
 * from the bundle once per process. Each pod gets a copy of its own, as each rkt pod had its own
 * stage1: a pod keeps the program it started with, whatever revision of the bundle comes later.
 * A flavor keeps one in a holder class of its own, which its Rkt-Warm-Up header may name.
 *
 * @since 1.2
 */
public final class BundledBinary {
    private final byte[] bytes;
    private final String error;

    /** Reads the resource {@code name} next to {@code owner} in its bundle. */
    public BundledBinary(Class<?> owner, String name) {
        byte[] read = null;
        String problem = null;
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                problem = name + " is missing from the bundle";
            } else {
                read = in.readAllBytes();
            }
        } catch (IOException e) {
            problem = "read " + name + " from the bundle: " + e.getMessage();
        }
        this.bytes = read;
        this.error = problem;
    }

    /**
     * Writes the program to {@code target}, mode 0755, through a temporary name beside it.
     *
     * @param who what the error message starts with, e.g. "stage1 fly"
     */
    public void install(Path target, String who) throws IOException {
        if (bytes == null) {
            throw new RktException(who + ": " + error);
        }
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.createDirectories(target.getParent());
        Files.write(tmp, bytes);
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
