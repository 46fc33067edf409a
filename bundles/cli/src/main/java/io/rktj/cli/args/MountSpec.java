package io.rktj.cli.args;

import java.util.Map;

import io.rktj.api.schema.ACName;
import io.rktj.api.schema.Mount;

/** Parses {@code --mount volume=NAME,target=PATH}. */
public final class MountSpec {
    private MountSpec() {
    }

    public static Mount parse(String text) {
        Map<String, String> p = KeyValueList.parse(text);
        String volume = null;
        String target = null;
        for (Map.Entry<String, String> e : p.entrySet()) {
            switch (e.getKey()) {
                case "volume" -> {
                    if (!ACName.isValid(e.getValue())) {
                        throw new IllegalArgumentException("invalid volume name \"" + e.getValue() + "\" in --mount flag \"" + text + "\"");
                    }
                    volume = e.getValue();
                }
                case "target" -> target = e.getValue();
                default -> throw new IllegalArgumentException("unknown mount parameter \"" + e.getKey() + "\"");
            }
        }
        if (volume == null) {
            throw new IllegalArgumentException("missing volume= in --mount flag \"" + text + "\"");
        }
        if (target == null || target.isEmpty()) {
            throw new IllegalArgumentException("missing target= in --mount flag \"" + text + "\"");
        }
        return new Mount(volume, target, null);
    }
}
