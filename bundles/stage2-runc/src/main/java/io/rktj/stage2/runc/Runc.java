package io.rktj.stage2.runc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import io.rktj.api.HostTools;
import io.rktj.api.RktException;

/** Where runc is, and running it when its outcome does not matter. */
final class Runc {
    private Runc() {
    }

    /**
     * runc as rkt's PATH finds it, with symlinks resolved; it must live under /usr, so that a
     * sandbox that shares the host's /usr (the systemd flavor's) finds it at the same path.
     */
    static Path binary() {
        return binary(System.getenv("PATH"));
    }

    static Path binary(String searchPath) {
        Path found;
        try {
            found = HostTools.find("runc", "runc", searchPath).toRealPath();
        } catch (RktException e) {
            throw new RktException("stage2 runc: " + e.getMessage(), e);
        } catch (IOException e) {
            throw RktException.wrap("stage2 runc", e);
        }
        if (!found.startsWith("/usr/")) {
            throw new RktException("stage2 runc: " + found + " is outside /usr, which is all of the host a pod sees (install the Debian package runc)");
        }
        return found;
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
