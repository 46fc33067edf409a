package io.rktj.cli.format;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.stream.Collectors;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodInfo;

/**
 * rkt list's table (rkt/list.go): one line per app, the pod's columns only on its first line;
 * short output truncates the UUID to 8 characters and gives relative times, --full adds the
 * image id (first 19 characters) and prints full UUIDs and dates.
 */
public final class PodTable {
    private final boolean full;
    private final Instant now;
    private final ZoneId zone;

    public PodTable(boolean full, Instant now, ZoneId zone) {
        this.full = full;
        this.now = now;
        this.zone = zone;
    }

    public String format(List<PodInfo> pods, boolean legend) {
        TabWriter tw = new TabWriter();
        if (legend) {
            tw.line(full
                    ? "UUID\tAPP\tIMAGE NAME\tIMAGE ID\tSTATE\tCREATED\tSTARTED\tNETWORKS"
                    : "UUID\tAPP\tIMAGE NAME\tSTATE\tCREATED\tSTARTED\tNETWORKS");
        }
        for (PodInfo p : pods) {
            String uuid = full ? p.uuid().toString() : p.uuid().toString().substring(0, 8);
            String state = p.state().label();
            String nets = networks(p.networks());
            String created = time(p.createdAt());
            String started = time(p.startedAt());
            List<AppInfo> apps = p.apps() == null ? List.of() : p.apps();
            if (apps.isEmpty()) {
                row(tw, uuid, "-", "-", "-", state, created, started, nets);
            }
            for (AppInfo a : apps) {
                row(tw, uuid, a.name(), a.imageName() == null ? "--" : a.imageName(), imageId(a.imageId()),
                        state, created, started, nets);
                // the pod's own columns describe the pod, not the app: only on its first line
                uuid = "";
                state = "";
                nets = "";
                created = "";
                started = "";
            }
        }
        return tw.format();
    }

    private void row(TabWriter tw, String uuid, String app, String image, String imageId, String state,
            String created, String started, String nets) {
        if (full) {
            tw.row(uuid, app, image, imageId, state, created, started, nets);
        } else {
            tw.row(uuid, app, image, state, created, started, nets);
        }
    }

    private String time(Instant t) {
        if (t == null) {
            return "";
        }
        return full ? GoTime.full(t, zone) : GoTime.relative(t, now);
    }

    private static String imageId(String id) {
        if (id == null) {
            return "";
        }
        return id.length() > 19 ? id.substring(0, 19) : id;
    }

    /** rkt's fmtNets: {@code name:ip4=IP}, comma-separated. */
    public static String networks(List<NetworkInfo> nets) {
        if (nets == null) {
            return "";
        }
        return nets.stream().map(n -> n.netName() + ":ip4=" + (n.ip() == null ? "<nil>" : n.ip()))
                .collect(Collectors.joining(", "));
    }
}
