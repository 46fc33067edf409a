package io.rktj.api.schema;

import java.util.regex.Pattern;

/** appc ACIdentifier: image names such as {@code example.com/app}. */
public final class ACIdentifier {
    private static final Pattern PATTERN = Pattern.compile("^[a-z0-9]+([-._~/][a-z0-9]+)*$");

    private ACIdentifier() {
    }

    public static boolean isValid(String name) {
        return name != null && PATTERN.matcher(name).matches();
    }

    public static String require(String field, String name) {
        if (!isValid(name)) {
            throw new SchemaException(field + ": invalid ACIdentifier \"" + name + "\"");
        }
        return name;
    }
}
