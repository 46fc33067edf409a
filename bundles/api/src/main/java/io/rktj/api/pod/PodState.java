package io.rktj.api.pod;

/** A pod's state as rkt lists it; derived from its directory and its lock, never stored. */
public enum PodState {
    EMBRYO("embryo"),
    PREPARING("preparing"),
    ABORTED_PREPARE("aborted prepare"),
    PREPARED("prepared"),
    RUNNING("running"),
    EXITED("exited"),
    EXITED_GARBAGE("exited garbage"),
    GARBAGE("garbage"),
    DELETING("deleting");

    private final String label;

    PodState(String label) {
        this.label = label;
    }

    /** The word rkt prints in list, status and JSON. */
    public String label() {
        return label;
    }
}
