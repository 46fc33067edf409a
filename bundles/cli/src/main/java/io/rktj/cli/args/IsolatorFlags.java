package io.rktj.cli.args;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.schema.Isolator;

/**
 * rkt's isolator app flags as the appc isolators they stand for: {@code --memory=512M} is
 * {@code resource/memory {"limit":"512M"}}, {@code --seccomp=mode=remove,errno=ENOTSUP,mkdir} is
 * {@code os/linux/seccomp-remove-set {"set":["mkdir"],"errno":"ENOTSUP"}}, and so on. Values are
 * checked where they are enforced (the app executor), so the image's isolators get the same checks.
 */
final class IsolatorFlags {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private IsolatorFlags() {
    }

    static Isolator parse(AppFlag flag, String value) {
        return switch (flag) {
            case MEMORY -> new Isolator("resource/memory", JSON.objectNode().put("limit", value));
            case CPU -> new Isolator("resource/cpu", JSON.objectNode().put("limit", value));
            case CPU_SHARES -> new Isolator("os/linux/cpu-shares", number(flag, value));
            case OOM_SCORE_ADJ -> new Isolator("os/linux/oom-score-adj", number(flag, value));
            case CAPS_RETAIN -> new Isolator("os/linux/capabilities-retain-set", set(list(value)));
            case CAPS_REMOVE -> new Isolator("os/linux/capabilities-remove-set", set(list(value)));
            case SECCOMP -> seccomp(value);
            default -> throw new IllegalArgumentException(flag.flag() + " is not an isolator flag");
        };
    }

    private static JsonNode number(AppFlag flag, String value) {
        try {
            return JSON.numberNode(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag.flag() + ": \"" + value + "\" is not a number");
        }
    }

    private static List<String> list(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static ObjectNode set(List<String> items) {
        ObjectNode o = JSON.objectNode();
        ArrayNode set = o.putArray("set");
        items.forEach(set::add);
        return o;
    }

    /** {@code mode=retain|remove[,errno=EXXX],SYSCALL,...} as rkt's --seccomp. */
    private static Isolator seccomp(String value) {
        String mode = null;
        String errno = null;
        List<String> syscalls = new java.util.ArrayList<>();
        for (String item : list(value)) {
            if (item.startsWith("mode=")) {
                mode = item.substring(5);
            } else if (item.startsWith("errno=")) {
                errno = item.substring(6);
            } else {
                syscalls.add(item);
            }
        }
        if (!"retain".equals(mode) && !"remove".equals(mode)) {
            throw new IllegalArgumentException("--seccomp: mode must be retain or remove, got \"" + value + "\"");
        }
        ObjectNode o = set(syscalls);
        if (errno != null) {
            o.put("errno", errno);
        }
        return new Isolator("os/linux/seccomp-" + mode + "-set", o);
    }
}
