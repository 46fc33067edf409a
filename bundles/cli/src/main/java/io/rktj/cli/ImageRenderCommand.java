package io.rktj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true, description = "Render an image with its dependencies applied to a folder.")
final class ImageRenderCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "image id (or unique prefix) or name")
    String image;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "the folder to write")
    Path output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "overwrite output directory")
    boolean overwrite;

    @Option(names = "--rootfs-only", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "render rootfs only")
    boolean rootfsOnly;

    private final Session session;

    ImageRenderCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        String id = new ImageResolver(ctx).find(image).id();
        ImageTreeCopy.copy("image render " + image, ctx.store().render(id), output, rootfsOnly, overwrite);
        return 0;
    }
}
