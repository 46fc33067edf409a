package io.rktj.net.cni;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ExposedPort;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.Port;
import io.rktj.api.schema.RuntimeApp;

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
            if (s.name().equals("host") || s.name().equals("none")) {
                throw new RktException("--net=" + netSpec + ": " + s.name() + " cannot be combined with other networks");
            }
        }
        for (NetSpec s : specs) {
            configs.add(NetworkConfig.find(s.name(), netDir).orElseThrow(() -> new RktException(
                    "network " + s.name() + ": not found (rkt knows default, default-restricted, host, none and the networks in "
                            + netDir + ")")));
            runner.binary(s.name(), configs.get(configs.size() - 1).plugins().get(0).path("type").asText());
        }
        JsonNode runtimeConfig = runtimeConfig(pod);
        return networks(pod).setUp(specs, configs, runtimeConfig);
    }

    @Override
    public void teardown(PodContext pod) {
        networks(pod).tearDown();
    }

    /** CNI CHECK of every network the pod records, each plugin with the network's final ADD result. */
    @Override
    public List<String> check(PodContext pod) {
        return networks(pod).check();
    }

    private PodNetworks networks(PodContext pod) {
        return new PodNetworks(pod.layout().dir(), pod.uuid(), runner, namespaces);
    }

    /**
     * The capabilities handed to plugins that declare them: {@code portMappings} from the pod
     * manifest's ports (--port NAME:[HOSTIP:]HOSTPORT), each resolved to the port of that name
     * that an app of the pod declares. Null when the pod forwards nothing.
     */
    static JsonNode runtimeConfig(PodContext pod) {
        PodManifest m = pod.manifest();
        if (m == null || m.ports() == null || m.ports().isEmpty()) {
            return null;
        }
        ObjectNode rc = JsonNodeFactory.instance.objectNode();
        ArrayNode mappings = rc.putArray("portMappings");
        for (ExposedPort exposed : m.ports()) {
            Port declared = declared(pod, exposed.name());
            if (exposed.hostPort() == null || exposed.hostPort() < 1 || exposed.hostPort() > 65535) {
                throw new RktException("port " + exposed.name() + ": host port must be 1..65535");
            }
            ObjectNode pm = mappings.addObject();
            pm.put("hostPort", exposed.hostPort());
            pm.put("containerPort", declared.port());
            pm.put("protocol", declared.protocol() == null ? "tcp" : declared.protocol());
            if (exposed.hostIP() != null && !exposed.hostIP().isEmpty()) {
                pm.put("hostIP", exposed.hostIP());
            }
        }
        return rc;
    }

    private static Port declared(PodContext pod, String name) {
        if (pod.manifest().apps() != null) {
            for (RuntimeApp ra : pod.manifest().apps()) {
                App app = ra.app();
                if (app == null && pod.images() != null && pod.images().get(ra.name()) != null) {
                    app = pod.images().get(ra.name()).app();
                }
                if (app != null && app.ports() != null) {
                    for (Port p : app.ports()) {
                        if (name.equals(p.name()) && p.port() != null) {
                            return p;
                        }
                    }
                }
            }
        }
        throw new RktException("port " + name + ": no app of the pod declares a port of that name");
    }
}
