package io.rktj.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;


import io.rktj.api.RktException;
import io.rktj.cli.format.GoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cat-manifest", mixinStandardHelpOptions = true, description = "Inspect and print the pod manifest.")
final class CatManifestCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "UUID", description = "the pod (UUID or unique prefix)")
    String uuid;

    @Option(names = "--uuid-file", paramLabel = "FILE", description = "read pod UUID from file instead of argument")
    Path uuidFile;

    @Option(names = "--pretty-print", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", defaultValue = "true",
            description = "apply indent to format the output (default: true)")
    boolean prettyPrint;

    private final Session session;

    CatManifestCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        byte[] manifest = ctx.lifecycle().catManifest(PodRefs.resolveOne(ctx.lifecycle(), uuid, uuidFile));
        try {
            ctx.out().println(GoJson.write(io.rktj.api.schema.Manifests.readTree(manifest), prettyPrint));
        } catch (IOException e) {
            throw new RktException("cannot read the pod manifest: " + e.getMessage(), e);
        }
        return 0;
    }
}
