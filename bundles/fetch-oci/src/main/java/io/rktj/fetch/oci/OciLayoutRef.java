package io.rktj.fetch.oci;

import java.nio.file.Path;
import java.util.Locale;

import io.rktj.api.RktException;

/**
 * {@code oci:PATH[:TAG]} or {@code oci-archive:PATH[:TAG]}. A colon after the last slash starts
 * the tag, so a path may hold colons in its folders.
 *
 * @param tag null: the layout's only image, else "latest"
 */
record OciLayoutRef(boolean archive, Path path, String tag, String raw) {
    static final String LAYOUT = "oci:";
    static final String ARCHIVE = "oci-archive:";

    static boolean accepts(String ref) {
        return ref.startsWith(LAYOUT) || ref.startsWith(ARCHIVE);
    }

    static OciLayoutRef parse(String ref) {
        boolean archive = ref.startsWith(ARCHIVE);
        String rest = ref.substring(archive ? ARCHIVE.length() : LAYOUT.length());
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon >= 0 && colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
        }
        if (rest.isEmpty()) {
            throw new RktException("fetch " + ref + ": no path");
        }
        return new OciLayoutRef(archive, Path.of(rest).toAbsolutePath().normalize(), tag == null || tag.isEmpty() ? null : tag, ref);
    }

    /** The appc name: the layout's file name, made a valid ACIdentifier. */
    String imageName() {
        String base = path.getFileName() == null ? "image" : path.getFileName().toString();
        if (archive) {
            base = base.replaceFirst("\\.(tar|oci)$", "");
        }
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._~/-]+", "-")
                .replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        return name.isEmpty() ? "image" : name;
    }
}
