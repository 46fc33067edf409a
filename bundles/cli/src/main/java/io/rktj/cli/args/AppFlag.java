package io.rktj.cli.args;

import java.util.Optional;

/** The per-app flags of run and prepare: each applies to the image before it. */
public enum AppFlag {
    EXEC("--exec", "PATH", "the command to run instead of the image's"),
    NAME("--name", "NAME", "the app's name (default: from the image name)"),
    USER("--user", "USER", "the user to run as (name or uid)"),
    GROUP("--group", "GROUP", "the group to run as (name or gid)"),
    WORKING_DIR("--working-dir", "DIR", "the app's working directory"),
    ENVIRONMENT("--environment", "NAME=VALUE", "an environment variable (repeatable)"),
    MOUNT("--mount", "MOUNT", "volume=NAME,target=PATH (repeatable)"),
    READONLY_ROOTFS("--readonly-rootfs", "BOOL", "mount the app's rootfs read-only"),
    MEMORY("--memory", "LIMIT", "memory limit (resource/memory), e.g. 512M"),
    CPU("--cpu", "LIMIT", "CPU limit (resource/cpu), e.g. 500m"),
    CPU_SHARES("--cpu-shares", "N", "CPU weight (os/linux/cpu-shares)"),
    CAPS_RETAIN("--caps-retain", "CAPS", "capabilities to keep, comma-separated"),
    CAPS_REMOVE("--caps-remove", "CAPS", "capabilities to drop, comma-separated"),
    SECCOMP("--seccomp", "SPEC", "mode=retain|remove[,errno=EXXX],SYSCALL,..."),
    OOM_SCORE_ADJ("--oom-score-adj", "N", "the app's OOM score adjustment (-1000..1000)");

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

    /** A boolean flag: without "=value" it means true and takes no argument. */
    public boolean isBoolean() {
        return this == READONLY_ROOTFS;
    }

    public static Optional<AppFlag> byFlag(String flag) {
        for (AppFlag f : values()) {
            if (f.flag.equals(flag)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
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
