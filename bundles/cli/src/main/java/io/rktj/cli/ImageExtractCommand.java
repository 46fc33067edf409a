package io.rktj.cli;

import picocli.CommandLine.Command;

@Command(name = "extract", mixinStandardHelpOptions = true, description = "Extract an image to a folder: its rootfs and manifest.")
final class ImageExtractCommand extends ImageTreeCommand {
    ImageExtractCommand(Session session) {
        super(session);
    }
}
