package io.rktj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = {"Fetch image(s) and store them in the local store.", "",
            "Prints the id of each image; an image already in the store is not",
            "fetched again (unless --pull-policy=update)."})
final class FetchCommand implements Callable<Integer> {
    /** sha512- and half the hex digits of a sha512, as appc's ShortHash. */
    private static final int SHORT_ID = "sha512-".length() + 32;
    private static final Set<String> PULL_POLICIES = Set.of("never", "new", "update");

    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "a local ACI file, docker://, oci:PATH[:TAG], oci-archive:PATH[:TAG], an image id or an image name")
    List<String> images = new ArrayList<>();

    @Option(names = "--full", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", description = "print the full image hash after fetching")
    boolean full;

    @Option(names = "--pull-policy", paramLabel = "POLICY", defaultValue = "update",
            description = "when to pull an image: never, new or update (default: update)")
    String pullPolicy;

    private final Session session;

    FetchCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        if (images.isEmpty()) {
            throw new RktException("must provide at least one image");
        }
        if (!PULL_POLICIES.contains(pullPolicy)) {
            throw new RktException("invalid --pull-policy \"" + pullPolicy + "\": must be never, new or update");
        }
        FetchProgress progress = TerminalProgress.forStderr(ctx.err());
        ImportOptions options = new ImportOptions(session.global().insecureOptions().options(), pullPolicy, progress,
                session.global().trustKeysFromHttps());
        ImageResolver resolver = new ImageResolver(ctx);
        List<String> ids = new ArrayList<>();
        try {
            for (String image : images) {
                ImageInfo info = resolver.fetch(image, options);
                // ACI ids are shortened as appc's ShortHash does; OCI ids (a manifest digest) are printed whole
                ids.add(full || !info.id().startsWith("sha512-") ? info.id() : info.id().substring(0, SHORT_ID));
            }
        } finally {
            TerminalProgress.finish(progress);
        }
        // rkt prints the ids once every image is in: a failed fetch prints none
        ids.forEach(ctx.out()::println);
        return 0;
    }
}
