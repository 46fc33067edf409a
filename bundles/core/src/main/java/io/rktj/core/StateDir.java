package io.rktj.core;

import io.rktj.api.pod.PodState;

/**
 * The state directories under {@code <dir>/pods}, in the order a pod passes through them. A pod's
 * state is its directory plus, for some directories, whether its lock is held (rkt's pods.go).
 */
enum StateDir {
    EMBRYO("embryo", PodState.EMBRYO, PodState.EMBRYO),
    PREPARE("prepare", PodState.ABORTED_PREPARE, PodState.PREPARING),
    PREPARED("prepared", PodState.PREPARED, PodState.PREPARED),
    RUN("run", PodState.EXITED, PodState.RUNNING),
    EXITED_GARBAGE("exited-garbage", PodState.EXITED_GARBAGE, PodState.DELETING),
    GARBAGE("garbage", PodState.GARBAGE, PodState.DELETING);

    private final String dirName;
    private final PodState unlocked;
    private final PodState locked;

    StateDir(String dirName, PodState unlocked, PodState locked) {
        this.dirName = dirName;
        this.unlocked = unlocked;
        this.locked = locked;
    }

    String dirName() {
        return dirName;
    }

    /** Whether the lock tells anything here; an embryo is only ever seen by its creator, prepared pods are unlocked. */
    boolean lockMatters() {
        return unlocked != locked;
    }

    PodState state(boolean lockHeld) {
        return lockHeld ? locked : unlocked;
    }
}
