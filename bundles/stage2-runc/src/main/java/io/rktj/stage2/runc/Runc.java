package io.rktj.stage2.runc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.rktj.api.RktException;

/** Where runc is, and running it when its outcome does not matter. */
final class Runc {
    /** Under /usr, so that a sandbox that shares the host's /usr (the systemd flavor's) finds it at the same path. */
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/runc"), Path.of("/usr/bin/runc"),
            Path.of("/usr/local/sbin/runc"), Path.of("/usr/local/bin/runc"));

    private Runc() {
    }

    static Path binary() {
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new RktException("stage2 runc: runc not found in /usr/sbin or /usr/bin (install the Debian package runc)"));
    }

    static void quietly(List<String> command) {
        try {
            new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw RktException.wrap("runc", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
