package io.rktj.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "version", mixinStandardHelpOptions = true,
        description = "Print the version of rkt, and various build and configuration information.")
final class VersionCommand implements Callable<Integer> {
    private final Session session;

    VersionCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        for (String line : new VersionText(session).getVersion()) {
            session.ctx().out().println(line);
        }
        return 0;
    }
}
