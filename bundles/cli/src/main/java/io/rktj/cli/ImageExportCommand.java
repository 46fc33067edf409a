package io.rktj.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export an image from the local store to an ACI file.", "",
            "An OCI or Docker image is written as an ACI of its rendered tree."})
final class ImageExportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "image id (or unique prefix) or name")
    String image;

    @Parameters(index = "1", paramLabel = "OUTPUT_ACI_FILE", description = "where to write the ACI")
    Path output;

    @Option(names = "--overwrite", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            description = "overwrite output ACI")
    boolean overwrite;

    private final Session session;

    ImageExportCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        String id = new ImageResolver(ctx).find(image).id();
        Path target = output.toAbsolutePath();
        if (Files.exists(target) && !overwrite) {
            throw new RktException("image export " + image + ": " + output + " already exists; use --overwrite");
        }
        if (!Files.isDirectory(target.getParent())) {
            throw new RktException("image export " + image + ": directory " + target.getParent() + " does not exist");
        }
        Path temp = target.resolveSibling("." + target.getFileName() + ".rkt-export-" + ProcessHandle.current().pid());
        try {
            try (OutputStream out = Files.newOutputStream(temp)) {
                ctx.store().exportAci(id, out);
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw RktException.wrap("image export " + image, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // nothing more to do about a leftover temporary file
            }
        }
        return 0;
    }
}
