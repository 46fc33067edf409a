package io.rktj.cli.args;

/** Go's strconv.ParseBool, which rkt's boolean parameters use. */
public final class GoBool {
    private GoBool() {
    }

    public static boolean parse(String v) {
        return switch (v) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new IllegalArgumentException("\"" + v + "\" is not a boolean");
        };
    }
}
