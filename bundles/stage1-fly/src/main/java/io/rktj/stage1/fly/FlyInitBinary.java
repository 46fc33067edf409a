package io.rktj.stage1.fly;

import java.io.IOException;
import java.nio.file.Path;

import io.rktj.api.BundledBinary;
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
        try {
            Content.BINARY.install(target, "stage1 fly");
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
        static final BundledBinary BINARY = new BundledBinary(FlyInitBinary.class, NAME);

        private Content() {
        }
    }
}
