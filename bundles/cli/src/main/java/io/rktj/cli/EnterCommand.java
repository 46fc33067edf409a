package io.rktj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "enter", mixinStandardHelpOptions = true,
        description = {"Enter the namespaces of an app within a rkt pod.", "",
            "UUID is a running pod. Without CMD, " + EnterCommand.DEFAULT_COMMAND + " is run.",
            "The exit status is CMD's."})
final class EnterCommand implements Callable<Integer> {
    static final String DEFAULT_COMMAND = "/bin/sh";

    @Option(names = "--app", paramLabel = "NAME", description = "name of the app to enter within the specified pod")
    String app;

    @Parameters(index = "0", paramLabel = "UUID", description = "the pod (UUID or unique prefix)")
    String uuid;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "CMD", description = "the command and its arguments")
    List<String> command = new ArrayList<>();

    private final Session session;

    EnterCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        UUID id = ctx.lifecycle().resolve(uuid);
        PodInfo pod = ctx.lifecycle().status(id);
        if (pod.state() != PodState.RUNNING) {
            throw new RktException("pod \"" + id + "\" isn't currently running");
        }
        String appName = app != null ? app : onlyApp(pod);
        List<String> argv = command;
        if (argv.isEmpty()) {
            ctx.err().println("rkt: no command specified, assuming \"" + DEFAULT_COMMAND + "\"");
            argv = List.of(DEFAULT_COMMAND);
        }
        ctx.out().flush();
        ctx.err().flush();
        return ctx.lifecycle().enter(id, appName, argv);
    }

    private static String onlyApp(PodInfo pod) {
        List<AppInfo> apps = pod.apps() == null ? List.of() : pod.apps();
        if (apps.isEmpty()) {
            throw new RktException("pod \"" + pod.uuid() + "\" contains zero apps");
        }
        if (apps.size() > 1) {
            throw new RktException("pod \"" + pod.uuid() + "\" contains multiple apps ("
                    + String.join(", ", apps.stream().map(AppInfo::name).toList())
                    + "): specify one with \"rkt enter --app= ...\"");
        }
        return apps.get(0).name();
    }
}
