package io.rktj.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "image", mixinStandardHelpOptions = true, description = "Operate on image(s) in the local store.",
        subcommands = {ImageListCommand.class, ImageRmCommand.class, ImageExportCommand.class, ImageExtractCommand.class,
            ImageRenderCommand.class, ImageCatManifestCommand.class, ImageGcCommand.class, ImageVerifyCommand.class})
final class ImageCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    private final Session session;

    ImageCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        session.ctx().err().println("rkt: missing command");
        spec.commandLine().usage(session.ctx().out());
        return Rkt.EXIT_MISSING_COMMAND;
    }
}
