package io.rktj.api.pod;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.osgi.annotation.versioning.ProviderType;

/**
 * stage0: the pod lifecycle on disk. The core bundle provides it; the CLI and the daemon use it.
 * Every failure is an {@link io.rktj.api.RktException} with a one-line message.
 */
@ProviderType
public interface PodLifecycle {

    /** Fetches the images, creates the pod directory and moves it to prepared/. */
    UUID prepare(PrepareRequest request);

    /** Prepares and runs a pod; returns the pod's exit status (or does not return, if the flavor execs). */
    int run(PrepareRequest request, UUIDSink uuidSink);

    /** Runs a prepared pod. */
    int runPrepared(UUID uuid);

    List<PodInfo> list();

    PodInfo status(UUID uuid);

    /**
     * Checks the network of a running pod whose flavor has started it, through the network plugin
     * that made it (CNI CHECK for CNI networks). Returns one line per problem found, empty when the
     * network is as it was made, when it has nothing to check, or when the pod is not running (or
     * stopped meanwhile). A broken network is a state of the pod: it is reported, not thrown. Needs
     * root.
     */
    List<String> checkNetwork(UUID uuid);

    /** Waits until the pod is no longer running, or the timeout elapses (null = forever). */
    PodInfo waitExited(UUID uuid, Duration timeout);

    void stop(UUID uuid, boolean force);

    /** Removes an exited or prepared pod. */
    void rm(UUID uuid);

    /**
     * Runs garbage collection and reports what it did, one line per pod, as rkt does: pods
     * removed ("Garbage collecting pod ...") on {@code out}, pods moved to garbage and problems
     * on {@code err}.
     */
    void gc(GcOptions options, PrintStream out, PrintStream err);

    /** Garbage collection with every line of its report on one stream. */
    default void gc(GcOptions options, PrintStream out) {
        gc(options, out, out);
    }

    int enter(UUID uuid, String app, List<String> command);

    byte[] catManifest(UUID uuid);

    /** Resolves a full UUID or a unique prefix of one. */
    UUID resolve(String uuidOrPrefix);

    /** Receives a pod's UUID as soon as it exists (for --uuid-file-save). */
    @FunctionalInterface
    interface UUIDSink {
        void accept(UUID uuid);
    }
}
