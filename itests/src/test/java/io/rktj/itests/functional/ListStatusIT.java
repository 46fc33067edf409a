package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/** list and status read pods that other processes made, in rkt's text and api/v1 JSON shapes. */
class ListStatusIT extends FunctionalTest {

    private static JsonNode podNamed(JsonNode list, String uuid) {
        assertTrue(list.isArray(), list::toString);
        for (JsonNode pod : list) {
            if (uuid.equals(pod.path("name").asText())) {
                return pod;
            }
        }
        throw new AssertionError("pod " + uuid + " not in " + list);
    }

    @Test
    void anExitedPodShowsItsStateAndExitCode() {
        Path img = image("three", AciBuilder.busybox("example.com/three").exec("/bin/sh", "-c", "exit 3"));
        Path uuidFile = ws.file("uuid");
        RktResult run = rkt.run(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString(), "--name=app1");
        assertExit(3, run);
        String uuid = uuidFrom(uuidFile, run);

        JsonNode pod = podNamed(json(rkt.run("list", "--format=json")), uuid);
        assertEquals("exited", pod.path("state").asText(), pod::toString);
        assertEquals("app1", pod.path("app_names").path(0).asText(), pod::toString);
        JsonNode app = pod.path("apps").path(0);
        assertEquals("app1", app.path("name").asText(), pod::toString);
        assertEquals("exited", app.path("state").asText(), pod::toString);
        assertEquals(3, app.path("exit_code").asInt(-1), pod::toString);
        assertTrue(pod.path("created_at").asLong() > 0, pod::toString);

        JsonNode status = json(rkt.run("status", "--format=json", uuid));
        assertEquals(uuid, status.path("name").asText(), status::toString);
        assertEquals("exited", status.path("state").asText(), status::toString);
        assertEquals(3, status.path("apps").path(0).path("exit_code").asInt(-1), status::toString);

        Map<String, String> text = status(uuid);
        assertEquals("exited", text.get("state"), text::toString);
        assertEquals("3", text.get("app-app1"), text::toString);

        RktResult table = rkt.run("list", "--full", "--no-legend");
        assertExit(0, table);
        assertTrue(table.stdoutLines().stream().anyMatch(l -> l.contains(uuid) && l.contains("app1") && l.contains("exited")),
                table::describe);
    }

    @Test
    void aPodRunByAnotherProcessIsListedAsRunning() {
        Path img = image("sleeper", AciBuilder.busybox("example.com/sleeper").exec("/bin/sleep", "300"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = ws.start(rkt.call(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString(), "--name=sleeper"));
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);

        JsonNode listed = podNamed(json(rkt.run("list", "--format=json")), uuid);
        assertEquals("running", listed.path("state").asText(), listed::toString);
        assertEquals("running", listed.path("apps").path(0).path("state").asText(), listed::toString);
        JsonNode status = json(rkt.run("status", "--format=json", uuid));
        assertEquals("running", status.path("state").asText(), status::toString);
        assertNotNull(status.get("started_at"), status::toString);

        assertExit(0, rkt.run("stop", "--force", uuid));
        assertNotNull(pod.await(Duration.ofSeconds(30)), pod::describe);
    }
}
