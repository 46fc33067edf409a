package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.Rkt;
import io.rktj.itests.support.RktResult;

/** Each bad input: exit 254, one line on stderr, and no half-made pod in embryo/ or prepare/. */
class BadInputIT extends FunctionalTest {

    private void assertRejected(RktResult r) {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), () -> "stderr must be one line\n" + r.describe());
        assertTrue(r.stderrLines().get(0).startsWith("rkt: "), r::describe);
        assertEquals("[]", ws.pods("embryo").toString(), r::describe);
        assertEquals("[]", ws.pods("prepare").toString(), r::describe);
    }

    @Test
    void missingImageFile() {
        assertRejected(rkt.run(INSECURE, "run", FLY, ws.image("no-such-image.aci").toString()));
    }

    @Test
    void aFileThatIsNotAnAci() {
        assertRejected(rkt.run(INSECURE, "run", FLY, AciBuilder.notAnAci(ws.image("junk.aci")).toString()));
    }

    @Test
    void aManifestWithAnInvalidName() {
        Path img = image("badname", AciBuilder.busybox("example.com/badname").field("name", "Not A Valid/Name!"));

        assertRejected(rkt.run(INSECURE, "run", FLY, img.toString()));
    }

    @Test
    void aManifestWithAnUnknownAcKind() {
        Path img = image("badkind", AciBuilder.busybox("example.com/badkind").field("acKind", "ContainerManifest"));

        assertRejected(rkt.run(INSECURE, "run", FLY, img.toString()));
    }

    @Test
    void anUnknownFlag() {
        assertRejected(rkt.run(INSECURE, "run", FLY, "--no-such-flag", image("hello").toString()));
    }

    @Test
    void interactiveWithTwoApps() {
        Path first = image("first");
        Path second = image("second");

        assertRejected(rkt.run(INSECURE, "run", FLY, "--interactive", first.toString(), "---", second.toString()));
    }

    @Test
    void aHostVolumeWhoseSourceIsMissing() {
        Path img = image("volume");
        Path missing = ws.file("no-such-dir");

        assertRejected(rkt.run(INSECURE, "run", FLY, "--volume=data,kind=host,source=" + missing, img.toString(),
                "--mount=volume=data,target=/data"));
    }

    @Test
    void runningAsANonRootUser() throws Exception {
        Path img = image("hello");
        ws.openToOtherUsers();
        // The checkout may sit below a folder only root can enter (a clone into mktemp -d):
        // the unprivileged user runs a copy of the distribution inside the open workspace.
        Path home = ws.root().resolve("rkt-home");
        Process copy = new ProcessBuilder("cp", "-a", Rkt.home().toString(), home.toString()).inheritIO().start();
        assertEquals(0, copy.waitFor(), "copy the distribution");
        Rkt unprivileged = new Rkt(home, rkt.dataDir(),
                Files.createDirectories(ws.root().resolve("logs-unprivileged")));

        assertRejected(unprivileged.call(INSECURE, "run", FLY, img.toString())
                .via("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups").run());
    }

    @Test
    void anUnsignedImageWithoutInsecureOptions() {
        RktResult r = rkt.run("run", FLY, image("hello").toString());

        assertRejected(r);
        assertTrue(r.stderrLines().get(0).contains("--insecure-options=image"), r::describe);
    }
}
