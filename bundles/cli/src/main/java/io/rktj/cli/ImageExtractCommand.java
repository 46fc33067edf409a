package io.rktj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "extract", mixinStandardHelpOptions = true, description = "Extract an image to a folder: its rootfs and manifest.")
final class ImageExtractCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "image id (or unique prefix) or name")
    String image;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "the folder to write")
    Path output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "overwrite output directory")
    boolean overwrite;

    @Option(names = "--rootfs-only", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "extract rootfs only")
    boolean rootfsOnly;

    private final Session session;

    ImageExtractCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        String id = new ImageResolver(ctx).find(image).id();
        ImageTreeCopy.copy("image extract " + image, ctx.store().render(id), output, rootfsOnly, overwrite);
        return 0;
    }
}
