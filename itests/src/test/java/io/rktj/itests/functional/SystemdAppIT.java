package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktResult;

/** The appc executor semantics of apps run by runc in a systemd pod, probed from inside with busybox. */
class SystemdAppIT extends FunctionalTest {
    private static final String SYSTEMD = SystemdPodIT.SYSTEMD;
    private static final Pattern APP_LINE = Pattern.compile("^\\[\\s*\\d+\\.\\d{6}\\] ([a-z0-9-]+)\\[\\d+\\]: (.*)$");

    @AfterEach
    void stopLeftovers() {
        for (Path pod : ws.pods("run")) {
            rkt.run("stop", "--force", pod.getFileName().toString());
        }
    }

    /** What one app printed, without the prefixes. */
    private static List<String> output(RktResult r, String app) {
        return r.stdoutLines().stream().map(APP_LINE::matcher).filter(Matcher::matches)
                .filter(m -> m.group(1).equals(app)).map(m -> m.group(2)).toList();
    }

    private Path sh(String name, String script) {
        return image(name, AciBuilder.busybox("example.com/" + name).exec("/bin/sh", "-c", script));
    }

    @Test
    void userAndGroupComeFromTheImagesOwnFiles() {
        Path img = image("nobody", AciBuilder.busybox("example.com/nobody").exec("/bin/id")
                .appField("user", "nobody").appField("group", "nogroup").appField("supplementaryGIDs", List.of(42)));

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, img.toString());

        assertExit(0, r);
        assertEquals(List.of("uid=65534(nobody) gid=65534(nogroup) groups=42"), output(r, "nobody"), r::describe);
    }

    @Test
    void environmentFollowsRktsPrecedence() {
        Path img = image("env", AciBuilder.busybox("example.com/env").exec("/bin/env")
                .env("IMAGE_ONLY", "image").env("APP_OVERRIDES", "image").env("SET_OVERRIDES", "image"));

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, "--set-env=SET_OVERRIDES=set-env", img.toString(),
                "--environment=APP_OVERRIDES=environment", "--environment=SET_OVERRIDES=environment");

        assertExit(0, r);
        List<String> env = output(r, "env");
        assertTrue(env.contains("IMAGE_ONLY=image"), env::toString);
        assertTrue(env.contains("APP_OVERRIDES=environment"), env::toString);
        assertTrue(env.contains("SET_OVERRIDES=set-env"), env::toString);
        assertTrue(env.contains("AC_APP_NAME=env"), env::toString);
        assertTrue(env.contains("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), env::toString);
    }

    @Test
    void hostnameHostsAndResolvConfAreTheRktOnes() {
        Path img = sh("names", "hostname; grep -c \"$(hostname)\" /etc/hosts; cat /etc/resolv.conf");
        Path uuidFile = ws.file("uuid");

        RktResult byDefault = rkt.run(INSECURE, "run", SYSTEMD, "--uuid-file-save=" + uuidFile, "--dns=192.0.2.53", img.toString());
        assertExit(0, byDefault);
        String uuid = uuidFrom(uuidFile, byDefault);
        List<String> out = output(byDefault, "names");
        assertEquals("rkt-" + uuid, out.get(0), byDefault::describe);
        assertEquals("1", out.get(1), byDefault::describe);
        assertTrue(out.contains("nameserver 192.0.2.53"), byDefault::describe);

        // on rkt's default network a pod has no resolv.conf unless --dns or the network gives one, as in rkt
        RktResult named = rkt.run(INSECURE, "run", SYSTEMD, "--hostname=custom-host", "--dns=host", img.toString());
        assertExit(0, named);
        assertEquals("custom-host", output(named, "names").get(0), named::describe);
    }

    @Test
    void hostVolumesAreSharedReadOnlyOnesAreNot() throws IOException {
        Path data = Files.createDirectories(ws.file("data"));
        Files.writeString(data.resolve("from-host"), "host-content\n");
        Path img = sh("vols", "cat /data/from-host; echo from-app > /data/from-app; touch /ro/x 2>/dev/null && echo ro-writable || echo ro-refused");

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, "--volume=data,kind=host,source=" + data,
                "--volume=ro,kind=host,source=" + data + ",readOnly=true", img.toString(),
                "--mount=volume=data,target=/data", "--mount=volume=ro,target=/ro");

        assertExit(0, r);
        assertEquals(List.of("host-content", "ro-refused"), output(r, "vols"), r::describe);
        assertEquals("from-app\n", Files.readString(data.resolve("from-app")));
        assertFalse(Files.exists(data.resolve("x")));
    }

    @Test
    void twoAppsShareAnEmptyVolume() {
        Path writer = sh("writer", "echo shared-content > /shared/file");
        Path reader = sh("reader", "for i in $(seq 1 100); do [ -f /shared/file ] && break; sleep 0.1; done; cat /shared/file");

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, "--volume=shared,kind=empty,mode=0777", writer.toString(),
                "--mount=volume=shared,target=/shared", "---", reader.toString(), "--mount=volume=shared,target=/shared");

        assertExit(0, r);
        assertEquals(List.of("shared-content"), output(r, "reader"), r::describe);
    }

    @Test
    void eventHandlersRunInTheAppsRootfs() {
        Path img = image("hooks", AciBuilder.busybox("example.com/hooks")
                .exec("/bin/sh", "-c", "cat /pre-start-was-here; echo app > /app-was-here")
                .appField("eventHandlers", List.of(
                        Map.of("name", "pre-start", "exec", List.of("/bin/sh", "-c", "echo pre > /pre-start-was-here")),
                        Map.of("name", "post-stop", "exec", List.of("/bin/sh", "-c", "echo post-stop sees $(cat /pre-start-was-here) $(cat /app-was-here)")))));

        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(0, r);
        assertEquals(List.of("pre", "post-stop sees pre app"), output(r, "hooks"), r::describe);
        // the handlers print through nspawn's console: such a pod ends through its systemd, not at once
        Path pod = ws.dataDir().resolve("pods/run").resolve(uuidFrom(uuidFile, r));
        assertFalse(Files.exists(pod.resolve("stage1/rootfs/rkt/pod-ended")), r::describe);
    }

    @Test
    void aFailingPreStartHandlerFailsTheApp() {
        Path img = image("badhook", AciBuilder.busybox("example.com/badhook").exec("/bin/echo", "app-ran")
                .appField("eventHandlers", List.of(Map.of("name", "pre-start", "exec", List.of("/bin/sh", "-c", "exit 4")))));
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(4, r);
        assertEquals(List.of(), output(r, "badhook"), r::describe);
        assertEquals("4", status(uuidFrom(uuidFile, r)).get("app-badhook"));
    }
}
