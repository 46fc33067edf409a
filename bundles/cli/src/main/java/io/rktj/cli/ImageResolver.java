package io.rktj.cli;

import java.util.Optional;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.schema.ImageName;
import io.rktj.api.schema.SchemaException;

/**
 * Finds or fetches the image a reference names, in rkt's order: an image id is looked up in
 * the store; otherwise the first fetcher (highest service ranking) that accepts the reference
 * fetches it; a plain name[:version] that no fetcher serves is looked up in the store.
 */
final class ImageResolver {
    private final CliContext ctx;

    ImageResolver(CliContext ctx) {
        this.ctx = ctx;
    }

    ImageInfo fetch(String ref, ImportOptions options) {
        ImageStore store = ctx.store();
        if (ImageName.isId(ref)) {
            return store.byId(ref).orElseThrow(() -> new RktException("fetch " + ref + ": no image with this id in the store"));
        }
        for (ImageFetcher f : ctx.fetchers().get()) {
            if (f.accepts(ref)) {
                try {
                    return f.fetch(ref, options, store);
                } catch (RktException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw RktException.wrap("fetch " + ref, e);
                }
            }
        }
        return byName(ref).orElseThrow(() -> new RktException("fetch " + ref + ": no fetcher accepts this image reference"
                + " and no image of this name is in the store"));
    }

    /** An image already in the store, by id (or unique prefix) or by name[:version][,label=value]. */
    ImageInfo find(String ref) {
        if (ImageName.isId(ref)) {
            return ctx.store().byId(ref).orElseThrow(() -> new RktException("cannot find image " + ref + ": no image with this id"));
        }
        return byName(ref).orElseThrow(() -> new RktException("cannot find image " + ref + ": no image of this name"));
    }

    private Optional<ImageInfo> byName(String ref) {
        ImageName name;
        try {
            name = ImageName.parse(ref);
        } catch (SchemaException e) {
            return Optional.empty();
        }
        return ctx.store().byName(name.name(), name.labels());
    }
}
