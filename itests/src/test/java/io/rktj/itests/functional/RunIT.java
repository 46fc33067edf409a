package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktResult;

/** rkt run: the app's output and its exit status reach the caller. */
class RunIT extends FunctionalTest {

    @Test
    void helloPrintsTheAppsOutput() {
        Path img = image("hello", AciBuilder.busybox("example.com/hello").exec("/bin/echo", "hello from a rktj pod"));

        RktResult r = rkt.run(INSECURE, "run", FLY, img.toString());

        assertExit(0, r);
        assertTrue(r.stdout().contains("hello from a rktj pod"), r::describe);
    }

    @Test
    void execAndArgumentsOverrideTheImage() {
        Path img = image("hello");

        RktResult r = rkt.run(INSECURE, "run", FLY, img.toString(), "--exec", "/bin/echo", "--", "from", "the", "command", "line");

        assertExit(0, r);
        assertTrue(r.stdout().contains("from the command line"), r::describe);
        assertFalse(r.stdout().contains("hello from"), r::describe);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theAppsExitStatusIsRktsExitStatus(int code) {
        Path img = image("exit" + code, AciBuilder.busybox("example.com/exit" + code).exec("/bin/sh", "-c", "exit " + code));

        RktResult r = rkt.run(INSECURE, "run", FLY, img.toString());

        assertExit(code, r);
        assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("rkt:")), r::describe);
    }

    /** 254 is also rkt's own error status: an app that exits 254 is still a pod that ran and exited. */
    @Test
    void anAppExiting254IsNotARuntimeError() {
        Path img = image("exit254", AciBuilder.busybox("example.com/exit254").exec("/bin/sh", "-c", "exit 254"));
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", FLY, "--uuid-file-save=" + uuidFile, img.toString(), "--name=quitter");

        assertExit(254, r);
        assertTrue(r.stderrLines().stream().noneMatch(l -> l.startsWith("rkt:")), r::describe);
        String uuid = uuidFrom(uuidFile, r);
        Map<String, String> status = status(uuid);
        assertEquals("exited", status.get("state"), status::toString);
        assertEquals("254", status.get("app-quitter"), status::toString);
    }
}
