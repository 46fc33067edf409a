package io.rktj.api.pod;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.PodManifest;

/**
 * Everything a flavor needs about one pod, read from the pod directory by the core.
 *
 * @param uuid           the pod's UUID
 * @param layout         paths inside the pod directory (its current state directory)
 * @param manifest       the pod manifest
 * @param images         each app's image manifest, by app name
 * @param trees          each app's rendered image tree (the directory holding {@code rootfs}), by app name
 * @param runtimeConfig  pod-wide options
 * @param lockFd         the fd of the pod's exclusive lock held by this process, to be handed to
 *                       the supervisor (it must keep it for the pod's whole life); -1 when the
 *                       caller holds no lock (stop, gc and enter)
 * @param network        the pod's network as the core set it up before {@code run} (its
 *                       namespace and networks); the host's network when the pod has none
 */
public record PodContext(
        UUID uuid,
        PodLayout layout,
        PodManifest manifest,
        Map<String, ImageManifest> images,
        Map<String, Path> trees,
        RuntimeConfig runtimeConfig,
        int lockFd,
        PodNetwork network) {

    /** A context on the host's network. */
    public PodContext(UUID uuid, PodLayout layout, PodManifest manifest, Map<String, ImageManifest> images,
            Map<String, Path> trees, RuntimeConfig runtimeConfig, int lockFd) {
        this(uuid, layout, manifest, images, trees, runtimeConfig, lockFd, PodNetwork.host());
    }

    public PodContext {
        network = network == null ? PodNetwork.host() : network;
    }

    /** The same context with another lock fd (-1: none held). */
    public PodContext withLockFd(int fd) {
        return new PodContext(uuid, layout, manifest, images, trees, runtimeConfig, fd, network);
    }

    /** The same context with the network the core set up. */
    public PodContext withNetwork(PodNetwork net) {
        return new PodContext(uuid, layout, manifest, images, trees, runtimeConfig, lockFd, net);
    }
}
