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
        try (InputStream in = FlyInitBinary.class.getResourceAsStream(NAME)) {
            if (in == null) {
                throw new RktException("stage1 fly: " + NAME + " is missing from the bundle");
            }
            Files.createDirectories(target.getParent());
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw RktException.wrap("stage1 fly: install " + target, e);
        }
    }
}
