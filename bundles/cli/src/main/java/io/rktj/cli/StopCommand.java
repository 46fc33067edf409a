package io.rktj.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PodState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop pods. Prints the quoted UUID of each pod it stopped.")
final class StopCommand implements Callable<Integer> {
    private static final Set<PodState> AFTER_RUN = Set.of(
            PodState.EXITED, PodState.EXITED_GARBAGE, PodState.GARBAGE, PodState.DELETING);

    @Parameters(arity = "0..*", paramLabel = "UUID", description = "the pods (UUIDs or unique prefixes)")
    List<String> uuids = new ArrayList<>();

    @Option(names = "--force", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "forced stopping (SIGKILL)")
    boolean force;

    @Option(names = "--uuid-file", paramLabel = "FILE", description = "read pod UUID from file instead of argument")
    Path uuidFile;

    private final Session session;

    StopCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        List<String> names = PodRefs.names(uuids, uuidFile);
        Batch batch = new Batch(ctx);
        for (String name : names) {
            batch.each(name, () -> stop(ctx, name));
        }
        return batch.finish("failed to stop %d pod(s)");
    }

    private void stop(CliContext ctx, String name) {
        PodLifecycle lifecycle = ctx.lifecycle();
        UUID id = lifecycle.resolve(name);
        PodState state = lifecycle.status(id).state();
        if (AFTER_RUN.contains(state)) {
            ctx.out().println("pod \"" + id + "\" is already stopped");
            return;
        }
        if (state != PodState.RUNNING) {
            throw new RktException("pod \"" + id + "\" is not running");
        }
        lifecycle.stop(id, force);
        ctx.out().println("\"" + id + "\"");
    }
}
