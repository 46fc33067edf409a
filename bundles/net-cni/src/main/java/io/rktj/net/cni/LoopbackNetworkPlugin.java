package io.rktj.net.cni;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;

/**
 * --net=none: a network namespace of the pod's own with loopback only, made and recorded as the
 * CNI networks' namespace is ({@code ip netns}, the pod's {@code netns} file), so the flavor
 * enters it the same way and gc removes it the same way.
 */
@Component(service = NetworkPlugin.class, property = {NetworkPlugin.NET_PROPERTY + "=none"})
public final class LoopbackNetworkPlugin implements NetworkPlugin {
    private final NetNamespaces namespaces;

    public LoopbackNetworkPlugin() {
        this(NetNamespaces.system());
    }

    LoopbackNetworkPlugin(NetNamespaces namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public List<NetworkInfo> setup(PodContext pod, String netSpec) {
        if (netSpec != null && !netSpec.isBlank() && !"none".equals(netSpec.strip())) {
            throw new RktException("--net=" + netSpec + ": none cannot be combined with other networks");
        }
        networks(pod).setUpLoopbackOnly();
        return List.of();
    }

    @Override
    public void teardown(PodContext pod) {
        networks(pod).tearDown();
    }

    /** There are no CNI plugins to ask: the namespace must still be there. */
    @Override
    public List<String> check(PodContext pod) {
        return networks(pod).lostNamespace().map(p -> List.of("network none: namespace " + p + " is gone")).orElse(List.of());
    }

    private PodNetworks networks(PodContext pod) {
        return new PodNetworks(pod.layout().dir(), pod.uuid(), new CniRunner(CniNetworkPlugin.PLUGIN_PATH), namespaces);
    }
}
