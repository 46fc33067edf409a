package io.rktj.api.pod;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stage1 flavor: builds a pod's sandbox and supervises its apps. Registered as an OSGi
 * service with {@link #FLAVOR_PROPERTY}, {@link #VERSION_PROPERTY} and
 * {@link #INTERFACE_PROPERTY}. The full contract is docs/stage1-flavor-contract.md.
 *
 * <p>A flavor keeps no pod state in memory: every method works from the pod directory alone,
 * so a pod started by one revision of a flavor bundle can be stopped, entered and collected by
 * another that speaks the same interface version.
 */
@ConsumerType
public interface Stage1Flavor {
    String FLAVOR_PROPERTY = "rkt.stage1.flavor";
    String VERSION_PROPERTY = "rkt.stage1.version";
    String INTERFACE_PROPERTY = "rkt.stage1.interface";
    /**
     * How the flavor's pods are networked: {@value #NETWORK_NAMESPACE} (the core makes the pod's
     * network namespace through a {@link io.rktj.api.net.NetworkPlugin} before {@link #run} and
     * the flavor enters it, or runs its hypervisor in it; --net defaults to {@code default}) or
     * {@value #NETWORK_HOST} (the pod always shares the host's network and --net is ignored, as
     * rkt's fly discarded it). A flavor without the property is taken to be {@value #NETWORK_HOST}.
     */
    String NETWORK_PROPERTY = "rkt.stage1.network";
    String NETWORK_NAMESPACE = "namespace";
    String NETWORK_HOST = "host";

    /** The flavor's name: fly, systemd, kvm. */
    String name();

    /** The flavor implementation's version, recorded in each pod it runs. */
    String version();

    /**
     * Hands the pod to its supervisor. The pod directory is in {@code run/} and locked by
     * {@link PodContext#lockFd()}. A flavor whose supervisor replaces the calling process
     * (execve) does not return on success; otherwise it returns when the pod has ended, with
     * the pod's exit status. The supervisor records each app's exit code at
     * {@link PodLayout#exitStatus(String)} and keeps the lock until the pod has ended.
     */
    int run(PodContext pod);

    /** Ends a running pod: gracefully (apps get SIGTERM and their post-stop hooks), or at once when force. */
    void stop(PodContext pod, boolean force);

    /**
     * Runs a command inside a running app and returns its exit status. For a flavor without
     * host namespaces to enter (a virtual machine), this goes over the flavor's control channel.
     */
    int enter(PodContext pod, String app, List<String> command);

    /**
     * Releases what the flavor set up for an exited pod: mounts, cgroups, processes (the core takes
     * the network down after this, through the NetworkPlugin that made it).
     * Idempotent: called again after an interrupted gc it finishes the job. No unmount may
     * propagate to mounts outside the pod directory.
     */
    void gc(PodContext pod);
}
