package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/**
 * The systemd flavor's edges with rkt run's own process: --interactive gives the app rkt run's
 * stdin (its terminal when it is one), a stopped pod exits with its app's code as rkt's did, and
 * a missing systemd-nspawn or runc is one line naming the Debian package.
 */
class SystemdStdioAndExitIT extends FunctionalTest {
    private static final String SYSTEMD = SystemdPodIT.SYSTEMD;

    @AfterEach
    void stopLeftovers() {
        for (Path pod : ws.pods("run")) {
            rkt.run("stop", "--force", pod.getFileName().toString());
        }
    }

    private Path sh(String name, String script) {
        return image(name, AciBuilder.busybox("example.com/" + name).exec("/bin/sh", "-c", script));
    }

    /** Output lines without the carriage returns the pod's console (a pseudo-terminal) adds. */
    private static List<String> lines(String output) {
        return Arrays.stream(output.replace("\r", "").split("\n")).filter(l -> !l.isEmpty()).toList();
    }

    /**
     * The reader of rkt run's output may go away (rkt run ... | head -n 1): the app is not ended
     * by it, its output is dropped, and its exit code is still rkt run's status and status's.
     */
    @Test
    void aReaderThatGoesAwayDoesNotEndTheApp() {
        Path app = sh("talker", "for i in 1 2 3 4 5 6; do echo line $i; sleep 0.2; done; exit 3");
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.call(INSECURE, "run", SYSTEMD, "--uuid-file-save=" + uuidFile, app.toString())
                .via("bash", "-c", "\"$@\" | head -n 1; exit \"${PIPESTATUS[0]}\"", "piped").run();

        assertExit(3, r);
        List<String> out = lines(r.stdout());
        assertEquals(1, out.size(), r::describe);
        assertTrue(out.get(0).contains("talker[") && out.get(0).endsWith("line 1"), r::describe);
        assertEquals("3", status(uuidFrom(uuidFile, r)).get("app-talker"));
    }

    @Test
    void interactiveAppReadsRktRunsStdinToItsEnd() throws IOException {
        Path input = Files.writeString(ws.file("input"), "first line\nsecond line\n");
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.call(INSECURE, "run", SYSTEMD, "--interactive", "--uuid-file-save=" + uuidFile,
                image("cat").toString(), "--exec=/bin/cat").stdin(input).run();

        assertExit(0, r);
        // Unprefixed, as rkt's interactive apps were; cat ended, so the end of the input reached it.
        assertEquals(List.of("first line", "second line"), lines(r.stdout()), r::describe);
        assertEquals("0", status(uuidFrom(uuidFile, r)).get("app-cat"));
    }

    @Test
    void interactiveAppSeesAPipeWhenStdinIsNoTerminal() throws IOException {
        Path input = Files.writeString(ws.file("input"), "b\na\n");
        Path app = sh("sorter", "[ -t 0 ] && echo stdin-is-a-terminal; sort; exit 3");

        RktResult r = rkt.call(INSECURE, "run", SYSTEMD, "--interactive", app.toString()).stdin(input).run();

        assertExit(3, r);
        assertEquals(List.of("a", "b"), lines(r.stdout()), r::describe);
    }

    @Test
    void withoutInteractiveTheAppReadsNothing() throws IOException {
        Path input = Files.writeString(ws.file("input"), "secret\n");
        Path app = sh("reader", "read line; echo \"read [$line]\"");

        RktResult r = rkt.call(INSECURE, "run", SYSTEMD, app.toString()).stdin(input).run();

        assertExit(0, r);
        assertTrue(r.stdout().contains("reader["), r::describe);
        assertTrue(r.stdout().contains(": read []"), r::describe);
    }

    @Test
    void interactiveOnATerminalGivesTheAppATerminal() throws IOException {
        Path app = sh("asker", "[ -t 0 ] && [ -t 1 ] && echo on-a-terminal; echo ready; read answer; echo \"got [$answer]\"; exit 4");
        RktProcess pod = ws.start(rkt.call(INSECURE, "run", SYSTEMD, "--interactive", app.toString()).stdinPipe().onTerminal());
        awaitText(pod, "ready");

        try (OutputStream in = pod.stdin()) {
            in.write("typed\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            RktResult r = pod.await(Duration.ofSeconds(60));
            assertNotNull(r, pod::describe);
            assertExit(4, r);
            List<String> out = lines(r.stdout());
            assertTrue(out.contains("on-a-terminal"), r::describe);
            assertTrue(out.contains("got [typed]"), r::describe);
        }
    }

    /**
     * rkt stop: SIGTERM reaches the app; one that dies of it is recorded with 143 (runc's 128 +
     * signal), and rkt run exits with that code, as rkt's pods did through its reaper's
     * "systemctl exit" and shutdown.service. An app that handles SIGTERM and exits 0 gives 0
     * (SystemdPodIT.stopEndsThePodGracefullyAndForceKillsIt).
     */
    @Test
    void aStoppedPodExitsWithTheCodeOfItsAppKilledBySigterm() {
        Path app = sh("sleeper", "echo up; sleep 300");
        Path uuidFile = ws.file("uuid");
        RktProcess pod = ws.start(rkt.call(INSECURE, "run", SYSTEMD, "--uuid-file-save=" + uuidFile, app.toString()));
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);
        awaitText(pod, ": up");

        assertExit(0, rkt.run("stop", uuid));
        RktResult ended = pod.await(Duration.ofSeconds(60));
        assertNotNull(ended, pod::describe);

        assertExit(143, ended);
        assertEquals("143", status(uuid).get("app-sleeper"));
        JsonNode listed = json(rkt.run("list", "--format=json"));
        assertEquals(143, listed.get(0).at("/apps/0/exit_code").asInt(), listed::toString);
        assertEquals("exited", listed.get(0).get("state").asText(), listed::toString);
    }

    /**
     * The app is created before the pod's systemd is up and reaped by its keeper; a process it
     * leaves behind holds its output open, and must neither keep the pod up nor lose the app's code.
     */
    @Test
    void anAppThatLeavesAProcessBehindEndsThePodWithItsCode() {
        Path app = sh("leaver", "sleep 300 & echo left-one-behind; exit 6");
        RktResult r = rkt.call(INSECURE, "run", SYSTEMD, app.toString()).timeout(Duration.ofSeconds(60)).run();
        assertExit(6, r);
        assertTrue(lines(r.stdout()).stream().anyMatch(l -> l.matches("\\[\\s*\\d+\\.\\d{6}\\] leaver\\[\\d+\\]: left-one-behind")),
                r::describe);
    }

    private void assertRejected(RktResult r, String line) {
        assertExit(254, r);
        assertEquals(List.of(line), r.stderrLines(), r::describe);
        assertEquals("[]", ws.allPods().toString(), r::describe);
    }

    /**
     * systemd-nspawn and runc are looked up in rkt's PATH. A PATH without them (a folder of
     * symlinks to the other one) makes them missing without touching the host's /usr.
     */
    @Test
    void aMissingSystemdNspawnOrRuncNamesTheDebianPackage() throws IOException {
        Path img = image("victim");
        Path onlyRunc = Files.createDirectories(ws.file("only-runc"));
        Files.createSymbolicLink(onlyRunc.resolve("runc"), hostTool("runc"));
        Path onlyNspawn = Files.createDirectories(ws.file("only-nspawn"));
        Files.createSymbolicLink(onlyNspawn.resolve("systemd-nspawn"), hostTool("systemd-nspawn"));
        String javaHome = System.getProperty("java.home");
        // --net=host: the default network's CNI plugins need iptables, which this PATH hides too

        assertRejected(rkt.call(INSECURE, "run", SYSTEMD, "--net=host", img.toString()).env("PATH", onlyRunc.toString())
                .env("JAVA_HOME", javaHome).run(),
                "rkt: stage1 systemd: systemd-nspawn not found in PATH (install the Debian package systemd-container)");
        assertRejected(rkt.call(INSECURE, "run", SYSTEMD, "--net=host", img.toString()).env("PATH", onlyNspawn.toString())
                .env("JAVA_HOME", javaHome).run(),
                "rkt: stage2 runc: runc not found in PATH (install the Debian package runc)");
        // Both there: the same pod runs.
        assertExit(0, rkt.call(INSECURE, "run", SYSTEMD, "--net=host", img.toString())
                .env("PATH", onlyRunc + ":" + onlyNspawn).env("JAVA_HOME", javaHome).run());
    }

    private static Path hostTool(String name) {
        for (String dir : List.of("/usr/sbin", "/usr/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " is not installed (scripts/debian-packages lists it)");
    }

    /** Waits until the running rkt's output has the text. */
    private static void awaitText(RktProcess pod, String text) {
        for (int i = 0; i < 600 && pod.isAlive(); i++) {
            if (pod.stdoutSoFar().contains(text)) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no \"" + text + "\" in the output\n" + pod.describe());
    }
}
