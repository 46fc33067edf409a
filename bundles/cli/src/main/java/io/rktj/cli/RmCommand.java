package io.rktj.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Remove all files and resources associated with an exited pod.", "",
            "Unlike gc, rm allows users to remove specific pods."})
final class RmCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "UUID", description = "the pods (UUIDs or unique prefixes)")
    List<String> uuids = new ArrayList<>();

    @Option(names = "--uuid-file", paramLabel = "FILE", description = "read pod UUID from file instead of argument")
    Path uuidFile;

    private final Session session;

    RmCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        Batch batch = new Batch(ctx);
        for (String name : PodRefs.names(uuids, uuidFile)) {
            batch.each(name, () -> {
                UUID id = ctx.lifecycle().resolve(name);
                ctx.lifecycle().rm(id);
                ctx.out().println("\"" + id + "\"");
            });
        }
        return batch.finish("failed to remove %d pod(s)");
    }
}
