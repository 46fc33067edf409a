package io.rktj.net.cni;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;

/**
 * rkt's CNI networking: --net=default, default-restricted and the operator's networks in
 * {@code <local-config>/net.d} (CNI 1.0 *.conflist, and rkt's single-plugin *.conf), several at
 * once, with the plugins of {@code /usr/lib/cni} (Debian's containernetworking-plugins).
 */
@Component(service = NetworkPlugin.class, property = {NetworkPlugin.NET_PROPERTY + "=cni"})
public final class CniNetworkPlugin implements NetworkPlugin {
    static final String DEFAULT_LOCAL_CONFIG = "/etc/rkt";
    static final List<Path> PLUGIN_PATH = List.of(Path.of("/usr/lib/cni"), Path.of("/opt/cni/bin"));

    private final Path netDir;
    private final CniRunner runner;
    private final NetNamespaces namespaces;

    @Activate
    public CniNetworkPlugin(BundleContext context) {
        this(netDir(context.getProperty("rkt.local-config")), new CniRunner(PLUGIN_PATH), NetNamespaces.system());
    }

    CniNetworkPlugin(Path netDir, CniRunner runner, NetNamespaces namespaces) {
        this.netDir = netDir;
        this.runner = runner;
        this.namespaces = namespaces;
    }

    private static Path netDir(String localConfig) {
        return Path.of(localConfig == null || localConfig.isEmpty() ? DEFAULT_LOCAL_CONFIG : localConfig, "net.d");
    }

    @Override
    public List<NetworkInfo> setup(PodContext pod, String netSpec) {
        List<NetSpec> specs = NetSpec.parse(netSpec);
        if (specs.isEmpty()) {
            specs = NetSpec.parse("default");
        }
        List<NetworkConfig> configs = new ArrayList<>();
        for (NetSpec s : specs) {
            configs.add(NetworkConfig.find(s.name(), netDir).orElseThrow(() -> new RktException(
                    "network " + s.name() + ": not found (rkt knows default, default-restricted, host, none and the networks in "
                            + netDir + ")")));
            runner.binary(s.name(), configs.get(configs.size() - 1).plugins().get(0).path("type").asText());
        }
        return networks(pod).setUp(specs, configs, runtimeConfig(pod));
    }

    @Override
    public void teardown(PodContext pod) {
        networks(pod).tearDown();
    }

    private PodNetworks networks(PodContext pod) {
        return new PodNetworks(pod.layout().dir(), pod.uuid(), runner, namespaces);
    }

    /** Capabilities passed to plugins that ask for them; port forwards come with --port. */
    private static JsonNode runtimeConfig(PodContext pod) {
        return null;
    }
}
