package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/** Ten rkt processes share one data dir and one (not yet imported) image. */
class ConcurrentRunIT extends FunctionalTest {
    private static final int PODS = 10;

    @Test
    void tenConcurrentRunsAllSucceed() {
        Path img = image("hello");
        List<RktProcess> runs = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            runs.add(ws.start(rkt.call(INSECURE, "run", FLY, img.toString(), "--exec", "/bin/echo", "--", "pod-" + i)));
        }

        for (int i = 0; i < PODS; i++) {
            RktResult r = runs.get(i).await(Duration.ofSeconds(180));
            assertNotNull(r, runs.get(i)::describe);
            assertExit(0, r);
            assertTrue(r.stdout().contains("pod-" + i), r::describe);
            assertFalse(r.stderr().toLowerCase().contains("lock"), r::describe);
        }

        JsonNode list = json(rkt.run("list", "--format=json"));
        assertEquals(PODS, list.size(), list::toString);
        for (JsonNode pod : list) {
            assertEquals("exited", pod.path("state").asText(), pod::toString);
            assertEquals(0, pod.path("apps").path(0).path("exit_code").asInt(-1), pod::toString);
        }
    }
}
