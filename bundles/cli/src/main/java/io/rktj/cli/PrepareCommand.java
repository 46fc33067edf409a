package io.rktj.cli;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.image.FetchProgress;
import io.rktj.cli.args.AppArgs;
import io.rktj.cli.args.AppArgsPreprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prepare", mixinStandardHelpOptions = true, preprocessor = AppArgsPreprocessor.class,
        customSynopsis = "rkt prepare [flags] IMAGE [app flags] [-- app args...] [--- IMAGE ...]...",
        description = {"Prepare to run image(s) in a pod in rkt.", "",
            "Prepares the pod and prints its UUID for a later \"rkt run-prepared\"."})
final class PrepareCommand implements Callable<Integer>, AppArgsPreprocessor.Receiver {
    @Mixin
    PodOptions pod;

    @Option(names = "--quiet", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "suppress superfluous output on stdout, print only the UUID on success")
    boolean quiet;

    private final Session session;
    private AppArgs apps = new AppArgs(List.of(), List.of(), List.of());

    PrepareCommand(Session session) {
        this.session = session;
    }

    @Override
    public void receive(AppArgs parsed) {
        apps = parsed;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        FetchProgress progress = TerminalProgress.forStderr(ctx.err());
        UUID uuid;
        try {
            uuid = ctx.lifecycle().prepare(pod.request(apps, session.global(), ctx, progress));
        } finally {
            TerminalProgress.finish(progress);
        }
        // rkt prints the UUID alone either way; --quiet only silences what comes before it
        ctx.out().println(uuid);
        return 0;
    }
}
