package io.rktj.net.cni;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;

/** --net=host: the pod shares the host's network namespace; there is nothing to make or take down. */
@Component(service = NetworkPlugin.class, property = {NetworkPlugin.NET_PROPERTY + "=host"})
public final class HostNetworkPlugin implements NetworkPlugin {

    @Override
    public List<NetworkInfo> setup(PodContext pod, String netSpec) {
        if (netSpec != null && !netSpec.isBlank() && !"host".equals(netSpec.strip())) {
            throw new RktException("--net=" + netSpec + ": host cannot be combined with other networks");
        }
        return List.of();
    }

    @Override
    public void teardown(PodContext pod) {
        // nothing was made
    }
}
