package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;
import io.rktj.itests.support.UuidFile;
import io.rktj.itests.support.Workspace;

/** Gives each functional test its own data dir, images folder and a runner for bin/rkt. */
abstract class FunctionalTest {
    static final Pattern UUID_PATTERN = UuidFile.UUID;
    static final ObjectMapper JSON = new ObjectMapper();
    /** The fly flavor, which tests written for it ask for by name now that systemd is the default. */
    static final String FLY = "--stage1-name=fly";

    Workspace ws;
    Rkt rkt;

    @BeforeEach
    void workspace(TestInfo info) {
        ws = Workspace.create(getClass().getSimpleName() + "-" + info.getTestMethod().orElseThrow().getName());
        rkt = ws.rkt();
    }

    @AfterEach
    void cleanUp() {
        ws.close();
    }

    /** Writes an image named example.com/NAME from busybox. */
    Path image(String name, AciBuilder builder) {
        return builder.writeTo(ws.image(name + ".aci"));
    }

    Path image(String name) {
        return image(name, AciBuilder.busybox("example.com/" + name));
    }

    static void assertExit(int expected, RktResult r) {
        assertEquals(expected, r.exitCode(), () -> "exit code\n" + r.describe());
    }

    /** {@code rkt status UUID} as key=value pairs. */
    Map<String, String> status(String uuid) {
        RktResult r = rkt.run("status", uuid);
        assertExit(0, r);
        return r.stdoutLines().stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
    }

    JsonNode json(RktResult r) {
        assertExit(0, r);
        try {
            return JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + e.getMessage() + "\n" + r.describe(), e);
        }
    }

    /** Waits for the UUID a running rkt writes with --uuid-file-save. */
    static String awaitUuidFile(Path file, RktProcess writer) {
        return UuidFile.await(file, Duration.ofSeconds(60), writer);
    }

    /** The UUID a finished rkt wrote with --uuid-file-save. */
    static String uuidFrom(Path file, RktResult writer) {
        return UuidFile.read(file, writer::describe);
    }

    /** Polls {@code rkt status} until the pod another process runs says running. */
    Map<String, String> awaitRunning(String uuid, RktProcess pod) {
        Instant end = Instant.now().plusSeconds(60);
        Map<String, String> last = Map.of();
        while (Instant.now().isBefore(end) && pod.isAlive()) {
            last = status(uuid);
            if ("running".equals(last.get("state"))) {
                return last;
            }
        }
        return fail("pod " + uuid + " never ran; last status " + last + "\n" + pod.describe());
    }
}
