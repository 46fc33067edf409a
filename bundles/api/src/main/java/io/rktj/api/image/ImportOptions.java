package io.rktj.api.image;

import java.util.Set;

/**
 * How to fetch or import an image.
 *
 * @param insecureOptions --insecure-options (image = accept unsigned images, http = plain http)
 * @param pullPolicy      never, new or update
 * @param progress        told about bytes as they arrive; {@link FetchProgress#NONE} for quiet
 * @param trustKeysFromHttps --trust-keys-from-https: before an image found by meta discovery is
 *                        checked, the keys its name publishes ({@code ac-discovery-pubkeys}) over
 *                        https (TLS verified) are trusted for that name, as rkt did
 */
public record ImportOptions(Set<String> insecureOptions, String pullPolicy, FetchProgress progress,
        boolean trustKeysFromHttps) {

    public ImportOptions(Set<String> insecureOptions, String pullPolicy) {
        this(insecureOptions, pullPolicy, FetchProgress.NONE);
    }

    public ImportOptions(Set<String> insecureOptions, String pullPolicy, FetchProgress progress) {
        this(insecureOptions, pullPolicy, progress, false);
    }

    public ImportOptions {
        progress = progress == null ? FetchProgress.NONE : progress;
    }

    public boolean insecure(String what) {
        return insecureOptions.contains(what) || insecureOptions.contains("all");
    }
}
