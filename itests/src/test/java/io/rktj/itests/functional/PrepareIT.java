package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktResult;

/** rkt prepare then rkt run-prepared, in separate processes. */
class PrepareIT extends FunctionalTest {

    private String prepare(String... args) {
        RktResult r = rkt.run(args);
        assertExit(0, r);
        assertEquals(1, r.stdoutLines().size(), r::describe);
        String uuid = r.stdoutLines().get(0).strip();
        assertTrue(UUID_PATTERN.matcher(uuid).matches(), r::describe);
        return uuid;
    }

    @Test
    void prepareQuietPrintsTheUuidAndRunPreparedRunsIt() {
        Path img = image("prepared", AciBuilder.busybox("example.com/prepared").exec("/bin/echo", "ran after prepare"));

        String uuid = prepare(INSECURE, "prepare", FLY, "--quiet", img.toString());

        assertTrue(Files.isDirectory(ws.dataDir().resolve("pods/prepared").resolve(uuid)), ws.allPods()::toString);
        assertEquals("prepared", status(uuid).get("state"));

        RktResult run = rkt.run("run-prepared", uuid);
        assertExit(0, run);
        assertTrue(run.stdout().contains("ran after prepare"), run::describe);
        assertEquals("exited", status(uuid).get("state"));
    }

    @Test
    void runPreparedReturnsTheAppsExitStatus() {
        Path img = image("prepared2", AciBuilder.busybox("example.com/prepared2").exec("/bin/sh", "-c", "exit 2"));

        String uuid = prepare(INSECURE, "prepare", FLY, "--quiet", img.toString(), "--name=two");

        RktResult run = rkt.run("run-prepared", uuid);
        assertExit(2, run);
        assertEquals("2", status(uuid).get("app-two"));
    }
}
