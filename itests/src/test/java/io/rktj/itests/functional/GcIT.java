package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.HostMounts;
import io.rktj.itests.support.RktProcess;

/** gc removes exited pods, takes down every mount it made, and leaves running pods alone. */
class GcIT extends FunctionalTest {

    @Test
    void zeroGraceRemovesExitedPodsAndRestoresTheMountTable() {
        Path img = image("hello");
        String before = HostMounts.snapshot();

        assertExit(0, rkt.run(INSECURE, "run", FLY, img.toString()));
        assertExit(3, rkt.run(INSECURE, "run", FLY, img.toString(), "--exec", "/bin/sh", "--", "-c", "exit 3"));
        assertEquals(2, ws.pods("run").size(), ws.allPods()::toString);

        assertExit(0, rkt.run("gc", "--grace-period=0s"));

        assertEquals("[]", ws.allPods().toString());
        String after = HostMounts.snapshot();
        assertTrue(before.equals(after), () -> "the host's mount table changed (nothing else may run pods on this host"
                + " meanwhile)\n" + HostMounts.difference(before, after));
    }

    @Test
    void gcLeavesARunningPodAlone() {
        Path img = image("sleeper", AciBuilder.busybox("example.com/sleeper").exec("/bin/sleep", "300"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = ws.start(rkt.call(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString()));
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);

        assertExit(0, rkt.run("gc", "--grace-period=0s"));

        assertTrue(pod.isAlive(), pod::describe);
        assertEquals("running", status(uuid).get("state"));
        assertExit(0, rkt.run("stop", "--force", uuid));
        assertNotNull(pod.await(Duration.ofSeconds(30)), pod::describe);
    }
}
