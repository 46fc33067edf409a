package io.rktj.cli;

import java.util.concurrent.Callable;

import io.rktj.api.schema.Manifests;
import io.rktj.cli.format.GoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat-manifest", mixinStandardHelpOptions = true, description = "Inspect and print the image manifest.")
final class ImageCatManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "image id (or unique prefix) or name")
    String image;

    @Option(names = "--pretty-print", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", defaultValue = "true",
            description = "apply indent to format the output (default: true)")
    boolean prettyPrint;

    private final Session session;

    ImageCatManifestCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        String id = new ImageResolver(ctx).find(image).id();
        ctx.out().println(GoJson.write(Manifests.toTree(ctx.store().manifest(id)), prettyPrint));
        return 0;
    }
}
