package io.rktj.launcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Picks the global flags that components need at activation out of the command line, before the
 * framework starts, and turns them into framework properties. The CLI parses the same flags again
 * for real; this scan only has to agree with it on the values.
 */
final class GlobalFlags {

    private static final Map<String, String> VALUED = Map.of(
            "--dir", "rkt.dir",
            "--local-config", "rkt.local-config",
            "--system-config", "rkt.system-config");

    private GlobalFlags() {
    }

    /** Framework properties for {@code args}; rkt.debug is always present, the others only when given. */
    static Map<String, String> frameworkProperties(String[] args) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("rkt.debug", "false");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                break; // everything after it belongs to the app
            }
            if (arg.equals("--debug")) {
                properties.put("rkt.debug", "true");
                continue;
            }
            if (arg.startsWith("--debug=")) {
                properties.put("rkt.debug", String.valueOf(Boolean.parseBoolean(arg.substring("--debug=".length()))));
                continue;
            }
            int eq = arg.indexOf('=');
            String flag = eq < 0 ? arg : arg.substring(0, eq);
            String property = VALUED.get(flag);
            if (property == null) {
                continue;
            }
            if (eq >= 0) {
                properties.put(property, arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                properties.put(property, args[++i]);
            }
        }
        return properties;
    }

    /** The global flags that take their value as the next argument when it is not given with "=". */
    private static final java.util.Set<String> TAKES_VALUE = java.util.Set.of("--dir", "--local-config",
            "--system-config", "--user-config", "--insecure-options");

    static boolean takesValue(String arg) {
        return TAKES_VALUE.contains(arg);
    }

    /** A global flag, alone or with its value after "=". */
    static boolean isGlobal(String arg) {
        int eq = arg.indexOf('=');
        String flag = eq < 0 ? arg : arg.substring(0, eq);
        return TAKES_VALUE.contains(flag) || flag.equals("--debug") || flag.equals("--trust-keys-from-https");
    }

    /** The command a command line names: its first argument that is neither a flag nor a flag's value. */
    static String command(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-")) {
                return arg;
            }
            if (takesValue(arg)) {
                i++;
            }
        }
        return null;
    }

    static boolean debug(Map<String, String> properties) {
        return "true".equals(properties.get("rkt.debug"));
    }
}
