package io.rktj.itests.support;

import java.util.List;

/** What one finished {@code bin/rkt} invocation left behind. */
public record RktResult(List<String> command, int exitCode, String stdout, String stderr) {

    /** The non-blank lines rkt wrote to stderr. */
    public List<String> stderrLines() {
        return stderr.lines().filter(l -> !l.isBlank()).toList();
    }

    public List<String> stdoutLines() {
        return stdout.lines().filter(l -> !l.isBlank()).toList();
    }

    /** Everything needed to understand a failed assertion, for assertion messages. */
    public String describe() {
        return "command: " + String.join(" ", command) + "\nexit: " + exitCode
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }

    @Override
    public String toString() {
        return describe();
    }
}
