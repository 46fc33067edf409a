package io.rktj.cli.args;

import java.util.ArrayList;
import java.util.List;

import io.rktj.api.schema.ACIdentifier;
import io.rktj.api.schema.NameValue;

/**
 * An image named as appc's discovery strings do: {@code name[:version][,label=value...]}
 * (rkt image rm, fetch of an image already in the store).
 */
public record ImageRef(String name, List<NameValue> labels) {

    /** True for an image id or id prefix ({@code sha512-…}). */
    public static boolean isId(String ref) {
        return ref.matches("sha512-[0-9a-fA-F]*");
    }

    public static ImageRef parse(String ref) {
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
                throw new IllegalArgumentException("invalid image name \"" + ref + "\": label without a value: " + parts[i]);
            }
            labels.add(new NameValue(parts[i].substring(0, eq), parts[i].substring(eq + 1)));
        }
        if (!ACIdentifier.isValid(name)) {
            throw new IllegalArgumentException("invalid image name \"" + ref + "\"");
        }
        return new ImageRef(name, List.copyOf(labels));
    }
}
