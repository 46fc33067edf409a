package io.rktj.net.cni;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.schema.Manifests;

/**
 * A pod's CNI networks, kept in its directory as rkt kept them: {@code netns} holds the path of
 * the pod's network namespace (bind-mounted by {@code ip netns} under /run/netns, so it outlives
 * every process), {@code net-info.json} each network with its config and its final ADD result,
 * which teardown hands back to the plugins (DEL, in reverse order).
 */
final class PodNetworks {
    static final String NETNS_FILE = "netns";
    static final String NET_INFO_FILE = "net-info.json";

    private final Path podDir;
    private final UUID uuid;
    private final CniRunner runner;
    private final NetNamespaces namespaces;

    PodNetworks(Path podDir, UUID uuid, CniRunner runner, NetNamespaces namespaces) {
        this.podDir = podDir;
        this.uuid = uuid;
        this.runner = runner;
        this.namespaces = namespaces;
    }

    /**
     * Creates the namespace and adds every network in order (eth0, eth1, ...). Any failure takes
     * down what was set up, so nothing is left configured, and is reported naming the network.
     */
    List<NetworkInfo> setUp(List<NetSpec> specs, List<NetworkConfig> configs, JsonNode runtimeConfig) {
        Path netns = namespaces.create(uuid);
        ArrayNode records = JsonNodeFactory.instance.arrayNode();
        try {
            write(NETNS_FILE, (netns + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < configs.size(); i++) {
                NetworkConfig c = configs.get(i);
                String ifName = "eth" + i;
                ObjectNode record = records.addObject();
                record.put("netName", c.name());
                record.put("netConf", c.source());
                record.put("pluginPath", runner.cniPath());
                record.put("ifName", ifName);
                record.put("args", userArgs(specs.get(i).cniArgs()));
                record.put("cniArgs", specs.get(i).cniArgs());
                record.set("conflist", c.toConflist());
                if (runtimeConfig != null) {
                    record.set("runtimeConfig", runtimeConfig);
                }
                // recorded before ADD: a crash in the middle still gets this network a DEL
                write(NET_INFO_FILE, Manifests.writeTree(records, null));
                JsonNode result = null;
                for (int p = 0; p < c.plugins().size(); p++) {
                    ObjectNode input = c.pluginInput(p, result, runtimeConfig);
                    result = runner.run("ADD", c.name(), input.path("type").asText(),
                            Manifests.writeTree(input, null), containerId(), netns, ifName, specs.get(i).cniArgs());
                }
                if (result != null) {
                    record.set("result", result);
                    Address a = firstAddress(result);
                    if (a != null) {
                        record.put("ip", a.ip());
                        if (a.mask() != null) {
                            record.put("mask", a.mask());
                        }
                    }
                }
                write(NET_INFO_FILE, Manifests.writeTree(records, null));
            }
        } catch (RuntimeException e) {
            try {
                tearDown();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return infos(records);
    }

    /** The namespace alone, with loopback up: --net=none. */
    void setUpLoopbackOnly() {
        Path netns = namespaces.create(uuid);
        try {
            write(NETNS_FILE, (netns + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            try {
                tearDown();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** DEL for every recorded network, in reverse; then the namespace and the records go. Idempotent. */
    void tearDown() {
        JsonNode records = read();
        List<String> failures = new ArrayList<>();
        Path netns = namespacePath();
        for (int i = records.size() - 1; i >= 0; i--) {
            JsonNode r = records.get(i);
            NetworkConfig c = recordedConfig(r, failures);
            if (c == null) {
                continue;
            }
            JsonNode result = r.get("result");
            JsonNode runtimeConfig = r.get("runtimeConfig");
            for (int p = c.plugins().size() - 1; p >= 0; p--) {
                try {
                    runRecorded("DEL", c, p, r, result, runtimeConfig, netns);
                } catch (RuntimeException e) {
                    failures.add(e.getMessage());
                }
            }
        }
        namespaces.delete(uuid);
        try {
            Files.deleteIfExists(podDir.resolve(NET_INFO_FILE));
            Files.deleteIfExists(podDir.resolve(NETNS_FILE));
        } catch (IOException e) {
            failures.add("remove network records: " + e.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new RktException(failures.get(0) + (failures.size() > 1 ? " (and " + (failures.size() - 1) + " more)" : ""));
        }
    }

    /**
     * CHECK for every recorded network, in order: each plugin of its chain with the network's final
     * ADD result as prevResult and the attachment ADD had (namespace, interface, CNI_ARGS,
     * runtimeConfig). A plugin's error ends that network's check and is its problem. Networks whose
     * plugins predate CHECK (cniVersion before 0.4.0), that the operator exempted ("disableCheck")
     * or whose ADD left no result are not checked; a namespace that is gone is every network's
     * problem, with no plugin run.
     */
    List<String> check() {
        JsonNode records = read();
        Optional<Path> lost = lostNamespace();
        List<String> problems = new ArrayList<>();
        for (JsonNode r : records) {
            if (lost.isPresent()) {
                problems.add("network " + r.path("netName").asText() + ": namespace " + lost.get() + " is gone");
                continue;
            }
            NetworkConfig c = recordedConfig(r, problems);
            if (c == null) {
                continue;
            }
            JsonNode result = r.get("result");
            if (!c.checkable() || result == null || result.isNull()) {
                continue;
            }
            try {
                for (int p = 0; p < c.plugins().size(); p++) {
                    runRecorded("CHECK", c, p, r, result, r.get("runtimeConfig"), namespacePath());
                }
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        return problems;
    }

    /** The config a network record holds; null, with the reason added to {@code errors}, when it does not parse. */
    private static NetworkConfig recordedConfig(JsonNode record, List<String> errors) {
        try {
            return NetworkConfig.fromConflist(record.path("conflist"), record.path("netConf").asText());
        } catch (RuntimeException e) {
            errors.add(e.getMessage());
            return null;
        }
    }

    /** DEL or CHECK of one plugin of a recorded network: the attachment its ADD recorded, the given prevResult. */
    private void runRecorded(String command, NetworkConfig c, int plugin, JsonNode record, JsonNode prevResult,
            JsonNode runtimeConfig, Path netns) {
        ObjectNode input = c.pluginInput(plugin, prevResult, runtimeConfig);
        runner.run(command, c.name(), input.path("type").asText(), Manifests.writeTree(input, null), containerId(), netns,
                record.path("ifName").asText(), record.path("cniArgs").asText("IgnoreUnknown=1"));
    }

    /**
     * The namespace the pod's {@code netns} file names when it is no longer there (someone deleted
     * it); empty while it is there, or when the pod records none (not made, or taken down).
     */
    Optional<Path> lostNamespace() {
        if (!Files.exists(podDir.resolve(NETNS_FILE))) {
            return Optional.empty();
        }
        Path netns = namespacePath();
        return Files.exists(netns) ? Optional.empty() : Optional.of(netns);
    }

    /** What list and status show, from the records. */
    List<NetworkInfo> infos() {
        return infos(read());
    }

    private List<NetworkInfo> infos(JsonNode records) {
        List<NetworkInfo> out = new ArrayList<>();
        for (JsonNode r : records) {
            Address a = firstAddress(r.path("result"));
            JsonNode result = r.get("result");
            out.add(new NetworkInfo(r.path("netName").asText(), r.path("netConf").asText(),
                    r.path("pluginPath").asText(), r.path("ifName").asText(), a == null ? null : a.ip(),
                    a == null ? null : a.mask(), r.path("args").asText(""),
                    result == null ? null : new String(Manifests.writeTree(result, null), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The --net arguments as given: CNI_ARGS without the IgnoreUnknown=1 put first. */
    static String userArgs(String cniArgs) {
        String prefix = "IgnoreUnknown=1";
        if (cniArgs.startsWith(prefix)) {
            String rest = cniArgs.substring(prefix.length());
            return rest.startsWith(";") ? rest.substring(1) : rest;
        }
        return cniArgs;
    }

    /** An address and its netmask (dotted for IPv4, as rkt's netinfo printed it; the prefix length for IPv6). */
    record Address(String ip, String mask) {
    }

    /** The first address of a CNI result (the one on the pod's interface when the result says which). */
    static Address firstAddress(JsonNode result) {
        JsonNode ips = result == null ? null : result.path("ips");
        if (ips == null || !ips.isArray() || ips.isEmpty()) {
            return null;
        }
        String cidr = ips.get(0).path("address").asText("");
        int slash = cidr.indexOf('/');
        String ip = slash < 0 ? cidr : cidr.substring(0, slash);
        if (slash < 0) {
            return new Address(ip, null);
        }
        String prefix = cidr.substring(slash + 1);
        if (ip.contains(":")) {
            return new Address(ip, prefix);
        }
        try {
            int bits = Integer.parseInt(prefix);
            long m = bits == 0 ? 0 : (0xffffffffL << (32 - bits)) & 0xffffffffL;
            return new Address(ip, ((m >> 24) & 255) + "." + ((m >> 16) & 255) + "." + ((m >> 8) & 255) + "." + (m & 255));
        } catch (NumberFormatException e) {
            return new Address(ip, prefix);
        }
    }

    /** The container id the plugins see: the pod's UUID, as rkt passed it. */
    private String containerId() {
        return uuid.toString();
    }

    Path namespacePath() {
        try {
            return Path.of(Files.readString(podDir.resolve(NETNS_FILE), StandardCharsets.UTF_8).strip());
        } catch (NoSuchFileException e) {
            return namespaces.path(uuid);
        } catch (IOException e) {
            throw RktException.wrap("pod " + uuid + ": read " + NETNS_FILE, e);
        }
    }

    private JsonNode read() {
        try {
            JsonNode n = Manifests.readTree(Files.readAllBytes(podDir.resolve(NET_INFO_FILE)));
            return n.isArray() ? n : JsonNodeFactory.instance.arrayNode();
        } catch (NoSuchFileException e) {
            return JsonNodeFactory.instance.arrayNode();
        } catch (IOException e) {
            throw RktException.wrap("pod " + uuid + ": read " + NET_INFO_FILE, e);
        }
    }

    private void write(String name, byte[] content) {
        Path target = podDir.resolve(name);
        Path tmp = podDir.resolve(name + ".tmp");
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw RktException.wrap("pod " + uuid + ": write " + name, e);
        }
    }
}
