package io.rktj.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.Manifests;

/**
 * The pod's {@code runtime-config} JSON. Empty collections are left out when written, so reading
 * puts them back: flavors always get non-null maps and lists. Mapped by hand through the tree
 * model: Jackson's bean binding would introspect the record in every process that reads a pod.
 */
final class RuntimeConfigFile {
    private RuntimeConfigFile() {
    }

    static byte[] write(RuntimeConfig config) throws IOException {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        putMap(o, "setEnv", config.setEnv());
        putMap(o, "inheritEnv", config.inheritEnv());
        if (config.hostname() != null && !config.hostname().isEmpty()) {
            o.put("hostname", config.hostname());
        }
        if (config.net() != null && !config.net().isEmpty()) {
            o.put("net", config.net());
        }
        o.put("interactive", config.interactive());
        o.put("noOverlay", config.noOverlay());
        putList(o, "dns", config.dns());
        putList(o, "dnsSearch", config.dnsSearch());
        putList(o, "dnsOptions", config.dnsOptions());
        if (config.dnsDomain() != null && !config.dnsDomain().isEmpty()) {
            o.put("dnsDomain", config.dnsDomain());
        }
        putList(o, "hostsEntries", config.hostsEntries());
        return Manifests.writeTree(o, null);
    }

    static RuntimeConfig read(byte[] json) throws IOException {
        JsonNode o = Manifests.readTree(json);
        if (o == null || !o.isObject()) {
            throw new IOException("runtime-config: not a JSON object");
        }
        return new RuntimeConfig(map(o.get("setEnv")), map(o.get("inheritEnv")),
                text(o.get("hostname")), text(o.get("net")),
                o.path("interactive").asBoolean(false), o.path("noOverlay").asBoolean(false), list(o.path("dns")),
                list(o.path("dnsSearch")), list(o.path("dnsOptions")), text(o.get("dnsDomain")), list(o.path("hostsEntries")));
    }

    private static List<String> list(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) {
            out.add(n.asText());
        }
        return out;
    }

    private static void putList(ObjectNode o, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode a = o.putArray(name);
            values.forEach(a::add);
        }
    }

    private static void putMap(ObjectNode o, String name, Map<String, String> map) {
        if (map != null && !map.isEmpty()) {
            ObjectNode m = o.putObject(name);
            for (Map.Entry<String, String> e : map.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
        }
    }

    private static Map<String, String> map(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
        }
        return out;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
