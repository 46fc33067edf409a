package io.rktj.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What {@code image extract} and {@code image render} share: both copy the image's rendered tree
 * (dependencies and layers applied) to a folder; they differ only in name and description.
 */
abstract class ImageTreeCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "image id (or unique prefix) or name")
    String image;

    @Parameters(index = "1", paramLabel = "OUTPUT_DIR", description = "the folder to write")
    Path output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "overwrite output directory")
    boolean overwrite;

    @Option(names = "--rootfs-only", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "${COMMAND-NAME} rootfs only")
    boolean rootfsOnly;

    @Spec
    CommandSpec spec;

    private final Session session;

    ImageTreeCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        String id = new ImageResolver(ctx).find(image).id();
        ImageTreeCopy.copy("image " + spec.name() + " " + image, ctx.store().render(id), output, rootfsOnly, overwrite);
        return 0;
    }
}
