package io.rktj.cli;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.pod.GcOptions;
import io.rktj.cli.args.GoDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gc", mixinStandardHelpOptions = true,
        description = {"Garbage collect rkt pods no longer in use.", "",
            "Garbage collection is a 2-step process. First, stopped pods are moved to",
            "the garbage by one invocation of the gc command. A subsequent invocation",
            "will clean up the pod, assuming the pod has been in the garbage for more",
            "time than the grace period. Use --grace-period=0s to disable it."})
final class GcCommand implements Callable<Integer> {
    @Option(names = "--grace-period", paramLabel = "DURATION", defaultValue = "30m",
            description = "duration to wait before discarding inactive pods from garbage (default: 30m)")
    String gracePeriod;

    @Option(names = "--expire-prepared", paramLabel = "DURATION", defaultValue = "24h",
            description = "duration to wait before expiring prepared pods (default: 24h)")
    String expirePrepared;

    @Option(names = "--mark-only", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "only move exited and aborted pods to the garbage directories, without deleting them")
    boolean markOnly;

    private final Session session;

    GcCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        GcOptions options = new GcOptions(duration("--grace-period", gracePeriod),
                duration("--expire-prepared", expirePrepared), markOnly);
        // rkt reports what gc does on stderr, keeping stdout for data
        ctx.lifecycle().gc(options, ctx.out(), ctx.err());
        return 0;
    }

    private static Duration duration(String flag, String value) {
        try {
            return GoDuration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new RktException("invalid " + flag + " \"" + value + "\": " + e.getMessage(), e);
        }
    }
}
