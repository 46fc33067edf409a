package io.rktj.net.cni;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Manifests;

/**
 * Runs CNI plugins as the CNI 1.0 spec says: {@code <dir>/<type>} found on the plugin path,
 * CNI_COMMAND, CNI_CONTAINERID, CNI_NETNS, CNI_IFNAME, CNI_ARGS and CNI_PATH in its
 * environment, the network config on stdin, the result (or an error {code, msg}) on stdout.
 */
final class CniRunner {
    private static final long TIMEOUT_SECONDS = 60;

    private final List<Path> pluginPath;

    CniRunner(List<Path> pluginPath) {
        this.pluginPath = List.copyOf(pluginPath);
    }

    /** The plugin path as CNI_PATH spells it. */
    String cniPath() {
        StringBuilder b = new StringBuilder();
        for (Path p : pluginPath) {
            if (b.length() > 0) {
                b.append(':');
            }
            b.append(p);
        }
        return b.toString();
    }

    /** The binary of a plugin type; an error naming the network when no folder has it. */
    Path binary(String network, String type) {
        if (type.contains("/") || type.startsWith(".")) {
            throw new RktException("network " + network + ": plugin type \"" + type + "\" is not a plain name");
        }
        for (Path dir : pluginPath) {
            Path p = dir.resolve(type);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new RktException("network " + network + ": CNI plugin \"" + type + "\" not found in " + cniPath()
                + " (Debian: apt-get install containernetworking-plugins)");
    }

    /**
     * Runs one plugin; returns its parsed stdout (null when it printed nothing, as DEL may).
     * A failure is an error naming the network, the plugin and the plugin's own message.
     */
    JsonNode run(String command, String network, String type, byte[] config, String containerId, Path netns,
            String ifName, String cniArgs) {
        Path binary = binary(network, type);
        ProcessBuilder pb = new ProcessBuilder(binary.toString());
        Map<String, String> env = pb.environment();
        env.put("CNI_COMMAND", command);
        env.put("CNI_CONTAINERID", containerId);
        env.put("CNI_NETNS", netns.toString());
        env.put("CNI_IFNAME", ifName);
        env.put("CNI_ARGS", cniArgs);
        env.put("CNI_PATH", cniPath());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        byte[] out;
        int status;
        try {
            Process p = pb.start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(config);
            }
            try (InputStream stdout = p.getInputStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                stdout.transferTo(buf);
                out = buf.toByteArray();
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RktException("network " + network + ": plugin " + type + " " + command + " timed out");
            }
            status = p.exitValue();
        } catch (IOException e) {
            throw RktException.wrap("network " + network + ": run plugin " + type, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RktException("network " + network + ": interrupted while plugin " + type + " ran", e);
        }
        JsonNode json = parse(out);
        if (status != 0 || (json != null && json.has("code") && json.has("msg") && !json.has("interfaces") && !json.has("ips"))) {
            String msg = json != null && json.hasNonNull("msg") ? json.get("msg").asText()
                    : new String(out, StandardCharsets.UTF_8).strip();
            String details = json != null && json.hasNonNull("details") ? ": " + json.get("details").asText() : "";
            String code = json != null && json.has("code") ? " (code " + json.get("code").asText() + ")" : "";
            throw new RktException("network " + network + ": plugin " + type + " " + command + " failed: "
                    + (msg.isEmpty() ? "exit status " + status : msg) + details + code);
        }
        return json;
    }

    private static JsonNode parse(byte[] out) {
        if (out.length == 0) {
            return null;
        }
        try {
            JsonNode n = Manifests.readTree(out);
            return n.isMissingNode() ? null : n;
        } catch (IOException e) {
            return null;
        }
    }
}
