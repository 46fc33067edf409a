package io.rktj.api.schema;

import java.util.Locale;
import java.util.regex.Pattern;

/** appc ACName: lower-case alphanumerics separated by single dashes (app, volume and port names). */
public final class ACName {
    private static final Pattern PATTERN = Pattern.compile("^[a-z0-9]+(-[a-z0-9]+)*$");

    private ACName() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw new SchemaException(field + ": invalid ACName \"" + name + "\" (lower-case letters, digits and single dashes)");
        }
        return name;
    }

    /** Turns a free-form string into an ACName as rkt does for app names derived from image names. */
    public static String sanitize(String s) {
        String lower = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        lower = lower.replaceAll("^-+|-+$", "");
        return lower.isEmpty() ? "app" : lower;
    }
}
