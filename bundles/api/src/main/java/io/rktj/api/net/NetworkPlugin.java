package io.rktj.api.net;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;

/**
 * Gives a pod its network before the flavor starts it, and takes it down at gc. Registered with
 * {@link #NET_PROPERTY} naming the --net values it serves (host, none, cni).
 */
@ConsumerType
public interface NetworkPlugin {
    String NET_PROPERTY = "rkt.net";

    /**
     * Sets up the pod's networks; returns what list and status show. The plugin records in the pod
     * directory what teardown needs (a network namespace path, CNI results).
     */
    List<NetworkInfo> setup(PodContext pod, String netSpec);

    /** Undoes setup; idempotent. */
    void teardown(PodContext pod);
}
