package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/** rkt stop ends a pod another process runs; the supervisor reports 128+signal. */
class StopIT extends FunctionalTest {

    private RktProcess startPod(Path img, Path uuidFile) {
        return ws.start(rkt.call(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString(), "--name=sleeper"));
    }

    private RktResult stopAndAwait(RktProcess pod, String uuid, String... stopFlags) {
        String[] args = new String[stopFlags.length + 2];
        args[0] = "stop";
        System.arraycopy(stopFlags, 0, args, 1, stopFlags.length);
        args[args.length - 1] = uuid;
        assertExit(0, rkt.run(args));
        RktResult ended = pod.await(Duration.ofSeconds(30));
        assertNotNull(ended, () -> "pod still running 30s after stop\n" + pod.describe());
        return ended;
    }

    @Test
    void stopEndsARunningPod() {
        Path img = image("sleeper", AciBuilder.busybox("example.com/sleeper").exec("/bin/sleep", "300"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(img, uuidFile);
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);

        RktResult ended = stopAndAwait(pod, uuid);

        assertEquals(128 + 15, ended.exitCode(), ended::describe);
        Map<String, String> status = status(uuid);
        assertEquals("exited", status.get("state"), status::toString);
        assertEquals("143", status.get("app-sleeper"), status::toString);
    }

    /** The app ignores SIGTERM (an ignored signal stays ignored across exec): only SIGKILL ends it. */
    @Test
    void forceStopKillsAnAppThatIgnoresSigterm() {
        Path img = image("stubborn", AciBuilder.busybox("example.com/stubborn")
                .exec("/bin/sh", "-c", "trap '' TERM; exec /bin/sleep 300"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(img, uuidFile);
        String uuid = awaitUuidFile(uuidFile, pod);
        awaitRunning(uuid, pod);

        RktResult ended = stopAndAwait(pod, uuid, "--force");

        assertEquals(128 + 9, ended.exitCode(), ended::describe);
        assertFalse(pod.isAlive());
        assertEquals("exited", status(uuid).get("state"));
    }
}
