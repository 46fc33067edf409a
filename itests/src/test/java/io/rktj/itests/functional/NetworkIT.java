package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktProcess;
import io.rktj.itests.support.RktResult;

/**
 * Pod networking through bin/rkt with the real CNI plugins (/usr/lib/cni): rkt's default and
 * default-restricted networks, none and host, the operator's conflists in --local-config/net.d,
 * port forwarding, DNS and hosts options, and teardown after stop, a crash and gc. Operator
 * networks get names, bridges, subnets and host ports drawn at random for each test, and keep
 * their host-local addresses in the test's workspace, so concurrent runs do not collide.
 */
class NetworkIT extends FunctionalTest {
    private static final Pattern APP_LINE = Pattern.compile("^\\[\\s*\\d+\\.\\d{6}\\] ([a-z0-9-]+)\\[\\d+\\]: (.*)$");

    private Path localConfig;
    private Path ipam;
    private String tag;
    private int octet;
    private final List<String> bridges = new ArrayList<>();

    @BeforeEach
    void networks() throws IOException {
        localConfig = Files.createDirectories(ws.file("etc-rkt").resolve("net.d")).getParent();
        ipam = Files.createDirectories(ws.file("ipam"));
        tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        octet = ThreadLocalRandom.current().nextInt(16, 240);
    }

    /** Pods left running are stopped (so the workspace's gc takes their networks down); bridges go. */
    @AfterEach
    void removeLeftovers() {
        for (Path pod : ws.pods("run")) {
            rkt.run("stop", "--force", pod.getFileName().toString());
        }
        rkt.run("gc", "--grace-period=0s");
        for (String b : bridges) {
            host("ip", "link", "delete", b);
        }
    }

    // ---- helpers -------------------------------------------------------------------------

    /** A subnet of this test: 10.OCTET.N.0/24. */
    private String subnet(int n) {
        return "10." + octet + "." + n + ".0/24";
    }

    private String prefix(int n) {
        return "10." + octet + "." + n + ".";
    }

    private String bridge(String suffix) {
        String b = "rkb" + tag + suffix;
        bridges.add(b);
        return b;
    }

    private String netName(String suffix) {
        return "rktjit-" + tag + "-" + suffix;
    }

    private void conflist(String file, String json) {
        try {
            Files.writeString(localConfig.resolve("net.d").resolve(file), json.replace('\'', '"').replace("IPAM", ipam.toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bridge network with host-local addresses in the workspace; {@code extra} is more plugins. */
    private String bridgeNet(String suffix, int n, String extra) {
        String name = netName(suffix);
        conflist("10-" + suffix + ".conflist", "{'cniVersion':'1.0.0','name':'" + name + "','plugins':["
                + "{'type':'bridge','bridge':'" + bridge(suffix) + "','isGateway':true,'ipMasq':false,"
                + "'ipam':{'type':'host-local','subnet':'" + subnet(n) + "','dataDir':'IPAM'}}" + extra + "]}");
        return name;
    }

    private String[] withConfig(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--local-config=" + localConfig;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    private Path sh(String name, String script) {
        return image(name, AciBuilder.busybox("example.com/" + name).exec("/bin/sh", "-c", script));
    }

    private static List<String> output(String stdout, String app) {
        List<String> out = new ArrayList<>();
        for (String line : stdout.split("\r?\n")) {
            Matcher m = APP_LINE.matcher(line);
            if (m.matches() && m.group(1).equals(app)) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    private static String host(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    private static boolean netnsExists(String uuid) {
        return host("ip", "netns", "list").contains("rkt-" + uuid) || Files.exists(Path.of("/run/netns", "rkt-" + uuid));
    }

    private Path podDir(String uuid) {
        for (String state : List.of("run", "exited-garbage")) {
            Path p = ws.dataDir().resolve("pods").resolve(state).resolve(uuid);
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return fail("no pod directory for " + uuid + " in " + ws.allPods());
    }

    /** What a pod's network holds on the host: its host-side interfaces and its address reservations. */
    private record Held(String uuid, List<String> links, List<Path> reservations) {
    }

    private Held held(String uuid) {
        JsonNode records;
        try {
            records = JSON.readTree(podDir(uuid).resolve("net-info.json").toFile());
        } catch (IOException e) {
            throw new AssertionError("no net-info.json for " + uuid, e);
        }
        List<String> links = new ArrayList<>();
        List<Path> reservations = new ArrayList<>();
        for (JsonNode r : records) {
            JsonNode result = r.path("result");
            for (JsonNode i : result.path("interfaces")) {
                String name = i.path("name").asText();
                // the pod's own interface is in its namespace; a bridge outlives its pods
                if (!i.has("sandbox") && !bridges.contains(name)) {
                    links.add(name);
                }
            }
            String ip = r.path("ip").asText();
            String net = r.path("netName").asText();
            Path dir = net.startsWith("rktjit-") ? ipam.resolve(net) : Path.of("/var/lib/cni/networks", net);
            reservations.add(dir.resolve(ip));
        }
        assertFalse(records.isEmpty(), "no networks recorded for " + uuid);
        for (String l : links) {
            assertTrue(linkExists(l), () -> "host interface " + l + " is missing while the pod has its network");
        }
        for (Path p : reservations) {
            assertTrue(reservedBy(p, uuid), () -> p + " does not hold the pod's address");
        }
        return new Held(uuid, links, reservations);
    }

    /** host-local's reservation file holds the container id (the pod's UUID). */
    private static boolean reservedBy(Path file, String uuid) {
        try {
            return Files.exists(file) && Files.readString(file).contains(uuid);
        } catch (IOException e) {
            return false;
        }
    }

    private void assertReleased(Held h) {
        assertFalse(netnsExists(h.uuid()), () -> "network namespace rkt-" + h.uuid() + " left behind");
        for (String l : h.links()) {
            assertFalse(linkExists(l), () -> "host interface " + l + " left behind");
        }
        for (Path p : h.reservations()) {
            assertFalse(reservedBy(p, h.uuid()), () -> "address " + p.getFileName() + " still reserved for the pod");
        }
    }

    private void awaitExited(String uuid) {
        for (int i = 0; i < 300; i++) {
            if ("exited".equals(status(uuid).get("state"))) {
                return;
            }
            sleep(100);
        }
        fail("pod " + uuid + " did not exit: " + status(uuid));
    }

    private static void awaitOutput(RktProcess pod, String app, String text) {
        for (int i = 0; i < 600; i++) {
            if (output(RktProcessOutput.stdout(pod), app).contains(text)) {
                return;
            }
            if (!pod.isAlive()) {
                break;
            }
            sleep(100);
        }
        fail("no line " + app + ": " + text + "\n" + pod.describe());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The stdout part of {@link RktProcess#describe()}. */
    private static final class RktProcessOutput {
        static String stdout(RktProcess p) {
            String d = p.describe();
            int from = d.indexOf("--- stdout ---\n");
            int to = d.indexOf("\n--- stderr ---\n");
            return from < 0 || to < 0 ? d : d.substring(from + 15, to);
        }
    }

    /** Waits until the pod runs; on failure says what rkt run printed. */
    private String awaitPod(Path uuidFile, RktProcess pod) {
        String uuid = awaitUuidFile(uuidFile, pod);
        try {
            awaitRunning(uuid, pod);
        } catch (AssertionError e) {
            sleep(500);
            throw new AssertionError(e.getMessage() + "\n" + pod.describe(), e);
        }
        return uuid;
    }

    private RktProcess startPod(Path uuidFile, String... args) {
        List<String> all = new ArrayList<>(List.of(withConfig(INSECURE, "run", "--uuid-file-save=" + uuidFile)));
        all.addAll(List.of(args));
        return ws.start(rkt.call(all.toArray(String[]::new)));
    }

    // ---- the network kinds -----------------------------------------------------------------

    @Test
    void theDefaultNetworkIsAPtpLinkWithAnAddressFromRktsRangeAndADefaultRoute() {
        Path img = sh("probe", "ip -4 -o addr show eth0; ip route; ls /sys/class/net");
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(0, r);
        String uuid = uuidFrom(uuidFile, r);
        List<String> out = output(r.stdout(), "probe");
        assertTrue(out.stream().anyMatch(l -> l.matches(".*eth0\\s+inet 172\\.16\\.28\\.\\d+/24 .*")), r::describe);
        assertTrue(out.contains("default via 172.16.28.1 dev eth0 "), r::describe);
        assertTrue(out.containsAll(List.of("eth0", "lo")), r::describe);
        Map<String, String> status = status(uuid);
        assertTrue(status.get("networks").matches("default:ip4=172\\.16\\.28\\.\\d+"), status::toString);
        JsonNode nets = json(rkt.run("status", "--format=json", uuid)).path("networks");
        assertEquals("default", nets.get(0).path("netName").asText(), nets::toString);
        assertEquals("eth0", nets.get(0).path("ifName").asText(), nets::toString);
        assertEquals("255.255.255.0", nets.get(0).path("mask").asText(), nets::toString);
        assertEquals(status.get("networks"), "default:ip4=" + nets.get(0).path("ip").asText());
        // rkt keeps an exited pod's network until gc
        Held held = held(uuid);
        assertTrue(netnsExists(uuid));

        assertExit(0, rkt.run("gc", "--grace-period=0s"));

        assertReleased(held);
        assertEquals("[]", ws.allPods().toString());
    }

    @Test
    void defaultRestrictedHasNoDefaultRouteAndNoneOnlyLoopback() {
        Path img = sh("probe", "ip -4 -o addr show eth0; ip route; ls /sys/class/net");
        Path uuidFile = ws.file("uuid");

        RktResult restricted = rkt.run(INSECURE, "run", "--net=default-restricted", "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(0, restricted);
        List<String> out = output(restricted.stdout(), "probe");
        assertTrue(out.stream().anyMatch(l -> l.matches(".*eth0\\s+inet 172\\.31\\.\\d+\\.\\d+/16 .*")), restricted::describe);
        assertFalse(out.stream().anyMatch(l -> l.startsWith("default")), restricted::describe);
        String uuid = uuidFrom(uuidFile, restricted);
        assertTrue(status(uuid).get("networks").startsWith("default-restricted:ip4=172.31."));
        Held held = held(uuid);

        Path uuidFile2 = ws.file("uuid2");
        RktResult none = rkt.run(INSECURE, "run", "--net=none", "--uuid-file-save=" + uuidFile2, img.toString());
        assertExit(0, none);
        assertEquals(List.of("lo"), output(none.stdout(), "probe").stream().filter(l -> !l.contains(" ")).toList(), none::describe);
        String uuid2 = uuidFrom(uuidFile2, none);
        assertEquals("", status(uuid2).get("networks"));
        assertTrue(netnsExists(uuid2), "--net=none has a namespace of its own");

        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertReleased(held);
        assertFalse(netnsExists(uuid2));
    }

    @Test
    void hostSharesTheHostsInterfacesAndMakesNoNamespace() throws IOException {
        Path img = sh("probe", "ls /sys/class/net");
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", "--net=host", "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(0, r);
        String uuid = uuidFrom(uuidFile, r);
        List<String> hostIfs;
        try (var s = Files.list(Path.of("/sys/class/net"))) {
            hostIfs = s.map(p -> p.getFileName().toString()).toList();
        }
        // other tests may add or remove links meanwhile: lo and the uplinks are stable enough
        assertTrue(output(r.stdout(), "probe").contains("lo"), r::describe);
        assertTrue(output(r.stdout(), "probe").size() > 1 || hostIfs.size() == 1, r::describe);
        assertFalse(netnsExists(uuid));
        assertFalse(Files.exists(podDir(uuid).resolve("netns")));
        assertEquals("", status(uuid).get("networks"));
    }

    @Test
    void statusChecksARunningPodsNetworkAndNamesTheNetworkOnceItsVethIsGone() {
        Path img = sh("idle", "echo up; sleep 300");
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(uuidFile, img.toString());
        String uuid = awaitPod(uuidFile, pod);
        awaitOutput(pod, "idle", "up");
        Held held = held(uuid);
        assertEquals(1, held.links().size(), held::toString);

        RktResult healthy = rkt.run("status", uuid);
        assertExit(0, healthy);
        assertEquals(List.of(), healthy.stderrLines(), healthy::describe);
        assertTrue(healthy.stdoutLines().contains("state=running"), healthy::describe);

        // only this pod's host-side veth: its peer, the pod's eth0, goes with it
        host("ip", "link", "delete", held.links().get(0));

        RktResult broken = rkt.run("status", uuid);
        assertExit(0, broken);
        assertEquals(healthy.stdout(), broken.stdout(), "the output is the pod's state, whatever the check finds");
        assertEquals(1, broken.stderrLines().size(), broken::describe);
        assertTrue(broken.stderrLines().get(0).startsWith("rkt: network default: plugin ptp CHECK failed: "), broken::describe);
        RktResult json = rkt.run("status", "--format=json", uuid);
        assertExit(0, json);
        assertEquals("running", json(json).path("state").asText(), json::describe);
        assertEquals(broken.stderrLines(), json.stderrLines());

        assertExit(0, rkt.run("stop", uuid));
        assertNotNull(pod.await(Duration.ofSeconds(60)), pod::describe);
        assertReleased(held);
        RktResult exited = rkt.run("status", uuid);
        assertTrue(exited.stdoutLines().contains("state=exited"), exited::describe);
        assertEquals(List.of(), exited.stderrLines(), "an exited pod is not checked");
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertEquals("[]", ws.allPods().toString());
    }

    // ---- operator networks -------------------------------------------------------------------

    @Test
    void anOperatorConflistWithPortmapForwardsAHostPortToAnHttpServerInThePod() throws Exception {
        int hostPort = ThreadLocalRandom.current().nextInt(20000, 30000);
        String web = bridgeNet("web", 1, ",{'type':'portmap','capabilities':{'portMappings':true},'snat':true}");
        Path img = image("web", AciBuilder.busybox("example.com/web")
                .exec("/bin/busybox", "httpd", "-f", "-v", "-p", "80", "-h", "/www")
                .appField("ports", List.of(Map.of("name", "http", "protocol", "tcp", "port", 80)))
                .file("/www/index.html", "hello through the pod's port\n"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(uuidFile, "--net=" + web, "--port=http:" + hostPort, img.toString());
        String uuid = awaitPod(uuidFile, pod);
        assertTrue(status(uuid).get("networks").startsWith(web + ":ip4=" + prefix(1)), () -> status(uuid).toString());
        Held held = held(uuid);

        String body = get("http://127.0.0.1:" + hostPort + "/index.html");
        assertEquals("hello through the pod's port\n", body, pod::describe);
        assertTrue(host("iptables", "-t", "nat", "-S").contains(uuid), "portmap's rules name the pod");

        assertExit(0, rkt.run("stop", uuid));
        assertNotNull(pod.await(Duration.ofSeconds(60)), pod::describe);
        // stop takes the network down as soon as the pod has ended: the port is free again
        assertReleased(held);
        assertFalse(host("iptables", "-t", "nat", "-S").contains(uuid), "portmap's rules are gone");
        assertEquals("", status(uuid).get("networks"));
    }

    @Test
    void theDefaultNetworkForwardsAPortAsRktsDid() throws Exception {
        int hostPort = ThreadLocalRandom.current().nextInt(30000, 40000);
        Path img = image("web", AciBuilder.busybox("example.com/web")
                .exec("/bin/busybox", "httpd", "-f", "-v", "-p", "80", "-h", "/www")
                .appField("ports", List.of(Map.of("name", "http", "protocol", "tcp", "port", 80)))
                .file("/www/index.html", "hello through the default network\n"));
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(uuidFile, "--port=http:" + hostPort, img.toString());
        String uuid = awaitPod(uuidFile, pod);
        assertTrue(status(uuid).get("networks").startsWith("default:ip4=172.16.28."), () -> status(uuid).toString());

        assertEquals("hello through the default network\n", get("http://127.0.0.1:" + hostPort + "/index.html"),
                pod::describe);
        assertTrue(host("iptables", "-t", "nat", "-S").contains(uuid), "portmap's rules name the pod");

        assertExit(0, rkt.run("stop", uuid));
        assertNotNull(pod.await(Duration.ofSeconds(60)), pod::describe);
        assertFalse(host("iptables", "-t", "nat", "-S").contains(uuid), "portmap's rules are gone");
        assertFalse(netnsExists(uuid), "the namespace is gone");
    }

    /** An HTTP GET from the host with Java's client (busybox wget crashes on this host); retried until the server listens. */
    private static String get(String url) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String last = "";
        for (int i = 0; i < 100; i++) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return r.body();
            } catch (IOException e) {
                last = e.toString();
                Thread.sleep(200);
            }
        }
        return "no answer from " + url + ": " + last;
    }

    @Test
    void twoNetworksAtOnceAndAPodPingsAnotherOnTheSameNetwork() {
        String lan = bridgeNet("lan", 2, "");
        String side = netName("side");
        conflist("20-side.conflist", "{'cniVersion':'1.0.0','name':'" + side + "','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'" + subnet(3) + "','dataDir':'IPAM'}}]}");
        Path server = sh("server", "ip -4 -o addr; echo up; sleep 120");
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(uuidFile, "--net=" + lan + "," + side + ":IgnoreUnknown=1", server.toString());
        String uuid = awaitPod(uuidFile, pod);
        awaitOutput(pod, "server", "up");
        List<String> addrs = output(RktProcessOutput.stdout(pod), "server");
        assertTrue(addrs.stream().anyMatch(l -> l.matches(".*eth0\\s+inet " + Pattern.quote(prefix(2)) + "\\d+/24 .*")), pod::describe);
        assertTrue(addrs.stream().anyMatch(l -> l.matches(".*eth1\\s+inet " + Pattern.quote(prefix(3)) + "\\d+/24 .*")), pod::describe);
        JsonNode nets = json(rkt.run("list", "--format=json")).get(0).path("networks");
        assertEquals(2, nets.size(), nets::toString);
        assertEquals(lan, nets.get(0).path("netName").asText());
        assertEquals(side, nets.get(1).path("netName").asText());
        assertEquals("eth1", nets.get(1).path("ifName").asText());
        assertEquals("IgnoreUnknown=1", nets.get(1).path("args").asText());
        String serverIp = nets.get(0).path("ip").asText();
        assertTrue(rkt.run("list", "--no-legend").stdout().contains(lan + ":ip4=" + serverIp + ", " + side + ":ip4="));
        Held held = held(uuid);

        Path client = sh("client", "ping -c 2 -W 3 " + serverIp + " >/dev/null && echo reached || echo unreachable");
        RktResult ping = rkt.run(withConfig(INSECURE, "run", "--net=" + lan, client.toString()));
        assertExit(0, ping);
        assertEquals(List.of("reached"), output(ping.stdout(), "client"), ping::describe);

        // a crash: the supervisor and everything below it killed at once; gc takes the network down
        pod.kill();
        awaitExited(uuid);
        assertTrue(netnsExists(uuid), "a crashed pod keeps its network until gc");
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertReleased(held);
    }

    @Test
    void killingTheSupervisorLeavesThePodRunningAndStopThenReleasesItsNetwork() {
        String lan = bridgeNet("kill", 4, "");
        Path img = sh("survivor", "echo up; sleep 300");
        Path uuidFile = ws.file("uuid");
        RktProcess pod = startPod(uuidFile, "--net=" + lan, img.toString());
        String uuid = awaitPod(uuidFile, pod);
        awaitOutput(pod, "survivor", "up");
        Held held = held(uuid);

        ProcessHandle.of(pod.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertNotNull(pod.await(Duration.ofSeconds(10)));
        assertEquals("running", status(uuid).get("state"));
        assertTrue(netnsExists(uuid));

        assertExit(0, rkt.run("stop", uuid));
        awaitExited(uuid);
        assertReleased(held);
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
        assertEquals("[]", ws.allPods().toString());
    }

    @Test
    void gcFinishesATeardownThatWasInterrupted() {
        String lan = bridgeNet("gc", 5, "");
        Path img = sh("brief", "echo brief");
        Path uuidFile = ws.file("uuid");
        RktResult r = rkt.run(withConfig(INSECURE, "run", "--net=" + lan, "--uuid-file-save=" + uuidFile, img.toString()));
        assertExit(0, r);
        String uuid = uuidFrom(uuidFile, r);
        Held held = held(uuid);
        // an earlier teardown got as far as removing the namespace, then stopped
        host("ip", "netns", "delete", "rkt-" + uuid);

        assertExit(0, rkt.run("gc", "--grace-period=0s"));

        assertReleased(held);
        assertEquals("[]", ws.allPods().toString());
        assertExit(0, rkt.run("gc", "--grace-period=0s"));
    }

    // ---- DNS and hosts -------------------------------------------------------------------------

    @Test
    void dnsFlagsAndHostsEntriesReachEveryAppsEtcFiles() {
        Path img = sh("names", "cat /etc/resolv.conf; echo ---; cat /etc/hosts");

        RktResult r = rkt.run(INSECURE, "run", "--net=none", "--hostname=netpod", "--dns=192.0.2.53", "--dns=192.0.2.54",
                "--dns-search=example.test", "--dns-search=corp.test", "--dns-opt=ndots:2", "--dns-opt=timeout:3",
                "--dns-domain=example.test", "--hosts-entry=192.0.2.10=db.example.test", "--hosts-entry=192.0.2.10=db",
                "--hosts-entry=192.0.2.11=cache", img.toString());

        assertExit(0, r);
        List<String> out = output(r.stdout(), "names");
        int sep = out.indexOf("---");
        assertEquals(List.of("# Generated by rkt run", "", "search example.test corp.test", "nameserver 192.0.2.53",
                "nameserver 192.0.2.54", "options ndots:2 timeout:3", "domain example.test"), out.subList(0, sep), r::describe);
        List<String> hosts = out.subList(sep + 1, out.size());
        assertTrue(hosts.contains("127.0.0.1\tlocalhost localhost.localdomain netpod"), r::describe);
        assertTrue(hosts.contains("192.0.2.10\tdb.example.test db"), r::describe);
        assertTrue(hosts.contains("192.0.2.11\tcache"), r::describe);
    }

    @Test
    void aNetworksDnsBecomesResolvConfUnlessDnsSaysOtherwise() throws IOException {
        String name = netName("dns");
        conflist("10-dns.conflist", "{'cniVersion':'1.0.0','name':'" + name + "','plugins':[{'type':'bridge','bridge':'"
                + bridge("dns") + "','isGateway':true,'ipam':{'type':'host-local','subnet':'" + subnet(6) + "','dataDir':'IPAM'},"
                + "'dns':{'nameservers':['192.0.2.99'],'search':['pods.test']}}]}");
        Path img = image("names", AciBuilder.busybox("example.com/names").exec("/bin/sh", "-c", "cat /etc/resolv.conf")
                .file("/etc/resolv.conf", "nameserver 198.51.100.1\n"));

        RktResult fromNet = rkt.run(withConfig(INSECURE, "run", "--net=" + name, img.toString()));
        assertExit(0, fromNet);
        assertEquals(List.of("# Generated by rkt from network " + name, "", "search pods.test", "nameserver 192.0.2.99"),
                output(fromNet.stdout(), "names"), fromNet::describe);

        RktResult none = rkt.run(withConfig(INSECURE, "run", "--net=" + name, "--dns=none", img.toString()));
        assertExit(0, none);
        assertEquals(List.of("nameserver 198.51.100.1"), output(none.stdout(), "names"), none::describe);

        RktResult hostDns = rkt.run(withConfig(INSECURE, "run", "--net=" + name, "--dns=host", img.toString()));
        assertExit(0, hostDns);
        List<String> hostLines = Files.readAllLines(Path.of("/etc/resolv.conf")).stream().filter(l -> !l.isBlank()).toList();
        assertEquals(hostLines, output(hostDns.stdout(), "names").stream().filter(l -> !l.isBlank()).toList(), hostDns::describe);
    }

    @Test
    void flyPodsShareTheHostsNetworkWhateverNetSaysButGetTheDnsFiles() {
        Path img = sh("flyprobe", "cat /etc/resolv.conf /etc/hosts; readlink /proc/self/ns/net");
        Path uuidFile = ws.file("uuid");

        RktResult r = rkt.run(INSECURE, "run", FLY, "--net=default", "--dns=192.0.2.7", "--hosts-entry=192.0.2.8=flyhost",
                "--uuid-file-save=" + uuidFile, img.toString());

        assertExit(0, r);
        String uuid = uuidFrom(uuidFile, r);
        assertTrue(r.stdoutLines().contains("nameserver 192.0.2.7"), r::describe);
        assertTrue(r.stdoutLines().contains("192.0.2.8\tflyhost"), r::describe);
        assertTrue(r.stdoutLines().contains(host("readlink", "/proc/self/ns/net").strip()), r::describe);
        assertFalse(netnsExists(uuid));
        assertEquals("", status(uuid).get("networks"));
    }

    // ---- bad input ---------------------------------------------------------------------------

    private int calls;

    /** rkt ARGS with --uuid-file-save, so that a pod that was created before the refusal can be checked for leftovers. */
    private RktResult runSaving(String... args) {
        Path uuidFile = ws.file("uuid-bad-" + (++calls));
        List<String> all = new ArrayList<>(List.of(args));
        all.add(all.indexOf("run") + 1, "--uuid-file-save=" + uuidFile);
        RktResult r = rkt.run(all.toArray(String[]::new));
        if (Files.exists(uuidFile)) {
            String uuid = uuidFrom(uuidFile, r);
            assertFalse(netnsExists(uuid), () -> "network namespace of refused pod " + uuid + " left behind");
        }
        return r;
    }

    private void assertRejected(RktResult r, String... phrases) {
        assertExit(254, r);
        assertEquals(1, r.stderrLines().size(), () -> "stderr must be one line\n" + r.describe());
        assertTrue(r.stderrLines().get(0).startsWith("rkt: "), r::describe);
        for (String p : phrases) {
            assertTrue(r.stderrLines().get(0).contains(p), () -> "no \"" + p + "\" in\n" + r.describe());
        }
        assertEquals(List.of(), ws.pods("embryo"));
        assertEquals(List.of(), ws.pods("prepare"));
        assertEquals(List.of(), ws.pods("run"));
    }

    @Test
    void badNetworksAreRefusedWithOneLineAndLeaveNothing() throws IOException {
        Path img = sh("app", "echo should-not-run");

        assertRejected(runSaving(withConfig(INSECURE, "run", "--net=" + netName("nosuch"), img.toString())),
                "network " + netName("nosuch"), "not found");

        Files.writeString(localConfig.resolve("net.d/50-broken.conflist"), "{ \"cniVersion\": \"1.0.0\", \"name\": ");
        assertRejected(runSaving(withConfig(INSECURE, "run", "--net=" + netName("broken"), img.toString())),
                "50-broken.conflist", "does not parse");

        conflist("60-missing.conflist", "{'cniVersion':'1.0.0','name':'" + netName("missing") + "','plugins':[{'type':'rktj-no-such-plugin'}]}");
        assertRejected(runSaving(withConfig(INSECURE, "run", "--net=" + netName("missing"), img.toString())),
                "network " + netName("missing"), "rktj-no-such-plugin", "not found");

        // ADD succeeds for ptp, then tuning fails: the pod does not start and ptp's veth and address are undone
        String failing = netName("fail");
        conflist("70-fail.conflist", "{'cniVersion':'1.0.0','name':'" + failing + "','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'" + subnet(7) + "','dataDir':'IPAM'}},"
                + "{'type':'tuning','sysctl':{'net.ipv4.conf.eth0.rktj_no_such_sysctl':'1'}}]}");
        Path uuidFile = ws.file("uuid-fail");
        RktResult fails = rkt.run(withConfig(INSECURE, "run", "--net=" + failing, "--uuid-file-save=" + uuidFile, img.toString()));
        assertRejected(fails, "network " + failing, "tuning");
        assertFalse(fails.stdout().contains("should-not-run"), fails::describe);
        String failedUuid = uuidFrom(uuidFile, fails);
        assertFalse(netnsExists(failedUuid));
        try (var s = Files.list(Files.createDirectories(ipam.resolve(failing)))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().startsWith(prefix(7))), "the address was released");
        }

        // every address of the range taken: host-local's error names the network
        String full = netName("full");
        conflist("80-full.conflist", "{'cniVersion':'1.0.0','name':'" + full + "','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','ranges':[[{'subnet':'" + subnet(8) + "','rangeStart':'" + prefix(8) + "5',"
                + "'rangeEnd':'" + prefix(8) + "5'}]],'dataDir':'IPAM'}}]}");
        Files.writeString(Files.createDirectories(ipam.resolve(full)).resolve(prefix(8) + "5"), "someone-else\neth0");
        assertRejected(runSaving(withConfig(INSECURE, "run", "--net=" + full, img.toString())),
                "network " + full, "no IP addresses available");

        assertRejected(runSaving(INSECURE, "run", "--port=http:18080", img.toString()),
                "port name \"http\" is not defined by any apps");
        assertRejected(runSaving(INSECURE, "run", "--net=host", "--port=http:18080", img.toString()),
                "--port flag does not work with 'host' networking");
        assertRejected(runSaving(INSECURE, "run", "--net=none", "--port=http:18080", img.toString()),
                "--port flag does not work with 'none' networking");
        assertRejected(runSaving(INSECURE, "run", "--dns=host", "--dns-search=x.test", img.toString()),
                "cannot call --dns-opt, --dns-search, or --dns-domain with --dns=host");
        assertRejected(runSaving(INSECURE, "run", "--hosts-entry=not-an-ip=foo", img.toString()),
                "invalid IP passed to --hosts-entry");
    }
}
