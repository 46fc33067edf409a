package io.rktj.stage1.fly;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodLayout;

/**
 * The supervisor binary. Each pod gets its own copy, as each rkt pod got its own stage1: a pod
 * keeps running, and can be entered, with the binary it started with, whatever revision of this
 * bundle is installed later.
 */
final class FlyInitBinary {
    static final String NAME = "fly-init";

    private FlyInitBinary() {
    }

    /** Where a pod's copy lives: stage1/rootfs/fly-init, beside the apps' opt/stage2 tree. */
    static Path in(PodLayout layout) {
        return layout.stage1Rootfs().resolve(NAME);
    }

    /** Copies the binary from this bundle into the pod, mode 0755. */
    static Path install(PodLayout layout) {
        Path target = in(layout);
        Path tmp = target.resolveSibling(NAME + ".tmp");
        if (Content.BYTES == null) {
            throw new RktException("stage1 fly: " + Content.ERROR);
        }
        try {
            Files.createDirectories(target.getParent());
            Files.write(tmp, Content.BYTES);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw RktException.wrap("stage1 fly: install " + target, e);
        }
    }

    /**
     * The binary, read from this bundle once per process. This bundle's Rkt-Warm-Up header
     * names this class, so the launcher's warm-up thread reads it while the bundles start.
     */
    static final class Content {
        static final byte[] BYTES;
        static final String ERROR;

        static {
            byte[] bytes = null;
            String error = null;
            try (InputStream in = FlyInitBinary.class.getResourceAsStream(NAME)) {
                if (in == null) {
                    error = NAME + " is missing from the bundle";
                } else {
                    bytes = in.readAllBytes();
                }
            } catch (IOException e) {
                error = "read " + NAME + " from the bundle: " + e.getMessage();
            }
            BYTES = bytes;
            ERROR = error;
        }

        private Content() {
        }
    }
}
