package io.rktj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.rktj.api.RktException;

/** The commands that change pods need root, as in rkt (ensureSuperuser). */
final class Superuser {
    private Superuser() {
    }

    static void require(CliContext ctx) {
        if (ctx.effectiveUid().getAsInt() != 0) {
            throw new RktException("cannot run as unprivileged user");
        }
    }

    /** Read once: nothing in rktj changes the process's ids, and the daemon asks at every command. */
    private static volatile int effectiveUid = -1;

    /** The effective uid from /proc/self/status ("Uid: real effective saved fs"). */
    static int effectiveUid() {
        int uid = effectiveUid;
        if (uid < 0) {
            uid = readEffectiveUid();
            effectiveUid = uid;
        }
        return uid;
    }

    private static int readEffectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new RktException("cannot determine the effective user id: " + e.getMessage(), e);
        }
        throw new RktException("cannot determine the effective user id: no Uid line in /proc/self/status");
    }
}
