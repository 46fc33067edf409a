package io.rktj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rkt daemon} as help and the command list show it. bin/rkt's launcher serves it itself
 * (a long-lived framework, see docs/daemon.md); this command only runs when the rkt command
 * service is called some other way, where there is no process to keep alive.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Serve rkt commands from one long-lived process.", "",
            "While it runs, bin/rkt hands it each command it can serve",
            "and runs the others itself; a pod's supervisor still runs in",
            "the process of the rkt command that started it. The daemon",
            "serves one --dir, --local-config and --system-config."})
final class DaemonCommand implements Callable<Integer> {
    @Option(names = "--socket", paramLabel = "PATH",
            description = "the unix socket to serve (default $RKT_DAEMON_SOCKET, else /run/rktj/daemon.sock)")
    Path socket;

    DaemonCommand(Session session) {
        // the session is not needed: see call()
    }

    @Override
    public Integer call() {
        throw new RktException("daemon: only bin/rkt's launcher can start the daemon (run `bin/rkt daemon`)");
    }
}
