package io.rktj.api.pod;

import java.time.Instant;

/**
 * One app of a pod as list and status show it.
 *
 * @param state    created, running, exited or unknown (rkt's api/v1 app states)
 * @param exitCode null until the app has exited
 */
public record AppInfo(String name, String imageName, String imageId, String state, Integer exitCode,
        Instant createdAt, Instant startedAt, Instant finishedAt) {
}
