package io.rktj.core;

import java.nio.file.Path;
import java.util.UUID;

import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.PodState;

/** A pod as found on disk at one moment: where it was and the state derived from there. */
record PodHandle(UUID uuid, StateDir dir, Path path, PodState state) {

    PodLayout layout() {
        return new PodLayout(path);
    }
}
