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
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktResult;

/** Isolators of apps in systemd pods, probed from inside the app; bad isolators and other bad input. */
class SystemdIsolatorIT extends FunctionalTest {
    private static final String SYSTEMD = SystemdPodIT.SYSTEMD;
    private static final Pattern APP_LINE = Pattern.compile("^\\[\\s*\\d+\\.\\d{6}\\] ([a-z0-9-]+)\\[\\d+\\]: (.*)$");
    /** rkt's 14 default capabilities as /proc/PID/status shows a bounding set. */
    private static final String DEFAULT_CAP_BND = "00000000a80425fb";

    @AfterEach
    void stopLeftovers() {
        for (Path pod : ws.pods("run")) {
            rkt.run("stop", "--force", pod.getFileName().toString());
        }
    }

    private static List<String> output(RktResult r) {
        return r.stdoutLines().stream().map(APP_LINE::matcher).filter(Matcher::matches).map(m -> m.group(2)).toList();
    }

    private Path probe() {
        return image("probe", AciBuilder.busybox("example.com/probe").exec("/bin/sh", "-c",
                "grep -E '^(CapBnd|NoNewPrivs|Seccomp):' /proc/self/status; cat /sys/fs/cgroup/memory/memory.limit_in_bytes;"
                        + " touch /rootfs-writable 2>/dev/null && echo rootfs-rw || echo rootfs-ro;"
                        + " mkdir /tmp/d 2>/dev/null && echo mkdir-ok || echo mkdir-refused"));
    }

    @Test
    void defaultsAreRktsFourteenCapabilitiesAndItsSeccompFilter() {
        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, probe().toString());

        assertExit(0, r);
        List<String> out = output(r);
        assertTrue(out.contains("CapBnd:\t" + DEFAULT_CAP_BND), r::describe);
        assertTrue(out.contains("NoNewPrivs:\t0"), r::describe);
        assertTrue(out.contains("Seccomp:\t2"), r::describe);
        assertTrue(out.contains("rootfs-rw"), r::describe);
        assertTrue(out.contains("mkdir-ok"), r::describe);
        assertEquals("", r.stderr(), "no isolators, no report");
    }

    @Test
    void appFlagsBecomeEnforcedIsolators() {
        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, probe().toString(), "--memory=64Mi", "--caps-retain=CAP_NET_ADMIN,CAP_CHOWN",
                "--seccomp=mode=remove,errno=ENOTSUP,mkdir,mkdirat", "--readonly-rootfs");

        assertExit(0, r);
        List<String> out = output(r);
        assertTrue(out.contains("CapBnd:\t0000000000001001"), r::describe);
        assertTrue(out.contains(Long.toString(64L << 20)), r::describe);
        assertTrue(out.contains("rootfs-ro"), r::describe);
        assertTrue(out.contains("mkdir-refused"), r::describe);
        assertEquals(List.of("app probe: isolators enforced: resource/memory, os/linux/capabilities-retain-set,"
                + " os/linux/seccomp-remove-set"), r.stderrLines(), r::describe);
    }

    @Test
    void imageIsolatorsAreEnforcedAndUnsupportedOnesReportedAsIgnored() {
        Path img = image("nnp", AciBuilder.busybox("example.com/nnp").exec("/bin/sh", "-c", "grep NoNewPrivs /proc/self/status")
                .appField("isolators", List.of(Map.of("name", "os/linux/no-new-privileges", "value", true),
                        Map.of("name", "os/unix/sysctl", "value", Map.of("net.ipv4.ip_forward", "1")))));

        RktResult r = rkt.run(INSECURE, "run", SYSTEMD, img.toString());

        assertExit(0, r);
        assertEquals(List.of("NoNewPrivs:\t1"), output(r), r::describe);
        assertEquals(List.of("app nnp: isolators enforced: os/linux/no-new-privileges; ignored: os/unix/sysctl"),
                r.stderrLines(), r::describe);
    }

    private void assertRejected(RktResult r, String part) {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), () -> "stderr must be one line\n" + r.describe());
        assertTrue(r.stderrLines().get(0).startsWith("rkt: ") && r.stderrLines().get(0).contains(part), r::describe);
        assertEquals("[]", ws.allPods().toString(), r::describe);
        assertTrue(r.stdout().isEmpty(), r::describe);
    }

    @Test
    void badIsolatorsAndBadAppsAreOneLineAndLeaveNothing() throws IOException {
        List<String> cgroupsBefore = rktjCgroups();
        Path img = image("victim");
        Path unknown = image("unknowniso", AciBuilder.busybox("example.com/unknowniso")
                .appField("isolators", List.of(Map.of("name", "resource/gpu", "value", Map.of("limit", "1")))));

        assertRejected(rkt.run(INSECURE, "run", SYSTEMD, unknown.toString()), "unknown isolator \"resource/gpu\"");
        assertRejected(rkt.run(INSECURE, "run", SYSTEMD, img.toString(), "--caps-retain=CAP_CHOWN", "--caps-remove=CAP_KILL"),
                "conflict");
        assertRejected(rkt.run(INSECURE, "run", SYSTEMD, img.toString(), "--memory=1Mi"), "below runc's minimum");
        assertRejected(rkt.run(INSECURE, "run", SYSTEMD, img.toString(), "--exec=/bin/no-such-program"),
                "exec /bin/no-such-program not found in its rootfs");
        assertRejected(rkt.run(INSECURE, "run", SYSTEMD, "--volume=data,kind=host,source=" + ws.file("missing"), img.toString(),
                "--mount=volume=data,target=/data"), "does not exist");
        assertEquals(cgroupsBefore, rktjCgroups(), "a rejected pod left cgroups behind");
    }

    /** This workspace's pods' cgroups are named by their UUIDs; none may exist after a rejected run. */
    private List<String> rktjCgroups() throws IOException {
        Path dir = Path.of("/sys/fs/cgroup/pids/rktj");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
