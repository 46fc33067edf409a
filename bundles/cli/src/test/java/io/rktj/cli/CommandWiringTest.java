package io.rktj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.image.ImageFetcher;
import io.rktj.api.image.ImageInfo;
import io.rktj.api.image.ImageStore;
import io.rktj.api.image.ImportOptions;
import io.rktj.api.pod.AppInfo;
import io.rktj.api.pod.AppRequest;
import io.rktj.api.pod.PodInfo;
import io.rktj.api.pod.PodState;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.schema.Mount;
import io.rktj.api.schema.Volume;
import picocli.CommandLine;

/** The commands wired to in-memory services: what they ask the services, what they print, how they exit. */
class CommandWiringTest {
    private static final UUID POD = UUID.fromString("5bc080ca-9e03-480d-b705-5928af396cc5");

    private final Harness h = new Harness();

    private static PodInfo pod(PodState state, List<AppInfo> apps) {
        Instant t = Instant.parse("2016-01-25T16:43:00Z");
        return new PodInfo(POD, state, apps, List.of(), t, state == PodState.PREPARED ? null : t, null,
                state == PodState.RUNNING ? 42 : 0, "fly 0.1.0 1");
    }

    private static AppInfo app(String name, Integer exit) {
        return new AppInfo(name, "example.com/" + name, "sha512-abc", exit == null ? "running" : "exited", exit,
                null, null, null);
    }

    private static void assertOneErrorLine(Harness.Result r, String message) {
        assertEquals(254, r.status());
        assertEquals("rkt: " + message + "\n", r.err());
    }

    @Test
    void runBuildsThePrepareRequestFromPodAndAppFlags(@TempDir Path tmp) throws Exception {
        Path uuidFile = tmp.resolve("uuid");
        h.environment = Map.of("FROM_HOST", "1");
        h.pods.exitStatus = 3;
        Harness.Result r = h.run("--insecure-options=image", "run", "--stage1-name=coreos.com/rkt/stage1-fly:1.0",
                "--set-env=B=2", "--set-env", "A=1", "--inherit-env", "--volume", "data,kind=host,source=/srv,readOnly=true",
                "--hostname", "box", "--net", "--dns=8.8.8.8", "--no-overlay", "--uuid-file-save", uuidFile.toString(),
                "--mount", "volume=data,target=/data",
                "./hello.aci", "--name", "hello", "--exec", "/bin/echo", "--user=1000", "--group", "100",
                "--working-dir=/tmp", "--environment=GREETING=hi", "--", "a", "--b", "---",
                "example.com/other:1.0", "--debug");
        assertEquals(3, r.status(), r.err());
        assertEquals("", r.err());
        PrepareRequest req = h.pods.lastRequest;
        assertEquals("coreos.com/rkt/stage1-fly:1.0", req.stage1());
        assertEquals(Set.of("image"), req.insecureOptions());
        assertEquals(List.of(new Volume("data", "host", "/srv", true, null, null, null, null)), req.volumes());
        Mount data = new Mount("data", "/data", null);
        assertEquals(List.of(
                new AppRequest("./hello.aci", "hello", "/bin/echo", List.of("a", "--b"), "1000", "100", "/tmp",
                        Map.of("GREETING", "hi"), List.of(data)),
                new AppRequest("example.com/other:1.0", null, null, List.of(), null, null, null, Map.of(), List.of(data))),
                req.apps());
        var config = req.runtimeConfig();
        assertEquals(List.of("B", "A"), List.copyOf(config.setEnv().keySet()));
        assertEquals(Map.of("FROM_HOST", "1"), config.inheritEnv());
        assertEquals("box", config.hostname());
        assertEquals("default", config.net());
        assertEquals(List.of("8.8.8.8"), config.dns());
        assertTrue(config.noOverlay());
        assertFalse(config.interactive());
        assertEquals(POD.toString(), Files.readString(uuidFile));
    }

    @Test
    void runWithoutInheritEnvPassesNoHostEnvironment() {
        assertEquals(0, h.run("run", "a.aci", "--net=host").status());
        assertEquals(Map.of(), h.pods.lastRequest.runtimeConfig().inheritEnv());
        assertEquals("host", h.pods.lastRequest.runtimeConfig().net());
        assertEquals(null, h.pods.lastRequest.runtimeConfig().hostname());
    }

    @Test
    void runRejectsBadInputWithOneLine() {
        assertOneErrorLine(h.run("run", "--interactive", "a.aci", "b.aci"), "interactive option only supports one image");
        assertOneErrorLine(h.run("run", "--net=host"), "must provide at least one image");
        assertOneErrorLine(h.run("run", "--volume", "v,kind=host,source=rel", "a.aci"),
                "invalid value in --volume flag \"v,kind=host,source=rel\": source for host volume must be absolute path");
        assertOneErrorLine(h.run("run", "--set-env=A=1", "--set-env=A=2", "a.aci"),
                "invalid --set-env \"A=2\": key \"A\" already set");
        assertOneErrorLine(h.run("run", "--exec", "/bin/sh", "a.aci"), "--exec must follow an image");
        assertOneErrorLine(h.run("run", "a.aci", "--pull-policy=sometimes"),
                "invalid --pull-policy \"sometimes\": must be never, new or update");
        assertEquals(List.of(), h.pods.calls);
    }

    @Test
    void unknownFlagsAreOneLineAndExit254() {
        Harness.Result r = h.run("run", "a.aci", "--no-such-flag", "--", "x");
        assertOneErrorLine(r, "unknown flag: --no-such-flag");
        assertEquals("", r.out());
        assertOneErrorLine(h.run("list", "--bogus=1"), "unknown flag: --bogus");
        assertOneErrorLine(h.run("--bogus", "list"), "unknown flag: --bogus");
        assertOneErrorLine(h.run("image", "list", "--nope"), "unknown flag: --nope");
        assertOneErrorLine(h.run("frobnicate"), "unknown command \"frobnicate\" for \"rkt\"");
        assertOneErrorLine(h.run("list", "--format=xml"), "Invalid value for option '--format': Invalid format option: xml");
    }

    @Test
    void runtimeErrorsAreOneLineUnlessDebug() {
        h.pods.failure = new RktException("fetch ./x.aci: not an ACI: missing manifest");
        assertOneErrorLine(h.run("run", "./x.aci"), "fetch ./x.aci: not an ACI: missing manifest");
        Harness.Result debug = h.run("run", "./x.aci", "--debug");
        assertEquals(254, debug.status());
        assertTrue(debug.err().startsWith("rkt: fetch ./x.aci: not an ACI: missing manifest\n"));
        assertTrue(debug.err().contains("at io.rktj.cli"), debug.err());
        h.pods.failure = new IllegalStateException("boom\nsecond line");
        assertOneErrorLine(h.run("prepare", "a.aci"), "boom");
        h.pods.failure = new NullPointerException();
        assertOneErrorLine(h.run("prepare", "a.aci"), "NullPointerException");
    }

    @Test
    void podCommandsNeedRoot() {
        h.euid = 1000;
        for (String[] args : List.of(new String[] {"run", "a.aci"}, new String[] {"prepare", "a.aci"},
                new String[] {"run-prepared", "5bc0"}, new String[] {"rm", "5bc0"}, new String[] {"gc"},
                new String[] {"enter", "5bc0"})) {
            assertOneErrorLine(h.run(args), "cannot run as unprivileged user");
        }
        h.pods.pods.add(pod(PodState.PREPARED, List.of()));
        assertEquals(0, h.run("list").status());
    }

    @Test
    void prepareAndRunPrepared() {
        Harness.Result r = h.run("prepare", "--quiet", "a.aci", "--", "x");
        assertEquals(0, r.status());
        assertEquals(POD + "\n", r.out());
        assertEquals(List.of("x"), h.pods.lastRequest.apps().get(0).args());

        h.pods.pods.add(pod(PodState.PREPARED, List.of(app("a", null), app("b", null))));
        h.pods.exitStatus = 7;
        assertEquals(7, h.run("run-prepared", "5bc0").status());
        assertEquals("run-prepared " + POD, h.pods.calls.get(h.pods.calls.size() - 1));
        assertOneErrorLine(h.run("run-prepared", "--interactive", "5bc0"), "interactive option only supports pods with one app");
        assertOneErrorLine(h.run("run-prepared", "--hostname=x", "5bc0"),
                "run-prepared --hostname: this pod's hostname was fixed when it was prepared; pass --hostname to rkt prepare");
    }

    @Test
    void runPreparedRefusesAPodThatIsNotPrepared() {
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("a", null))));
        assertOneErrorLine(h.run("run-prepared", POD.toString()), "pod \"" + POD + "\" is not prepared");
    }

    @Test
    void listAndStatus() {
        h.pods.pods.add(pod(PodState.EXITED, List.of(app("web", 0), app("db", 1))));
        Harness.Result list = h.run("list", "--no-legend");
        assertEquals("5bc080ca\tweb\texample.com/web\texited\t2 minutes ago\t2 minutes ago\t\n"
                + "\t\tdb\texample.com/db\t\t\t\t\t\t\n", list.out());
        Harness.Result json = h.run("list", "--format", "json");
        assertTrue(json.out().startsWith("[{\"name\":\"" + POD + "\",\"state\":\"exited\",\"app_names\":[\"web\",\"db\"]"),
                json.out());
        assertTrue(json.out().endsWith("]\n"));

        Harness.Result status = h.run("status", "5bc0");
        assertEquals("state=exited\ncreated=2016-01-25 16:43:00 +0000 UTC\nstarted=2016-01-25 16:43:00 +0000 UTC\n"
                + "networks=\nexited=true\napp-web=0\napp-db=1\n", status.out());
        assertEquals(0, status.status());
        assertEquals(List.of(), h.pods.calls);

        assertEquals(0, h.run("status", "--wait", "5bc0").status());
        assertEquals(0, h.run("status", "--wait=10s", "--format=json-pretty", "5bc0").status());
        assertEquals(0, h.run("status", "--wait=false", "5bc0").status());
        assertEquals(List.of("wait null", "wait PT10S"), h.pods.calls);
        assertOneErrorLine(h.run("status", "--wait=soon", "5bc0"), "invalid --wait \"soon\": time: invalid duration \"soon\"");
    }

    @Test
    void statusChecksARunningPodsNetworkAsRootAndReportsProblemsOnStderrOnly() {
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("web", null))));
        String expected = "state=running\ncreated=2016-01-25 16:43:00 +0000 UTC\nstarted=2016-01-25 16:43:00 +0000 UTC\n"
                + "networks=\npid=42\nexited=false\n";
        Harness.Result healthy = h.run("status", "5bc0");
        assertEquals(expected, healthy.out());
        assertEquals("", healthy.err());
        assertEquals(List.of("check-network " + POD), h.pods.calls);

        h.pods.networkProblems = List.of("network default: plugin ptp CHECK failed: link not found (code 999)",
                "network lan: namespace /run/netns/rkt-" + POD + " is gone");
        Harness.Result broken = h.run("status", "5bc0");
        assertEquals(0, broken.status());
        assertEquals(expected, broken.out());
        assertEquals("rkt: network default: plugin ptp CHECK failed: link not found (code 999)\n"
                + "rkt: network lan: namespace /run/netns/rkt-" + POD + " is gone\n", broken.err());
        Harness.Result json = h.run("status", "--format=json", "5bc0");
        assertEquals(0, json.status());
        assertTrue(json.out().startsWith("{\"name\":\"" + POD + "\",\"state\":\"running\""), json.out());
        assertEquals(2, json.err().lines().count(), json.err());

        h.pods.calls.clear();
        h.euid = 1000;
        Harness.Result unprivileged = h.run("status", "5bc0");
        assertEquals(expected, unprivileged.out());
        assertEquals("", unprivileged.err(), "only root can enter the pod's namespace");
        assertEquals(List.of(), h.pods.calls);
    }

    @Test
    void statusOfAPodThatIsNotRunningChecksNothing() {
        h.pods.pods.add(pod(PodState.EXITED, List.of(app("web", 0))));
        h.pods.networkProblems = List.of("network default: should not be asked");
        Harness.Result r = h.run("status", "5bc0");
        assertEquals("", r.err());
        assertEquals(List.of(), h.pods.calls);
    }

    @Test
    void statusWaitThatTimesOutIsAnError() {
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("web", null))));
        assertOneErrorLine(h.run("status", "--wait=1s", "5bc0"), "error waiting for pod " + POD + " to finish: timed out after 1s");
    }

    @Test
    void statusReadsTheUuidFile(@TempDir Path tmp) throws Exception {
        h.pods.pods.add(pod(PodState.PREPARED, List.of()));
        Path f = tmp.resolve("uuid");
        Files.writeString(f, POD + "\n");
        assertEquals("state=prepared\ncreated=2016-01-25 16:43:00 +0000 UTC\n", h.run("status", "--uuid-file", f.toString()).out());
    }

    @Test
    void stopPrintsQuotedUuidsAndReportsEachFailure() {
        UUID other = UUID.fromString("3089337c-4821-419b-9ea0-879a7c694de4");
        UUID prepared = UUID.fromString("66ceb509-1111-4222-8333-444455556666");
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("web", null))));
        h.pods.pods.add(new PodInfo(other, PodState.EXITED, List.of(), List.of(), Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, 0, "fly"));
        h.pods.pods.add(new PodInfo(prepared, PodState.PREPARED, List.of(), List.of(), Instant.EPOCH, null, null, 0, "fly"));
        Harness.Result r = h.run("stop", "--force", "5bc0", "3089", "66ce");
        assertEquals(254, r.status());
        assertEquals("\"" + POD + "\"\npod \"" + other + "\" is already stopped\n", r.out());
        assertEquals("rkt: pod \"" + prepared + "\" is not running\nrkt: failed to stop 1 pod(s)\n", r.err());
        assertEquals(List.of("stop " + POD + " force"), h.pods.calls);
        assertOneErrorLine(h.run("stop", "66ce"), "pod \"" + prepared + "\" is not running");
    }

    @Test
    void rmAndGcAndCatManifestAndEnter() {
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("web", null))));
        Harness.Result rm = h.run("rm", POD.toString());
        assertEquals("\"" + POD + "\"\n", rm.out());

        Harness.Result gc = h.run("gc", "--grace-period=0s", "--expire-prepared", "1h30m", "--mark-only");
        assertEquals(0, gc.status());
        assertEquals(Duration.ZERO, h.pods.lastGc.gracePeriod());
        assertEquals(Duration.ofMinutes(90), h.pods.lastGc.expirePrepared());
        assertTrue(h.pods.lastGc.markOnly());
        assertEquals("Moving pod \"x\" to garbage\n", gc.err());
        h.run("gc");
        assertEquals(new io.rktj.api.pod.GcOptions(Duration.ofMinutes(30), Duration.ofHours(24), false), h.pods.lastGc);
        assertOneErrorLine(h.run("gc", "--grace-period=30"), "invalid --grace-period \"30\": time: invalid duration \"30\"");

        assertEquals("{\n\t\"acVersion\": \"0.8.11\",\n\t\"acKind\": \"PodManifest\",\n\t\"apps\": []\n}\n",
                h.run("cat-manifest", "5bc0").out());
        assertEquals("{\"acVersion\":\"0.8.11\",\"acKind\":\"PodManifest\",\"apps\":[]}\n",
                h.run("cat-manifest", "--pretty-print=false", "5bc0").out());

        h.pods.exitStatus = 5;
        Harness.Result enter = h.run("enter", "5bc0", "ls", "-l", "--debug");
        assertEquals(5, enter.status());
        assertEquals("enter " + POD + " web [ls, -l, --debug]", h.pods.calls.get(h.pods.calls.size() - 1));
        Harness.Result shell = h.run("enter", "--app=web", "5bc0");
        assertEquals("rkt: no command specified, assuming \"/bin/sh\"\n", shell.err());
        assertEquals("enter " + POD + " web [/bin/sh]", h.pods.calls.get(h.pods.calls.size() - 1));
    }

    @Test
    void enterNeedsARunningPodAndOneApp() {
        h.pods.pods.add(pod(PodState.RUNNING, List.of(app("web", null), app("db", null))));
        assertOneErrorLine(h.run("enter", "5bc0"),
                "pod \"" + POD + "\" contains multiple apps (web, db): specify one with \"rkt enter --app= ...\"");
    }

    /** Serves refs ending in its suffix; records what it was asked. */
    private record SuffixFetcher(String suffix, ImageInfo image, List<String> seen) implements ImageFetcher {
        @Override
        public boolean accepts(String ref) {
            return ref.endsWith(suffix);
        }

        @Override
        public ImageInfo fetch(String ref, ImportOptions options, ImageStore store) {
            seen.add(ref + " " + options.pullPolicy() + " " + options.insecure("image"));
            return image;
        }
    }

    @Test
    void fetchUsesTheFirstFetcherThatAcceptsAndPrintsShortIds() {
        String id = "sha512-" + "ab".repeat(64);
        ImageInfo img = new ImageInfo(id, "example.com/hello", List.of(), Instant.EPOCH, Instant.EPOCH, 1);
        List<String> seen = new java.util.ArrayList<>();
        h.fetchers.add(new SuffixFetcher(".aci", img, seen));
        h.fetchers.add(new SuffixFetcher("", null, seen));
        Harness.Result r = h.run("fetch", "--insecure-options=image", "./hello.aci");
        assertEquals(0, r.status(), r.err());
        assertEquals("sha512-" + "ab".repeat(16) + "\n", r.out());
        assertEquals(List.of("./hello.aci update true"), seen);
        assertEquals(id + "\n", h.run("fetch", "--full", "--pull-policy=new", "./hello.aci").out());
        assertEquals("./hello.aci new false", seen.get(1));

        h.store.images.add(img);
        assertEquals(id + "\n", h.run("fetch", "--full", "sha512-abab").out());
        assertOneErrorLine(h.run("fetch", "sha512-ffff"), "fetch sha512-ffff: no image with this id in the store");
        assertOneErrorLine(h.run("fetch"), "must provide at least one image");
    }

    @Test
    void fetchWithoutAnyFetcherFindsNamesInTheStore() {
        ImageInfo img = new ImageInfo("sha512-" + "cd".repeat(64), "example.com/hello",
                List.of(new io.rktj.api.schema.NameValue("version", "1.0")), Instant.EPOCH, Instant.EPOCH, 1);
        h.store.images.add(img);
        assertEquals(img.id() + "\n", h.run("fetch", "--full", "example.com/hello:1.0").out());
        assertOneErrorLine(h.run("fetch", "./missing.aci"),
                "fetch ./missing.aci: no fetcher accepts this image reference and no image of this name is in the store");
    }

    @Test
    void imageListAndRm() {
        Instant now = Harness.NOW;
        ImageInfo newer = new ImageInfo("sha512-" + "1".repeat(128), "example.com/new", List.of(), now.minusSeconds(60), now, 2048);
        ImageInfo older = new ImageInfo("sha512-" + "2".repeat(128), "example.com/old", List.of(), now.minusSeconds(7200), now, 5);
        h.store.images.add(newer);
        h.store.images.add(older);
        assertEquals("ID\t\t\tNAME\t\tSIZE\tIMPORT TIME\tLAST USED\n"
                + "sha512-222222222222\texample.com/old\t5B\t2 hours ago\tnow\n"
                + "sha512-111111111111\texample.com/new\t2.0KiB\t1 minute ago\tnow\n", h.run("image", "list").out());
        assertEquals("example.com/old\nexample.com/new\n", h.run("image", "list", "--no-legend", "--fields=name").out());
        assertTrue(h.run("image", "list", "--format=json").out().startsWith("[{\"id\":\"sha512-" + "2".repeat(128) + "\""));
        assertOneErrorLine(h.run("image", "list", "--fields=id,colour"),
                "unknown field \"colour\" in --fields: accepted values are id, name, size, importtime, lastused");

        Harness.Result rm = h.run("image", "rm", "sha512-1111", "example.com/old", "example.com/gone");
        assertEquals(254, rm.status());
        assertEquals("successfully removed aci for image: \"" + newer.id() + "\"\n"
                + "successfully removed aci for image: \"" + older.id() + "\"\n", rm.out());
        assertEquals("rkt: cannot find image example.com/gone: no image of this name\n"
                + "rkt: 2 image(s) successfully removed\nrkt: 1 image(s) cannot be removed\n", rm.err());
        assertEquals(List.of(newer.id(), older.id()), h.store.removed);
    }

    @Test
    void globalFlagsAreAcceptedBeforeAndAfterTheCommand() {
        h.flavors.add(new CliContext.FlavorInfo("fly", "0.1.0"));
        String expected = "{\n\t\"stage0\": [\n"
                + "\t\t{\n\t\t\t\"rktVersion\": \"v1\",\n\t\t\t\"rktKind\": \"paths\",\n\t\t\t\"data\": \"/tmp/rkt\",\n"
                + "\t\t\t\"stage1-images\": \"\"\n\t\t},\n"
                + "\t\t{\n\t\t\t\"rktVersion\": \"v1\",\n\t\t\t\"rktKind\": \"stage1\",\n"
                + "\t\t\t\"name\": \"coreos.com/rkt/stage1-fly\",\n\t\t\t\"version\": \"0.1.0\",\n\t\t\t\"location\": \"\"\n"
                + "\t\t}\n\t]\n}\n";
        assertEquals(expected, h.run("config", "--dir", "/tmp/rkt").out());
        assertEquals(expected, h.run("--dir=/tmp/rkt", "config").out());
        assertEquals(0, h.run("--debug", "--local-config", "/etc/x", "image", "list", "--system-config=/usr/x").status());
    }

    @Test
    void versionAndHelpOnEveryCommand() {
        h.flavors.add(new CliContext.FlavorInfo("fly", "0.1.0"));
        Harness.Result v = h.run("version");
        assertTrue(v.out().startsWith("rkt Version: 0.1.0\nappc Version: 0.8.11\n"), v.out());
        assertTrue(v.out().endsWith("Features: +stage1-fly\n"), v.out());
        assertEquals(v.out(), h.run("--version").out());

        CommandLine root = Rkt.commandLine(new Session(h.context(System.out, System.err), new GlobalOptions()));
        List<List<String>> commands = new java.util.ArrayList<>();
        commands.add(List.of());
        root.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) {
                return;
            }
            commands.add(List.of(name));
            sub.getSubcommands().keySet().forEach(n -> commands.add(List.of(name, n)));
        });
        assertTrue(commands.size() >= 16, commands.toString());
        for (List<String> c : commands) {
            List<String> args = new java.util.ArrayList<>(c);
            args.add("--help");
            Harness.Result r = h.run(args.toArray(String[]::new));
            assertEquals(0, r.status(), c + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: rkt"), c + ": " + r.out());
        }
        assertTrue(h.run("run", "--help").out().contains("App flags (after an IMAGE"));
        assertTrue(h.run("help", "status").out().contains("--wait"));
    }

    @Test
    void noCommandShowsHelpAndExits2() {
        Harness.Result r = h.run();
        assertEquals(2, r.status());
        assertEquals("rkt: missing command\n", r.err());
        assertTrue(r.out().contains("Commands:"));
    }
}
