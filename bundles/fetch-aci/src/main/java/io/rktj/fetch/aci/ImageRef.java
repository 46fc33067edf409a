package io.rktj.fetch.aci;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an image argument is, guessed the way rkt guessed it: a URL when it starts with a scheme,
 * a path when it is absolute, exists, contains {@code ./} or ends in {@code .aci}, otherwise
 * (and always when it holds a colon) an appc image name for discovery.
 */
record ImageRef(Kind kind, String value) {
    enum Kind { FILE, HTTP, NAME, OTHER }

    /** A URL scheme as RFC 3986 spells it, followed by its colon, before any slash. */
    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");

    static ImageRef classify(String ref) {
        var m = SCHEME.matcher(ref);
        if (m.find()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            return switch (scheme) {
                case "file" -> new ImageRef(Kind.FILE, ref.startsWith("file://") ? ref.substring("file://".length())
                        : ref.substring("file:".length()));
                case "http", "https" -> new ImageRef(Kind.HTTP, ref);
                // docker://, oci:, and a bare "name:version" without a slash, which rkt read as a URL too
                default -> new ImageRef(Kind.OTHER, ref);
            };
        }
        if (ref.startsWith("/") || exists(ref)) {
            return new ImageRef(Kind.FILE, ref);
        }
        if (ref.contains(":")) {
            return new ImageRef(Kind.NAME, ref);
        }
        if (ref.contains("./") || ref.endsWith(".aci")) {
            return new ImageRef(Kind.FILE, ref);
        }
        return new ImageRef(Kind.NAME, ref);
    }

    private static boolean exists(String ref) {
        try {
            return Files.exists(Path.of(ref));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
