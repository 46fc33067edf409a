package io.rktj.cli.format;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodInfo;

/**
 * Pods in rkt's api/v1 JSON shape (api/v1/json.go, lib/pod.go): field order and omitempty as
 * there; the pod's created_at and started_at are seconds since the epoch, the apps' times
 * nanoseconds, as rkt wrote them.
 */
public final class PodJson {
    private PodJson() {
    }

    /** A list of pods; an empty list is {@code []} (rkt wrote Go's {@code null}). */
    public static String list(List<PodInfo> pods, boolean pretty) {
        ArrayNode array = GoJson.array();
        pods.forEach(p -> array.add(pod(p)));
        return GoJson.write(array, pretty);
    }

    public static String one(PodInfo pod, boolean pretty) {
        return GoJson.write(pod(pod), pretty);
    }

    static ObjectNode pod(PodInfo p) {
        ObjectNode o = GoJson.object();
        o.put("name", p.uuid().toString());
        o.put("state", p.state().label());
        if (p.networks() != null && !p.networks().isEmpty()) {
            ArrayNode nets = o.putArray("networks");
            p.networks().forEach(n -> nets.add(network(n)));
        }
        List<AppInfo> apps = p.apps() == null ? List.of() : p.apps();
        if (!apps.isEmpty()) {
            ArrayNode names = o.putArray("app_names");
            apps.forEach(a -> names.add(a.name()));
            ArrayNode list = o.putArray("apps");
            apps.forEach(a -> list.add(app(a)));
        }
        if (p.createdAt() != null) {
            o.put("created_at", p.createdAt().getEpochSecond());
        }
        if (p.startedAt() != null) {
            o.put("started_at", p.startedAt().getEpochSecond());
        }
        return o;
    }

    private static ObjectNode network(NetworkInfo n) {
        ObjectNode o = GoJson.object();
        o.put("netName", orEmpty(n.netName()));
        o.put("netConf", orEmpty(n.netConf()));
        o.put("pluginPath", orEmpty(n.pluginPath()));
        o.put("ifName", orEmpty(n.ifName()));
        o.put("ip", orEmpty(n.ip()));
        o.put("args", orEmpty(n.args()));
        o.put("mask", orEmpty(n.mask()));
        return o;
    }

    private static ObjectNode app(AppInfo a) {
        ObjectNode o = GoJson.object();
        o.put("name", a.name());
        o.put("state", a.state() == null ? "unknown" : a.state());
        putNanos(o, "created_at", a.createdAt());
        putNanos(o, "started_at", a.startedAt());
        putNanos(o, "finished_at", a.finishedAt());
        if (a.exitCode() != null) {
            o.put("exit_code", a.exitCode());
        }
        o.put("image_id", orEmpty(a.imageId()));
        return o;
    }

    private static void putNanos(ObjectNode o, String field, Instant t) {
        if (t != null) {
            o.put(field, t.getEpochSecond() * 1_000_000_000L + t.getNano());
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
