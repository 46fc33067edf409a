package io.rktj.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.PodNetwork;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.Manifests;

/**
 * A pod's network as stage0 handles it: made through the NetworkPlugin that --net asks for before
 * the flavor runs the pod, recorded in the pod directory ({@code net-plugin}, and the plugin's
 * {@code netns} and {@code net-info.json}), and taken down through the same plugin when the pod
 * has ended (stop, gc, a failed run).
 */
final class PodNet {
    private final Networks networks;

    PodNet(Networks networks) {
        this.networks = networks;
    }

    /**
     * Gives a pod about to run its network; returns the context that carries it. A flavor that runs
     * pods on the host's network only (fly) gets the host's network whatever --net says, as rkt's
     * fly discarded --net. A failure leaves nothing set up.
     */
    PodContext setUp(PodContext ctx, Flavors.Entry flavor) {
        PodLayout layout = ctx.layout();
        RuntimeConfig rc = ctx.runtimeConfig();
        if (!flavor.namespaced()) {
            PodContext out = ctx.withNetwork(PodNetwork.host());
            PodEtcFiles.write(out);
            return out;
        }
        String net = rc == null || rc.net() == null || rc.net().isBlank() ? Networks.DEFAULT_NET : rc.net().strip();
        String mode = Networks.mode(net);
        boolean ports = ctx.manifest() != null && ctx.manifest().ports() != null && !ctx.manifest().ports().isEmpty();
        if (ports && !mode.equals(PodNetwork.CNI)) {
            throw new RktException("--port flag does not work with '" + mode + "' networking");
        }
        NetworkPlugin plugin = networks.require(mode);
        write(layout.netPlugin(), mode + "\n");
        List<NetworkInfo> infos;
        try {
            infos = plugin.setup(ctx, net);
        } catch (RuntimeException e) {
            deleteQuietly(layout.netPlugin(), e);
            throw e;
        }
        PodContext out = ctx.withNetwork(new PodNetwork(mode, netns(layout), infos));
        try {
            PodEtcFiles.write(out);
        } catch (RuntimeException e) {
            try {
                tearDown(out);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return out;
    }

    /** Takes the pod's network down through the plugin that made it; idempotent, nothing to do without one. */
    void tearDown(PodContext ctx) {
        PodLayout layout = ctx.layout();
        Optional<String> mode = line(layout.netPlugin());
        if (mode.isEmpty()) {
            return;
        }
        Optional<NetworkPlugin> plugin = networks.find(mode.get());
        if (plugin.isEmpty()) {
            throw new RktException("pod " + ctx.uuid()
                    + ": its network was made by the network plugin \"" + mode.get() + "\", which is not installed now"
                    + " (installed: " + networks.available() + ")");
        }
        plugin.get().teardown(ctx);
        try {
            Files.deleteIfExists(layout.netPlugin());
        } catch (IOException e) {
            throw RktException.wrap("pod " + ctx.uuid() + ": remove " + layout.netPlugin().getFileName(), e);
        }
    }

    /**
     * Asks the plugin that made the pod's network to check it. A plugin that is gone meanwhile is
     * a problem too, not an error: the network can no longer be checked or taken down.
     */
    List<String> check(PodContext ctx) {
        Optional<String> mode = line(ctx.layout().netPlugin());
        if (mode.isEmpty()) {
            return List.of();
        }
        Optional<NetworkPlugin> plugin = networks.find(mode.get());
        if (plugin.isEmpty()) {
            return List.of("pod " + ctx.uuid() + ": its network was made by the network plugin \"" + mode.get()
                    + "\", which is not installed now (installed: " + networks.available() + ")");
        }
        return plugin.get().check(ctx);
    }

    /** Whether the pod has a network to take down. */
    static boolean hasNetwork(PodLayout layout) {
        return Files.exists(layout.netPlugin());
    }

    /** The pod's network as its directory records it (the host's when it records none). */
    static PodNetwork load(PodLayout layout) {
        Optional<String> mode = line(layout.netPlugin());
        if (mode.isEmpty()) {
            return PodNetwork.host();
        }
        return new PodNetwork(mode.get(), netns(layout), infos(layout));
    }

    /** What list and status show: rkt's net-info.json fields (netName, netConf, pluginPath, ifName, ip, mask, args). */
    static List<NetworkInfo> infos(PodLayout layout) {
        Optional<byte[]> bytes = PodFiles.bytes(layout.netInfo());
        List<NetworkInfo> out = new ArrayList<>();
        if (bytes.isEmpty()) {
            return out;
        }
        JsonNode records;
        try {
            records = Manifests.readTree(bytes.get());
        } catch (IOException e) {
            return out;
        }
        if (records == null || !records.isArray()) {
            return out;
        }
        for (JsonNode r : records) {
            JsonNode result = r.get("result");
            out.add(new NetworkInfo(text(r, "netName"), text(r, "netConf"), text(r, "pluginPath"), text(r, "ifName"),
                    text(r, "ip"), text(r, "mask"), r.path("args").asText(""),
                    result == null || result.isNull() ? null : new String(Manifests.writeTree(result, null), StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String text(JsonNode r, String field) {
        JsonNode n = r.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Path netns(PodLayout layout) {
        Optional<String> netns = line(layout.netns());
        return netns.isPresent() ? Path.of(netns.get()) : null;
    }

    /** A one-line file of the pod directory, stripped; empty when it is missing or blank. */
    private static Optional<String> line(Path file) {
        Optional<String> text = PodFiles.text(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String stripped = text.get().strip();
        return stripped.isEmpty() ? Optional.empty() : Optional.of(stripped);
    }

    private static void write(Path file, String text) {
        try {
            PodFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw RktException.wrap("write " + file, e);
        }
    }

    private static void deleteQuietly(Path file, RuntimeException failure) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
