package io.rktj.cli;

import picocli.CommandLine.Command;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Render an image with its dependencies applied to a folder.")
final class ImageRenderCommand extends ImageTreeCommand {
    ImageRenderCommand(Session session) {
        super(session);
    }
}
