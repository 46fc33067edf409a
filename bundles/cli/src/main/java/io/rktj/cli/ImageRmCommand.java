package io.rktj.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = "Remove one or more images with the given IDs or image names from the local store.")
final class ImageRmCommand implements Callable<Integer> {
    @Parameters(arity = "0..*", paramLabel = "IMAGE", description = "image ids (or unique prefixes) or names")
    List<String> images = new ArrayList<>();

    private final Session session;

    ImageRmCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        if (images.isEmpty()) {
            throw new RktException("must provide at least one image ID");
        }
        ImageResolver resolver = new ImageResolver(ctx);
        Batch batch = new Batch(ctx);
        int[] removed = {0};
        for (String image : images) {
            batch.each(image, () -> {
                ImageInfo info = resolver.find(image);
                ctx.store().remove(info.id());
                ctx.out().println("successfully removed aci for image: \"" + info.id() + "\"");
                removed[0]++;
            });
        }
        if (removed[0] > 0) {
            ctx.err().println("rkt: " + removed[0] + " image(s) successfully removed");
        }
        return batch.finish("%d image(s) cannot be removed");
    }
}
