package io.rktj.api.net;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;

/**
 * Gives a pod its network before the flavor starts it, and takes it down when it has ended (stop,
 * gc). Registered with {@link #NET_PROPERTY} naming what it serves: {@code host}, {@code none}, or
 * {@code cni} (every other --net value: default, default-restricted and the operator's networks).
 * The core calls it with the pod's exclusive lock held.
 */
@ConsumerType
public interface NetworkPlugin {
    String NET_PROPERTY = "rkt.net";

    /**
     * Sets up the pod's networks; returns what list and status show. The plugin records in the pod
     * directory what teardown needs: the namespace's path in {@link io.rktj.api.pod.PodLayout#netns()}
     * (none for host), the CNI results in {@link io.rktj.api.pod.PodLayout#netInfo()}. A failure
     * leaves nothing set up and is an {@link io.rktj.api.RktException} naming the network.
     */
    List<NetworkInfo> setup(PodContext pod, String netSpec);

    /** Undoes setup; idempotent. */
    void teardown(PodContext pod);

    /**
     * Checks that a running pod's networks are still as setup made them (CNI's CHECK). Returns one
     * line per problem, each naming the network as setup's errors do; empty when nothing is wrong or
     * there is nothing to check (the host's network). Called only for a pod whose setup has finished
     * and that is still running, without the pod's lock (the running pod holds it); it changes
     * nothing.
     */
    default List<String> check(PodContext pod) {
        return List.of();
    }
}
