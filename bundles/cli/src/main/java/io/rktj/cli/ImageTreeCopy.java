package io.rktj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rktj.api.RktException;

/**
 * Copies an image's rendered tree (or only its rootfs) to a folder, with {@code cp -a}: modes,
 * owners, times, links and special files as they are, symbolic links never followed.
 */
final class ImageTreeCopy {
    private ImageTreeCopy() {
    }

    static void copy(String what, Path tree, Path output, boolean rootfsOnly, boolean overwrite) {
        Path target = output.toAbsolutePath().normalize();
        try {
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                if (!overwrite) {
                    throw new RktException(what + ": output directory " + output + " exists; use --overwrite");
                }
                run("rm", "-rf", "--one-file-system", "--", target.toString());
            }
            Files.createDirectories(target);
            run("cp", "-a", "--no-dereference", "--", (rootfsOnly ? tree.resolve("rootfs") : tree) + "/.", target.toString());
        } catch (IOException e) {
            throw RktException.wrap(what, e);
        }
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException(command[0] + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(command[0] + ": interrupted", e);
        }
    }
}
