package io.rktj.core;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.schema.ImageName;
import io.rktj.api.schema.SchemaException;

/**
 * Turns an image argument into an image in the store, in rkt's order: an image id, then whatever a
 * fetcher serves (a file, a URL), then a name with labels already in the store.
 */
final class ImageResolver {
    private final ImageStore store;
    private final List<ImageFetcher> fetchers;

    ImageResolver(ImageStore store, List<ImageFetcher> fetchers) {
        this.store = store;
        this.fetchers = fetchers;
    }

    ImageInfo resolve(String ref, Set<String> insecureOptions, String pullPolicy) {
        return resolve(ref, new ImportOptions(insecureOptions, pullPolicy));
    }

    /** As {@link #resolve(String, Set, String)}, a fetch with all of {@code options} (progress, key trust). */
    ImageInfo resolve(String ref, ImportOptions options) {
        if (ref == null || ref.isBlank()) {
            throw new RktException("image: empty image name");
        }
        if (ImageName.isId(ref)) {
            Optional<ImageInfo> byId = store.byId(ref);
            if (byId.isEmpty()) {
                throw new RktException("image " + ref + ": no image with this id in the store");
            }
            return byId.get();
        }
        for (ImageFetcher f : fetchers) {
            if (f.accepts(ref)) {
                return fetch(f, ref, options);
            }
        }
        ImageName n;
        try {
            n = ImageName.parse(ref);
        } catch (SchemaException e) {
            throw new RktException(e.getMessage() + " and no fetcher serves it", e);
        }
        Optional<ImageInfo> byName = store.byName(n.name(), n.labels());
        if (byName.isEmpty()) {
            throw new RktException("image \"" + ref + "\": not found in the store and no fetcher serves it");
        }
        return byName.get();
    }

    private ImageInfo fetch(ImageFetcher f, String ref, ImportOptions options) {
        try {
            return f.fetch(ref, options, store);
        } catch (RktException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RktException.wrap("fetch " + ref, e);
        }
    }
}
