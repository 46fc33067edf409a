package io.rktj.cli.args;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits appc's {@code key=value,key=value} parameter strings (volumes, mounts), rejecting a
 * part without a value and a key given twice, with the messages appc's parser gives.
 */
final class KeyValueList {
    private KeyValueList() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("malformed string \"" + text + "\" - has a label without a value: " + part);
            }
            String key = part.substring(0, eq);
            if (params.putIfAbsent(key, part.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("label " + key + " with multiple values");
            }
        }
        return params;
    }
}
