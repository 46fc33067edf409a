package io.rktj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.schema.ACIdentifier;
import io.rktj.api.schema.NameValue;

/**
 * Turns an image argument into an image in the store, in rkt's order: an image id, then whatever a
 * fetcher serves (a file, a URL), then a name with labels already in the store.
 */
final class ImageResolver {
    private static final Pattern IMAGE_ID = Pattern.compile("^sha512-[0-9a-f]+$");
    private static final String PULL_POLICY = "new";

    private final ImageStore store;
    private final List<ImageFetcher> fetchers;

    ImageResolver(ImageStore store, List<ImageFetcher> fetchers) {
        this.store = store;
        this.fetchers = fetchers;
    }

    ImageInfo resolve(String ref, Set<String> insecureOptions) {
        if (ref == null || ref.isBlank()) {
            throw new RktException("image: empty image name");
        }
        if (IMAGE_ID.matcher(ref).matches()) {
            return store.byId(ref).orElseThrow(() -> new RktException("image " + ref + ": no image with this id in the store"));
        }
        for (ImageFetcher f : fetchers) {
            if (f.accepts(ref)) {
                return fetch(f, ref, insecureOptions);
            }
        }
        NameAndLabels n = NameAndLabels.parse(ref);
        return store.byName(n.name(), n.labels())
                .orElseThrow(() -> new RktException("image \"" + ref + "\": not found in the store and no fetcher serves it"));
    }

    private ImageInfo fetch(ImageFetcher f, String ref, Set<String> insecureOptions) {
        try {
            return f.fetch(ref, new ImportOptions(insecureOptions, PULL_POLICY), store);
        } catch (RktException e) {
            throw e;
        } catch (RuntimeException e) {
            throw RktException.wrap("fetch " + ref, e);
        }
    }

    /** {@code name[:version]} or {@code name,label=value,...}, as rkt accepts for images in the store. */
    record NameAndLabels(String name, List<NameValue> labels) {
        static NameAndLabels parse(String ref) {
            String[] parts = ref.split(",");
            String name = parts[0];
            List<NameValue> labels = new ArrayList<>();
            int colon = name.lastIndexOf(':');
            if (colon > 0) {
                labels.add(new NameValue("version", name.substring(colon + 1)));
                name = name.substring(0, colon);
            }
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    throw new RktException("image \"" + ref + "\": bad label \"" + parts[i] + "\" (want name=value)");
                }
                labels.add(new NameValue(parts[i].substring(0, eq), parts[i].substring(eq + 1)));
            }
            if (!ACIdentifier.isValid(name)) {
                throw new RktException("image \"" + ref + "\": not an image id, a reference any fetcher serves, or a valid image name");
            }
            return new NameAndLabels(name, labels);
        }
    }
}
