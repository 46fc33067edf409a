package io.rktj.api.image;

import java.util.Set;

/**
 * How to fetch or import an image.
 *
 * @param insecureOptions --insecure-options (image = accept unsigned images)
 * @param pullPolicy      never, new or update
 */
public record ImportOptions(Set<String> insecureOptions, String pullPolicy) {
    public boolean insecure(String what) {
        return insecureOptions.contains(what) || insecureOptions.contains("all");
    }
}
