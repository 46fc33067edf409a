package io.rktj.api.pod;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A stage2 app executor: isolates one app inside a pod's sandbox (for example by writing an OCI
 * runtime bundle and running it with runc). Registered with {@link #EXECUTOR_PROPERTY}. Flavors
 * that run apps themselves (fly) use none.
 */
@ConsumerType
public interface AppExecutor {
    String EXECUTOR_PROPERTY = "rkt.stage2";

    /** Prepares the app's runtime description inside the pod directory, without starting it. */
    void prepare(PodContext pod, String app);

    /**
     * The command that runs the prepared app in the pod's sandbox, with paths as the sandbox sees
     * them (the pod's stage1 rootfs is its root). A flavor whose sandbox has its own supervisor
     * (systemd inside systemd-nspawn) puts this command in the app's unit instead of calling
     * {@link #run}. The default says the executor cannot be started that way.
     *
     * @since 1.1
     */
    default List<String> sandboxCommand(PodContext pod, String app) {
        throw new UnsupportedOperationException(getClass().getName() + " runs apps only through run()");
    }

    /**
     * The commands that run the app's appc event handlers in the pod's sandbox, keyed by event
     * ({@code pre-start}, {@code post-stop}), with paths as {@link #sandboxCommand} gives them. The
     * flavor runs pre-start before the app (the app runs only if it succeeds) and post-stop after
     * it in every case. The default: none.
     *
     * @since 1.1
     */
    default Map<String, List<String>> sandboxEventHandlers(PodContext pod, String app) {
        return Map.of();
    }

    /**
     * The app in two steps, for a sandbox that creates its apps while its own supervisor starts
     * and starts each one when the supervisor gets to it (the systemd flavor creates them before
     * the pod's systemd is up). Paths are as {@link #sandboxCommand} gives them. Empty (the
     * default) when the executor cannot split its command.
     *
     * @since 1.4
     */
    default Optional<SandboxSteps> sandboxSteps(PodContext pod, String app) {
        return Optional.empty();
    }

    /**
     * An app split into steps: {@code create} makes the app's process and leaves it waiting (it
     * exits once it has; the process it leaves is reparented, so the caller reaps the app), writing
     * the process's pid to {@code pidFile}; {@code start} lets it run; {@code delete} releases
     * what {@code create} made, once the app has ended. {@code startFifo}, when not null, is a
     * FIFO whose reading starts the created app just as {@code start} does, for a runner that
     * can do without a process for it; {@code start} remains the way when the FIFO is not there.
     *
     * @since 1.4
     */
    record SandboxSteps(List<String> create, String pidFile, List<String> start, String startFifo, List<String> delete) {
        public SandboxSteps {
            create = List.copyOf(create);
            start = List.copyOf(start);
            delete = List.copyOf(delete);
        }
    }

    /** Starts the app from the calling process and returns its exit status when it ends. */
    int run(PodContext pod, String app);

    /** Signals the app to end; force sends SIGKILL. */
    void stop(PodContext pod, String app, boolean force);

    /** Releases what the executor created for the app (runtime state, cgroups). Idempotent. */
    void cleanup(PodContext pod, String app);
}
