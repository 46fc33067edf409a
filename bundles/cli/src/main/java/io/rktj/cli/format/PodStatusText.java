package io.rktj.cli.format;

import java.time.ZoneId;
import java.util.List;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;

/** rkt status's key=value lines (rkt/status.go printStatus), in rkt's order and conditions. */
public final class PodStatusText {
    private PodStatusText() {
    }

    public static String format(PodInfo p, ZoneId zone) {
        StringBuilder sb = new StringBuilder();
        PodState state = p.state();
        line(sb, "state", state.label());
        if (p.createdAt() != null) {
            line(sb, "created", GoTime.full(p.createdAt(), zone));
        }
        if (p.startedAt() != null) {
            line(sb, "started", GoTime.full(p.startedAt(), zone));
        }
        if (state == PodState.RUNNING || state == PodState.EXITED) {
            line(sb, "networks", PodTable.networks(p.networks()));
        }
        boolean afterStart = state == PodState.RUNNING || state == PodState.DELETING
                || state == PodState.EXITED || state == PodState.EXITED_GARBAGE;
        if (!afterStart) {
            return sb.toString();
        }
        if (p.pid() > 0) {
            line(sb, "pid", Integer.toString(p.pid()));
        }
        line(sb, "exited", Boolean.toString(state == PodState.EXITED || state == PodState.EXITED_GARBAGE));
        if (state != PodState.RUNNING) {
            List<AppInfo> apps = p.apps() == null ? List.of() : p.apps();
            for (AppInfo a : apps) {
                if (a.exitCode() != null) {
                    line(sb, "app-" + a.name(), Integer.toString(a.exitCode()));
                }
            }
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append('=').append(value).append('\n');
    }
}
