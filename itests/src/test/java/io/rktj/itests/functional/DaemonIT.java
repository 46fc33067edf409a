package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/**
 * rkt daemon: bin/rkt hands the commands it can serve to a running daemon and runs the others
 * itself, with the same output and exit codes; a pod started through the daemon is supervised
 * in the client's process, so it outlives the daemon.
 *
 * <p>A JAVA_HOME without a java tells the two paths apart: a command the daemon serves starts
 * no JVM of its own and still works; one that runs in its own process fails to start java.
 */
class DaemonIT extends FunctionalTest {
    private static final String NO_JAVA = "/nonexistent-java-home";

    private Path socketDir;
    private Path socket;
    private RktProcess daemon;

    @BeforeEach
    void startDaemon() throws IOException {
        socketDir = Files.createTempDirectory(Path.of("/tmp"), "rkd");
        socket = socketDir.resolve("d.sock");
        daemon = ws.start(rkt.call("daemon", "--socket=" + socket));
        Instant end = Instant.now().plusSeconds(60);
        while (!Files.exists(socket)) {
            assertTrue(daemon.isAlive(), () -> "the daemon ended\n" + daemon.describe());
            assertTrue(Instant.now().isBefore(end), () -> "no socket after 60 s\n" + daemon.describe());
            sleep(50);
        }
    }

    @AfterEach
    void stopDaemon() throws IOException {
        if (daemon != null && daemon.isAlive()) {
            ProcessHandle.of(daemon.pid()).ifPresent(ProcessHandle::destroy); // SIGTERM
            assertNotNull(daemon.await(Duration.ofSeconds(30)), () -> "daemon still running\n" + daemon.describe());
        }
        assertFalse(Files.exists(socket), "the daemon removes its socket when it stops");
        Files.deleteIfExists(socketDir);
    }

    private Rkt.Call client(String... args) {
        return rkt.call(args).env("RKT_DAEMON_SOCKET", socket.toString());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Test
    void servedCommandsNeedNoJvmOfTheirOwnAndAnswerAsRktDoes() throws Exception {
        Path img = image("hello", AciBuilder.busybox("example.com/hello").exec("/bin/echo", "hello from the pod"));

        RktResult version = client("version").env("JAVA_HOME", NO_JAVA).run();
        assertExit(0, version);
        assertTrue(version.stdout().startsWith("rkt Version: "), version::describe);
        RktResult alone = rkt.call("version").env("JAVA_HOME", NO_JAVA).run();
        assertNotEquals(0, alone.exitCode(), "without the daemon this needs java\n" + alone.describe());

        RktResult run = client(INSECURE, "run", FLY, img.toString()).env("JAVA_HOME", NO_JAVA).run();
        assertExit(0, run);
        assertEquals(List.of("hello from the pod"), run.stdoutLines(), run::describe);

        Path failing = image("seven", AciBuilder.busybox("example.com/seven").exec("/bin/sh", "-c", "echo out; echo err >&2; exit 7"));
        RktResult seven = client(INSECURE, "run", FLY, failing.toString()).env("JAVA_HOME", NO_JAVA).run();
        assertExit(7, seven);
        assertEquals(List.of("out"), seven.stdoutLines(), seven::describe);
        assertEquals(List.of("err"), seven.stderrLines(), seven::describe);

        RktResult served = client("list", "--format=json").env("JAVA_HOME", NO_JAVA).run();
        RktResult own = rkt.run("list", "--format=json");
        assertExit(0, served);
        assertExit(0, own);
        JsonNode pods = JSON.readTree(served.stdout());
        assertEquals(2, pods.size(), served::describe);
        assertEquals(JSON.readTree(own.stdout()), pods, "the daemon lists what rkt lists");
        for (JsonNode pod : pods) {
            RktResult status = client("status", pod.get("name").asText()).env("JAVA_HOME", NO_JAVA).run();
            assertEquals(rkt.run("status", pod.get("name").asText()).stdout(), status.stdout());
        }
        Map<String, String> last = status(pods.get(0).get("name").asText());
        assertEquals("exited", last.get("state"));
    }

    /** The daemon compiles with C1 only, its compiler threads at nice 19 (docs/daemon.md, "Memory"). */
    @Test
    void theDaemonsJitIsC1OnlyAndAtNice19() throws IOException {
        assertExit(0, client("version").run());
        List<String> compilers = new ArrayList<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(daemon.pid()), "task"))) {
            for (Path task : tasks) {
                String name;
                String stat;
                try {
                    name = Files.readString(task.resolve("comm")).strip();
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException e) {
                    continue; // a thread that ended since the listing (ENOENT, or ESRCH on the read)
                }
                if (name.contains("CompilerThre")) {
                    compilers.add(name);
                    // the fields after the command name start with the 3rd; nice is the 19th
                    String nice = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
                    assertEquals("19", nice, name + " of the daemon runs at nice " + nice);
                }
            }
        }
        assertFalse(compilers.isEmpty(), "no compiler thread found in the daemon (pid " + daemon.pid() + ")");
        assertTrue(compilers.stream().allMatch(c -> c.startsWith("C1 ")), "the daemon's compiler threads: " + compilers);
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsOneLineAnd254() {
        RktResult second = rkt.call("daemon", "--socket=" + socket).run();
        assertExit(254, second);
        assertEquals(List.of("rkt: daemon: " + socket + ": another daemon is serving it"), second.stderrLines(),
                second::describe);
        assertExit(0, client("version").env("JAVA_HOME", NO_JAVA).run()); // the first one still serves
        RktResult relative = rkt.call("daemon", "--socket=relative.sock").run();
        assertExit(254, relative);
        assertEquals(1, relative.stderrLines().size(), relative::describe);
    }

    @Test
    void badInputThroughTheDaemonIsOneLineAnd254() {
        RktResult unknown = client("list", "--no-such-flag").env("JAVA_HOME", NO_JAVA).run();
        assertExit(254, unknown);
        assertEquals(List.of("rkt: unknown flag: --no-such-flag"), unknown.stderrLines(), unknown::describe);

        RktResult missing = client(INSECURE, "run", FLY, ws.root().resolve("missing.aci").toString())
                .env("JAVA_HOME", NO_JAVA).run();
        assertExit(254, missing);
        assertEquals(1, missing.stderrLines().size(), missing::describe);
        assertTrue(missing.stderrLines().get(0).startsWith("rkt: "), missing::describe);
        assertTrue(ws.pods("embryo").isEmpty() && ws.pods("prepare").isEmpty(), "nothing half-made");
    }

    @Test
    void whatTheDaemonMustNotServeRunsInTheClientsOwnProcess() throws IOException {
        Path img = image("rel", AciBuilder.busybox("example.com/rel").exec("/bin/echo", "relative"));
        Path dir = img.getParent();
        String name = img.getFileName().toString();

        RktResult relative = client(INSECURE, "run", FLY, "./" + name).in(dir).run();
        assertExit(0, relative);
        assertEquals(List.of("relative"), relative.stdoutLines(), relative::describe);
        // proof that it did not go to the daemon, whose working directory is not dir
        RktResult noJava = client(INSECURE, "run", FLY, "./" + name).in(dir).env("JAVA_HOME", NO_JAVA).run();
        assertNotEquals(0, noJava.exitCode(), noJava::describe);

        Path otherDir = ws.root().resolve("other-data");
        Rkt otherRkt = new Rkt(Rkt.home(), otherDir, ws.root().resolve("other-logs"));
        assertExit(0, otherRkt.call("list", "--no-legend").env("RKT_DAEMON_SOCKET", socket.toString()).run());
        RktResult otherNoJava = otherRkt.call("list", "--no-legend").env("RKT_DAEMON_SOCKET", socket.toString())
                .env("JAVA_HOME", NO_JAVA).run();
        assertNotEquals(0, otherNoJava.exitCode(), "another --dir is not the daemon's\n" + otherNoJava.describe());
    }

    @Test
    void aPodStartedThroughTheDaemonLivesInTheClientAndOutlivesTheDaemon() {
        Path img = image("sleeper", AciBuilder.busybox("example.com/sleeper").exec("/bin/sleep", "300"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = ws.start(client(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString())
                .env("JAVA_HOME", NO_JAVA));
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);

        ProcessHandle.of(daemon.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertNotNull(daemon.await(Duration.ofSeconds(30)));
        assertTrue(pod.isAlive(), "killing the daemon does not touch the pod");
        assertEquals("running", status(uuid).get("state"));

        // the socket is stale now: bin/rkt runs the command itself
        assertExit(0, client("stop", uuid).run());
        RktResult ended = pod.await(Duration.ofSeconds(30));
        assertNotNull(ended, () -> "pod still running after stop\n" + pod.describe());
        assertEquals(128 + 15, ended.exitCode(), ended::describe);
        assertEquals("exited", status(uuid).get("state"));
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertTrue(ws.allPods().isEmpty(), () -> "collected: " + ws.allPods());
        try {
            Files.deleteIfExists(socket); // the killed daemon could not remove it
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void tenConcurrentRunsThroughTheDaemon() {
        Path img = image("echo", AciBuilder.busybox("example.com/echo").exec("/bin/sh", "-c", "echo pod $AC_APP_NAME"));
        List<RktProcess> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(ws.start(client(INSECURE, "run", FLY, img.toString(), "--name=app" + i).env("JAVA_HOME", NO_JAVA)));
        }
        for (int i = 0; i < 10; i++) {
            RktResult r = runs.get(i).await(Duration.ofSeconds(120));
            assertNotNull(r, "run " + i + " did not end");
            assertExit(0, r);
            assertEquals(List.of("pod app" + i), r.stdoutLines(), r::describe);
        }
        assertEquals(10, ws.allPods().size());
    }

    /**
     * An operator drops a flavor bundle into bundles/ of a running daemon and removes it again:
     * the daemon installs and starts it, then uninstalls it, without a restart. Done on a copy
     * of the distribution whose system/ lacks the systemd flavor.
     */
    @Test
    void aFlavorDroppedIntoBundlesIsDeployedAndRemovedWhileTheDaemonRuns() throws Exception {
        Path home = ws.copyOfDistribution();
        Path flavorJar;
        try (var jars = Files.list(home.resolve("system"))) {
            flavorJar = jars.filter(p -> p.getFileName().toString().startsWith("io.rktj.stage1-systemd")).findFirst()
                    .orElseThrow();
        }
        Path held = ws.root().resolve(flavorJar.getFileName());
        Files.move(flavorJar, held);
        Files.createDirectories(home.resolve("bundles"));

        Path watchedSocket = socketDir.resolve("w.sock");
        Rkt own = new Rkt(home, ws.dataDir(), ws.root().resolve("dist-logs"));
        RktProcess watched = ws.start(own.call("daemon", "--socket=" + watchedSocket)
                .env("RKT_JAVA_OPTS", "-Drkt.daemon.watch.millis=200"));
        try {
            Instant end = Instant.now().plusSeconds(60);
            while (!Files.exists(watchedSocket)) {
                assertTrue(watched.isAlive() && Instant.now().isBefore(end), () -> "no daemon\n" + watched.describe());
                sleep(50);
            }
            String features = features(own, watchedSocket);
            assertTrue(features.contains("+stage1-fly") && !features.contains("+stage1-systemd"), features);

            Files.copy(held, home.resolve("bundles").resolve(held.getFileName()));
            assertTrue(awaitFeatures(own, watchedSocket, true), "the dropped flavor registers");

            Files.delete(home.resolve("bundles").resolve(held.getFileName()));
            assertTrue(awaitFeatures(own, watchedSocket, false), "the removed flavor goes away");
        } finally {
            ProcessHandle.of(watched.pid()).ifPresent(ProcessHandle::destroy);
            assertNotNull(watched.await(Duration.ofSeconds(30)), watched::describe);
        }
    }

    private static String features(Rkt own, Path socket) {
        RktResult version = own.call("version").env("RKT_DAEMON_SOCKET", socket.toString()).env("JAVA_HOME", NO_JAVA).run();
        assertExit(0, version);
        return version.stdoutLines().stream().filter(l -> l.startsWith("Features:")).findFirst().orElse("");
    }

    private static boolean awaitFeatures(Rkt own, Path socket, boolean systemd) {
        Instant end = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(end)) {
            if (features(own, socket).contains("+stage1-systemd") == systemd) {
                return true;
            }
            sleep(200);
        }
        return false;
    }
}
