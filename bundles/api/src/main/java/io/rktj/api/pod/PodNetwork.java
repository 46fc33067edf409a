package io.rktj.api.pod;

import java.nio.file.Path;
import java.util.List;

/**
 * The network the core gave a pod before its flavor runs it (docs/stage1-flavor-contract.md).
 *
 * @param mode     {@code host} (the host's namespace: the flavor makes no network namespace),
 *                 {@code none} (a namespace with loopback only) or {@code cni} (CNI networks)
 * @param netns    the pod's network namespace (a bind mount that outlives every process, e.g.
 *                 /run/netns/rkt-UUID); null for {@code host}. A container flavor enters it; a
 *                 virtual machine flavor runs its hypervisor in it and attaches the guest there.
 * @param networks each network, with its interface and CNI result; empty for host and none
 */
public record PodNetwork(String mode, Path netns, List<NetworkInfo> networks) {
    public static final String HOST = "host";
    public static final String NONE = "none";
    public static final String CNI = "cni";

    /** The host's network, the default of a flavor that cannot use another. */
    public static PodNetwork host() {
        return new PodNetwork(HOST, null, List.of());
    }

    public PodNetwork {
        networks = networks == null ? List.of() : List.copyOf(networks);
    }

    /** Whether the pod has a network namespace of its own. */
    public boolean contained() {
        return netns != null;
    }
}
