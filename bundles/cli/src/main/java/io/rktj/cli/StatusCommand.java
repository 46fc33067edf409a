package io.rktj.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;
import io.rktj.cli.args.GoBool;
import io.rktj.cli.args.GoDuration;
import io.rktj.cli.args.OptionalValue;
import io.rktj.cli.format.OutputFormat;
import io.rktj.cli.format.PodJson;
import io.rktj.cli.format.PodStatusText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Check the status of a rkt pod.", "",
            "Prints the pod's state, pid and the exit status of its apps.",
            "--wait accepts true, false or a duration (10s, 1m30s): true or a negative",
            "duration waits indefinitely, false or zero does not wait.",
            "As root, the network of a running pod is checked (CNI CHECK): each problem",
            "found is a line on stderr; the output and the exit status stay the same."})
final class StatusCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "UUID", description = "the pod (UUID or unique prefix)")
    String uuid;

    @Option(names = "--uuid-file", paramLabel = "FILE", description = "read pod UUID from file instead of argument")
    Path uuidFile;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL|DURATION",
            preprocessor = OptionalValue.class, description = "wait for the pod to finish, indefinitely or up to a duration")
    String wait;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "", converter = FormatConverter.class,
            description = "choose the output format: json, json-pretty; by default key=value lines")
    OutputFormat format;

    private final Session session;

    StatusCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        UUID id = PodRefs.resolveOne(ctx.lifecycle(), uuid, uuidFile);
        Duration timeout = waitTimeout(wait);
        PodInfo pod;
        if (timeout != null && timeout.isZero()) {
            pod = ctx.lifecycle().status(id);
        } else {
            pod = ctx.lifecycle().waitExited(id, timeout);
            if (pod.state() == PodState.RUNNING) {
                throw new RktException("error waiting for pod " + id + " to finish: timed out after " + wait);
            }
        }
        if (format == OutputFormat.TABBED) {
            ctx.out().print(PodStatusText.format(pod, ctx.clock().getZone()));
        } else {
            ctx.out().println(PodJson.one(pod, format == OutputFormat.JSON_PRETTY));
        }
        if (pod.state() == PodState.RUNNING && ctx.effectiveUid().getAsInt() == 0) {
            ctx.out().flush();
            for (String problem : ctx.lifecycle().checkNetwork(id)) {
                ctx.err().println("rkt: " + problem);
            }
        }
        return 0;
    }

    /** rkt's parseDuration: null = wait forever, zero = do not wait. */
    static Duration waitTimeout(String value) {
        if (value == null) {
            return Duration.ZERO;
        }
        if (value.isEmpty()) {
            return null;
        }
        Duration d;
        try {
            d = GoBool.parse(value) ? null : Duration.ZERO;
        } catch (IllegalArgumentException notBool) {
            try {
                d = GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new RktException("invalid --wait \"" + value + "\": " + e.getMessage(), e);
            }
        }
        return d != null && d.isNegative() ? null : d;
    }
}
