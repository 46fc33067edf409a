package io.rktj.stage1.fly;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.PodManifest;
import io.rktj.sys.Posix;

/**
 * What `rkt run` does once the core has prepared a pod, in a JVM of its own: lock the pod
 * directory and hand it to the flavor, which execs into fly-init. Arguments: POD_DIR TREE_DIR.
 */
public final class FlyRunMain {
    private FlyRunMain() {
    }

    public static void main(String[] args) throws Exception {
        PodContext pod = context(Path.of(args[0]), Path.of(args[1]), -1);
        int fd = Posix.openDirectory(pod.layout().dir());
        Posix.flock(fd, Posix.LOCK_EX);
        try {
            new FlyFlavor("test").run(new PodContext(pod.uuid(), pod.layout(), pod.manifest(), pod.images(), pod.trees(),
                    pod.runtimeConfig(), fd));
        } catch (RktException e) {
            System.err.println("rkt: " + e.getMessage());
            System.exit(254);
        }
    }

    /** The pod as the core would load it from its directory. */
    static PodContext context(Path dir, Path tree, int lockFd) throws Exception {
        PodLayout layout = new PodLayout(dir);
        PodManifest manifest = Manifests.readPodManifest(Files.readAllBytes(layout.manifest()));
        ImageManifest image = Manifests.readImageManifest(Files.readAllBytes(tree.resolve("manifest")));
        RuntimeConfig config = Manifests.mapper().readValue(layout.runtimeConfig().toFile(), RuntimeConfig.class);
        String app = manifest.apps().get(0).name();
        return new PodContext(UUID.fromString(dir.getFileName().toString()), layout, manifest, Map.of(app, image),
                Map.of(app, tree), config, lockFd);
    }
}
