package io.rktj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;
import io.rktj.cli.args.OptionalValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run-prepared", mixinStandardHelpOptions = true,
        description = {"Run a prepared application pod in rkt.", "",
            "The pod's hostname, networks and DNS are recorded when it is prepared:",
            "give them to \"rkt prepare\"."})
final class RunPreparedCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "UUID", description = "the prepared pod (UUID or unique prefix)")
    String uuid;

    @Option(names = "--interactive", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "run the pod interactively (pods with one app only)")
    boolean interactive;

    @Option(names = "--net", arity = "0..1", fallbackValue = "default", paramLabel = "NETS",
            preprocessor = OptionalValue.class, description = "not supported here: give --net to rkt prepare")
    String net;

    @Option(names = "--hostname", paramLabel = "NAME", description = "not supported here: give --hostname to rkt prepare")
    String hostname;

    @Option(names = "--dns", paramLabel = "IP", description = "not supported here: give --dns to rkt prepare")
    List<String> dns = new ArrayList<>();

    private final Session session;

    RunPreparedCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        rejectPrepareTimeFlags();
        UUID id = ctx.lifecycle().resolve(uuid);
        PodInfo pod = ctx.lifecycle().status(id);
        if (pod.state() != PodState.PREPARED) {
            throw new RktException("pod \"" + id + "\" is not prepared");
        }
        if (interactive && pod.apps() != null && pod.apps().size() > 1) {
            throw new RktException("interactive option only supports pods with one app");
        }
        ctx.out().flush();
        ctx.err().flush();
        return ctx.lifecycle().runPrepared(id);
    }

    /** The lifecycle runs a prepared pod with the runtime config recorded at prepare time. */
    private void rejectPrepareTimeFlags() {
        String flag = net != null ? "--net" : hostname != null ? "--hostname" : !dns.isEmpty() ? "--dns" : null;
        if (flag != null) {
            throw new RktException("run-prepared " + flag + ": this pod's " + flag.substring(2)
                    + " was fixed when it was prepared; pass " + flag + " to rkt prepare");
        }
    }
}
