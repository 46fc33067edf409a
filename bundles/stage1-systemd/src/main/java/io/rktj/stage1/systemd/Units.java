package io.rktj.stage1.systemd;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The pod's systemd units, written to the stage1 rootfs's etc/systemd/system. The pod boots
 * into {@code rkt.target}, which wants one {@code rkt-<app>.service} per app; each app's unit runs
 * rkt-stage1's app runner around the executor's command (runc). rkt-stage1 init has made the
 * pod's view of its own cgroup writable before systemd started.
 */
final class Units {
    static final String TARGET = "rkt.target";

    private Units() {
    }

    static String unitName(String app) {
        return "rkt-" + app + ".service";
    }

    static String target(List<String> apps) {
        String wants = apps.stream().map(Units::unitName).collect(Collectors.joining(" "));
        return "[Unit]\nDescription=rkt pod\nWants=" + wants + "\nAfter=" + wants + "\nAllowIsolate=yes\n";
    }

    /** Inside the pod: rkt run's stdin for an interactive app that is not on a terminal (see rkt-stage1 pod --interactive). */
    static final String STDIN_FIFO = "/rkt/stdin";

    /** Where rkt-stage1 init's keeper of an app created before systemd reports to the app's runner. */
    static String createdFifo(String app) {
        return "/run/rkt/" + app + ".fifo";
    }

    /**
     * The app's unit. An interactive app's output is not prefixed, and its stdin is the console
     * (nspawn's interactive console: rkt run's terminal) or, when rkt run's stdin is not a
     * terminal, {@link #STDIN_FIFO}. With created, the app was created before systemd started
     * (rkt-stage1 init) and command starts it, or reading startFifo when that is not null. With
     * endAtOnce, the runner that finds every app ended and succeeded has the pod ended at once
     * (docs/systemd.md, "A run, step by step").
     */
    static String app(String app, int apps, List<String> command, Map<String, List<String>> handlers, boolean interactive,
            boolean created, String startFifo, boolean endAtOnce) {
        StringBuilder exec = new StringBuilder(Stage1Tree.binaryInPod())
                .append(" app --name ").append(quote(app)).append(" --status-dir /rkt/status --apps ").append(apps);
        if (interactive) {
            exec.append(" --no-prefix --stdin ").append(STDIN_FIFO);
        }
        if (created) {
            exec.append(" --created ").append(quote(createdFifo(app)));
            if (startFifo != null) {
                exec.append(" --start-fifo ").append(quote(startFifo));
            }
        }
        if (endAtOnce) {
            exec.append(" --end-at-once");
        }
        handlers.forEach((event, cmd) -> {
            exec.append(" --").append(event).append(' ').append(cmd.size());
            cmd.forEach(a -> exec.append(' ').append(quote(a)));
        });
        exec.append(" --");
        command.forEach(a -> exec.append(' ').append(quote(a)));
        return "[Unit]\nDescription=rkt app " + app + "\nDefaultDependencies=no"
                + "\n\n[Service]\nExecStart=" + exec + "\nKillMode=mixed\nTimeoutStopSec=30\nStandardInput="
                + (interactive ? "tty" : "null") + "\nStandardOutput=tty\nStandardError=tty\nTTYPath=/dev/console\n";
    }

    /** One ExecStart word, quoted as systemd reads it: C escapes in double quotes, $ and % doubled. */
    static String quote(String arg) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : arg.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '$' -> b.append("$$");
                case '%' -> b.append("%%");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
