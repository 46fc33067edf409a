package io.rktj.api.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An image named as rkt accepts it for images in the store: {@code name[:version][,label=value...]};
 * {@code :version} is the label {@code version}.
 */
public record ImageName(String name, List<NameValue> labels) {
    private static final Pattern ID = Pattern.compile("sha(512|256)-[0-9a-fA-F]*");

    /** True for an image id or a prefix of one ({@code sha512-…} for ACIs, {@code sha256-…} for OCI images). */
    public static boolean isId(String ref) {
        return ref != null && ID.matcher(ref).matches();
    }

    /** Parses a name; the error says what is wrong with it. */
    public static ImageName parse(String ref) {
        String[] parts = ref.split(",", -1);
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
                throw new SchemaException("image \"" + ref + "\": bad label \"" + parts[i] + "\" (want name=value)");
            }
            labels.add(new NameValue(parts[i].substring(0, eq), parts[i].substring(eq + 1)));
        }
        if (!ACIdentifier.isValid(name)) {
            throw new SchemaException("image \"" + ref + "\": not a valid image name");
        }
        return new ImageName(name, List.copyOf(labels));
    }
}
