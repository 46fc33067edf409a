package io.rktj.net.cni;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;

/**
 * A CNI network: a name, a cniVersion and the plugins of its chain, from a CNI 1.0 conflist, a
 * single-plugin .conf as rkt read them, or one of rkt's two built-in networks.
 *
 * @param source the file it came from, or {@code <built-in>}
 * @param disableCheck the operator's {@code "disableCheck": true}: CHECK must not be run
 */
record NetworkConfig(String name, String cniVersion, List<ObjectNode> plugins, String source, boolean disableCheck) {
    static final String CNI_VERSION = "1.0.0";
    static final String BUILT_IN = "<built-in>";

    /**
     * rkt's 99-default.conf: a veth pair to the host (ptp), an address from host-local in
     * 172.16.28.0/24, IP masquerade and a default route; portmap for --port (rkt wrote its own
     * iptables rules for that).
     */
    static NetworkConfig defaultNetwork() {
        return builtIn("default", "172.16.28.0/24", true);
    }

    /** rkt's default-restricted: ptp in 172.31.0.0/16 with no masquerade and no default route; portmap for --port. */
    static NetworkConfig defaultRestricted() {
        return builtIn("default-restricted", "172.31.0.0/16", false);
    }

    private static NetworkConfig builtIn(String name, String subnet, boolean outside) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode ptp = f.objectNode();
        ptp.put("type", "ptp");
        ptp.put("ipMasq", outside);
        ObjectNode ipam = ptp.putObject("ipam");
        ipam.put("type", "host-local");
        ipam.put("subnet", subnet);
        if (outside) {
            ipam.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        }
        // forwards --port; with snat the port answers on the host's 127.0.0.1 too
        ObjectNode portmap = f.objectNode();
        portmap.put("type", "portmap");
        portmap.putObject("capabilities").put("portMappings", true);
        portmap.put("snat", true);
        return new NetworkConfig(name, CNI_VERSION, List.of(ptp, portmap), BUILT_IN, false);
    }

    /**
     * The network called {@code name}: rkt's built-ins, else the first file of {@code netDir}
     * (*.conflist and *.conf, in name order) whose "name" is it. Files that do not parse are
     * an error only when nothing else answers the name, so one broken file does not break
     * every network.
     */
    static Optional<NetworkConfig> find(String name, Path netDir) {
        if ("default".equals(name)) {
            return Optional.of(defaultNetwork());
        }
        if ("default-restricted".equals(name)) {
            return Optional.of(defaultRestricted());
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(netDir)) {
            for (Path p : dir) {
                String n = p.getFileName().toString();
                if (n.endsWith(".conflist") || n.endsWith(".conf") || n.endsWith(".json")) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw RktException.wrap("network " + name + ": list " + netDir, e);
        }
        files.sort(null);
        RktException broken = null;
        for (Path p : files) {
            try {
                NetworkConfig c = read(p);
                if (c.name().equals(name)) {
                    return Optional.of(c);
                }
            } catch (RktException e) {
                if (broken == null) {
                    broken = e;
                }
            }
        }
        if (broken != null) {
            throw new RktException("network " + name + ": not found (and " + broken.getMessage() + ")");
        }
        return Optional.empty();
    }

    /** Reads a conflist ({"name", "cniVersion", "plugins": [...]}) or a single-plugin conf. */
    static NetworkConfig read(Path file) {
        JsonNode json;
        try {
            json = Manifests.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new RktException("network config " + file + " does not parse: " + e.getMessage(), e);
        }
        return of(json, file.toString());
    }

    /** A network recorded in a pod by {@link #toConflist()}. */
    static NetworkConfig fromConflist(JsonNode json, String source) {
        return of(json, source);
    }

    private static NetworkConfig of(JsonNode json, String file) {
        if (!json.isObject()) {
            throw new RktException("network config " + file + " does not parse: not a JSON object");
        }
        String name = json.path("name").asText("");
        if (name.isEmpty()) {
            throw new RktException("network config " + file + ": \"name\" is missing");
        }
        String version = json.path("cniVersion").asText(CNI_VERSION);
        List<ObjectNode> plugins = new ArrayList<>();
        JsonNode list = json.get("plugins");
        if (list != null) {
            if (!list.isArray() || list.isEmpty()) {
                throw new RktException("network config " + file + ": \"plugins\" must be a non-empty array");
            }
            for (JsonNode p : list) {
                if (!p.isObject() || p.path("type").asText("").isEmpty()) {
                    throw new RktException("network config " + file + ": every plugin needs a \"type\"");
                }
                plugins.add((ObjectNode) p.deepCopy());
            }
        } else {
            if (json.path("type").asText("").isEmpty()) {
                throw new RktException("network config " + file + ": \"type\" is missing");
            }
            ObjectNode single = (ObjectNode) json.deepCopy();
            single.remove("name");
            single.remove("cniVersion");
            plugins.add(single);
        }
        return new NetworkConfig(name, version, List.copyOf(plugins), file, json.path("disableCheck").asBoolean(false));
    }

    /** The stdin of plugin {@code i}: its config with the network's name, version and the extras. */
    ObjectNode pluginInput(int i, JsonNode prevResult, JsonNode runtimeConfig) {
        ObjectNode in = plugins.get(i).deepCopy();
        in.put("cniVersion", cniVersion);
        in.put("name", name);
        if (prevResult != null) {
            in.set("prevResult", prevResult);
        } else {
            in.remove("prevResult");
        }
        JsonNode caps = in.get("capabilities");
        if (runtimeConfig != null && caps != null && caps.isObject()) {
            ObjectNode rc = JsonNodeFactory.instance.objectNode();
            caps.fieldNames().forEachRemaining(cap -> {
                if (caps.path(cap).asBoolean(false) && runtimeConfig.has(cap)) {
                    rc.set(cap, runtimeConfig.get(cap));
                }
            });
            if (!rc.isEmpty()) {
                in.set("runtimeConfig", rc);
            }
        }
        return in;
    }

    /**
     * Whether CHECK may be run: CHECK came with spec 0.4.0, so plugins speaking an older version do
     * not know it, and an operator can turn it off for a network whose plugins report spurious errors.
     */
    boolean checkable() {
        return !disableCheck && atLeast(cniVersion, 0, 4);
    }

    /** Whether a semantic version MAJOR.MINOR.PATCH is at least {@code major.minor}; false when it does not parse. */
    static boolean atLeast(String version, int major, int minor) {
        String[] parts = version.split("\\.");
        try {
            int ma = Integer.parseInt(parts[0]);
            int mi = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return ma > major || (ma == major && mi >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The network as a conflist, as it is recorded in the pod for teardown and CHECK. */
    ObjectNode toConflist() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("cniVersion", cniVersion);
        o.put("name", name);
        if (disableCheck) {
            o.put("disableCheck", true);
        }
        ArrayNode a = o.putArray("plugins");
        for (ObjectNode p : plugins) {
            a.add(p);
        }
        return o;
    }
}
