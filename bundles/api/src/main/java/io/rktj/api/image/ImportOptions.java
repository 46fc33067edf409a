package io.rktj.api.image;

import java.util.Set;

/**
 * How to fetch or import an image.
 *
 * @param insecureOptions --insecure-options (image = accept unsigned images, http = plain http)
 * @param pullPolicy      never, new or update
 * @param progress        told about bytes as they arrive; {@link FetchProgress#NONE} for quiet
 */
public record ImportOptions(Set<String> insecureOptions, String pullPolicy, FetchProgress progress) {

    public ImportOptions(Set<String> insecureOptions, String pullPolicy) {
        this(insecureOptions, pullPolicy, FetchProgress.NONE);
    }

    public ImportOptions {
        progress = progress == null ? FetchProgress.NONE : progress;
    }

    public boolean insecure(String what) {
        return insecureOptions.contains(what) || insecureOptions.contains("all");
    }
}
