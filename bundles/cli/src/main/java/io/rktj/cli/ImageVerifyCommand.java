package io.rktj.cli;

import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Re-read every blob of the local store and check its digest.")
final class ImageVerifyCommand implements Callable<Integer> {
    private final Session session;

    ImageVerifyCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        List<String> problems = ctx.store().verify();
        for (String p : problems) {
            ctx.err().println("rkt: " + p);
        }
        if (!problems.isEmpty()) {
            return Rkt.EXIT_ERROR;
        }
        ctx.out().println("image store verified: " + ctx.store().list().size() + " image(s), every blob intact");
        return 0;
    }
}
