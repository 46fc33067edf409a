package io.rktj.api.pod;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A pod as list and status show it, read from its directory.
 *
 * @param pid       the supervisor's pid while running, else 0
 * @param exitedAt  when the pod ended, if it has
 * @param flavor    the flavor record: name, version, interface version
 */
public record PodInfo(UUID uuid, PodState state, List<AppInfo> apps, List<NetworkInfo> networks,
        Instant createdAt, Instant startedAt, Instant exitedAt, int pid, String flavor) {
}
