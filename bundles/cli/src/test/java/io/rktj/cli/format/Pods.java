package io.rktj.cli.format;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;

/** The pods of rkt's own documentation examples (Documentation/subcommands/list.md, status.md). */
final class Pods {
    static final Instant NOW = Instant.parse("2016-01-25T16:45:00Z");
    static final String REDIS_ID = "sha512-91e98d7f1679" + "0".repeat(116);
    static final String ETCD_ID = "sha512-a03f6bad952b" + "1".repeat(116);
    static final String NGINX_ID = "sha512-32ad6892f21a" + "2".repeat(116);
    static final NetworkInfo DEFAULT_NET = new NetworkInfo("default", "net/99-default.conf",
            "stage1/rootfs/usr/lib/rkt/plugins/net/ptp", "eth0", "172.16.28.7", "255.255.255.0");

    private Pods() {
    }

    static PodInfo running() {
        Instant created = Instant.parse("2016-01-25T16:43:00Z");
        Instant started = Instant.parse("2016-01-25T16:44:19Z");
        return new PodInfo(UUID.fromString("5bc080ca-9e03-480d-b705-5928af396cc5"), PodState.RUNNING,
                List.of(new AppInfo("redis", "redis", REDIS_ID, "running", null, created, started, null),
                        new AppInfo("etcd", "coreos.com/etcd:v2.0.9", ETCD_ID, "running", null, created, started, null)),
                List.of(DEFAULT_NET), created, started, null, 16964, "fly 0.1.0 1");
    }

    static PodInfo exited() {
        Instant created = Instant.parse("2016-01-25T16:36:00Z");
        Instant started = Instant.parse("2016-01-25T16:43:00Z");
        Instant finished = Instant.parse("2016-01-25T16:44:00.5Z");
        return new PodInfo(UUID.fromString("3089337c-4821-419b-9ea0-879a7c694de4"), PodState.EXITED,
                List.of(new AppInfo("nginx", "nginx", NGINX_ID, "exited", 2, created, started, finished)),
                List.of(), created, started, finished, 0, "fly 0.1.0 1");
    }

    static PodInfo prepared() {
        return new PodInfo(UUID.fromString("66ceb509-1111-4222-8333-444455556666"), PodState.PREPARED,
                List.of(), List.of(), Instant.parse("2016-01-25T16:43:00Z"), null, null, 0, "fly 0.1.0 1");
    }
}
