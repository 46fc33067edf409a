package io.rktj.api.image;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Brings images from one family of sources into the store. Registered with
 * {@link #SCHEMES_PROPERTY} listing what it serves ({@code file}, {@code http}, {@code docker},
 * {@code oci}, ...). The core asks fetchers in order of service ranking.
 */
@ConsumerType
public interface ImageFetcher {
    String SCHEMES_PROPERTY = "rkt.fetch.schemes";

    /** True if the reference is this fetcher's to serve (a path, a URL of its scheme, ...). */
    boolean accepts(String imageRef);

    /** Fetches the image (and its dependencies) into the store. */
    ImageInfo fetch(String imageRef, ImportOptions options, ImageStore store);
}
