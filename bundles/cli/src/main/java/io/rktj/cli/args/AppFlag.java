package io.rktj.cli.args;

import java.util.Arrays;
import java.util.Optional;

/** The per-app flags of run and prepare: each applies to the image before it. */
public enum AppFlag {
    EXEC("--exec", "PATH", "the command to run instead of the image's"),
    NAME("--name", "NAME", "the app's name (default: from the image name)"),
    USER("--user", "USER", "the user to run as (name or uid)"),
    GROUP("--group", "GROUP", "the group to run as (name or gid)"),
    WORKING_DIR("--working-dir", "DIR", "the app's working directory"),
    ENVIRONMENT("--environment", "NAME=VALUE", "an environment variable (repeatable)"),
    MOUNT("--mount", "MOUNT", "volume=NAME,target=PATH (repeatable)");

    private static final int HELP_COLUMN = 33;

    private final String flag;
    private final String label;
    private final String description;

    AppFlag(String flag, String label, String description) {
        this.flag = flag;
        this.label = label;
        this.description = description;
    }

    public String flag() {
        return flag;
    }

    public static Optional<AppFlag> byFlag(String flag) {
        return Arrays.stream(values()).filter(f -> f.flag.equals(flag)).findFirst();
    }

    /** The help section listing the app flags, laid out like picocli's option list (80 columns). */
    public static String helpSection() {
        StringBuilder sb = new StringBuilder("%nApp flags (after an IMAGE; they apply to that image):%n");
        for (AppFlag f : values()) {
            String left = "      " + f.flag + "=" + f.label;
            sb.append(left).append(" ".repeat(Math.max(1, HELP_COLUMN - left.length()))).append(f.description).append("%n");
        }
        sb.append("A --mount before the first image applies to every app.%n");
        return sb.toString();
    }
}
