package io.rktj.net.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ExposedPort;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.PodManifest;
import io.rktj.api.schema.Port;
import io.rktj.api.schema.RuntimeApp;
import io.rktj.api.schema.RuntimeImage;

/**
 * The CNI plugin against the real thing: Debian's CNI plugins, ip netns, veths and host-local
 * address files on this machine (as root). Every network the tests make lives in a namespace of
 * its own and on addresses no one else here uses; each test takes down what it made.
 */
class CniNetworksTest {
    @TempDir
    Path tmp;
    private Path netDir;
    private Path ipam;
    private CniNetworkPlugin plugin;
    private PodContext pod;

    @BeforeEach
    void setUp() throws IOException {
        netDir = Files.createDirectories(tmp.resolve("net.d"));
        ipam = Files.createDirectories(tmp.resolve("ipam"));
        plugin = new CniNetworkPlugin(netDir, new CniRunner(CniNetworkPlugin.PLUGIN_PATH), NetNamespaces.system());
        pod = pod();
    }

    @AfterEach
    void tearDown() {
        try {
            plugin.teardown(pod);
        } catch (RuntimeException e) {
            // the test's own assertions say what went wrong
        }
    }

    private PodContext pod() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("pod-" + UUID.randomUUID()));
        return new PodContext(UUID.randomUUID(), new PodLayout(dir), null, Map.of(), Map.of(), null, -1);
    }

    private void conflist(String file, String json) throws IOException {
        Files.writeString(netDir.resolve(file), json.replace('\'', '"').replace("IPAM", ipam.toString()));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    /** The body of a GET, or the error as text (the server may not listen yet). */
    private static String get(String url) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
            c.setConnectTimeout(2000);
            c.setReadTimeout(2000);
            try (java.io.InputStream in = c.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String inPod(PodContext pod, String... cmd) throws Exception {
        String[] full = new String[cmd.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = NetNamespaces.name(pod.uuid());
        System.arraycopy(cmd, 0, full, 4, cmd.length);
        return run(full);
    }

    @Test
    void anOperatorConflistGivesThePodAnAddressTheHostReachesAndTeardownRemovesEverything() throws Exception {
        conflist("10-ptp.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-ptp','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.7.0/24','dataDir':'IPAM'}}]}");

        List<NetworkInfo> nets = plugin.setup(pod, "rktj-test-ptp");

        assertEquals(1, nets.size());
        NetworkInfo n = nets.get(0);
        assertEquals("rktj-test-ptp", n.netName());
        assertEquals("eth0", n.ifName());
        assertTrue(n.ip().startsWith("10.251.7."), n.ip());
        assertEquals("255.255.255.0", n.mask());
        assertTrue(inPod(pod, "ip", "-o", "addr", "show", "eth0").contains(n.ip() + "/24"));
        assertTrue(inPod(pod, "ip", "-o", "link", "show", "lo").contains("UP"), "lo is up");
        assertTrue(run("busybox", "ping", "-c", "1", "-W", "2", n.ip()).contains("1 packets received"), "the host reaches the pod");
        Path netns = Path.of("/run/netns", NetNamespaces.name(pod.uuid()));
        assertTrue(Files.exists(netns));
        assertEquals(netns.toString(), Files.readString(pod.layout().dir().resolve("netns")).strip());
        assertTrue(Files.readString(pod.layout().dir().resolve("net-info.json")).contains("\"result\""));
        assertTrue(Files.exists(ipam.resolve("rktj-test-ptp").resolve(n.ip())), "host-local holds the address");

        plugin.teardown(pod);

        assertFalse(Files.exists(netns), "the namespace is gone");
        assertFalse(Files.exists(ipam.resolve("rktj-test-ptp").resolve(n.ip())), "the address is released");
        assertFalse(Files.exists(pod.layout().dir().resolve("net-info.json")));
        assertFalse(run("ip", "-o", "route").contains(n.ip()), "no host route to the pod is left");
        plugin.teardown(pod); // idempotent
    }

    /** The host ends of the pod's veths, from the recorded results (interfaces outside the pod's namespace). */
    private List<String> hostLinks(PodContext p) throws IOException {
        List<String> links = new ArrayList<>();
        for (JsonNode r : Manifests.readTree(Files.readAllBytes(p.layout().netInfo()))) {
            for (JsonNode i : r.path("result").path("interfaces")) {
                if (!i.has("sandbox")) {
                    links.add(i.path("name").asText());
                }
            }
        }
        return links;
    }

    @Test
    void checkFindsNothingWrongUntilTheHostSideVethIsDeletedAndTeardownStillSucceedsAfter() throws Exception {
        conflist("40-chk.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-chk','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.12.0/24','dataDir':'IPAM'}},"
                + "{'type':'portmap','capabilities':{'portMappings':true}}]}");
        NetworkInfo n = plugin.setup(pod, "rktj-test-chk").get(0);
        assertEquals(List.of(), plugin.check(pod), "right after ADD everything is as it was made");
        List<String> links = hostLinks(pod);
        assertEquals(1, links.size(), links::toString);

        run("ip", "link", "delete", links.get(0));

        List<String> problems = plugin.check(pod);
        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("network rktj-test-chk: plugin ptp CHECK failed: "), problems.get(0));
        assertTrue(problems.get(0).matches(".*\\(code \\d+\\)$"), problems.get(0));
        plugin.teardown(pod);
        assertFalse(Files.exists(Path.of("/run/netns", NetNamespaces.name(pod.uuid()))));
        assertFalse(Files.exists(ipam.resolve("rktj-test-chk").resolve(n.ip())), "the address is released");
        assertEquals(List.of(), plugin.check(pod), "a network taken down has nothing to check");
    }

    @Test
    void networksThatPredateCheckOrDisableItAreNotCheckedButALostNamespaceIsReported() throws Exception {
        conflist("50-old.conf", "{'cniVersion':'0.3.1','name':'rktj-test-old','type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.13.0/24','dataDir':'IPAM'}}");
        conflist("51-off.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-off','disableCheck':true,'plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.14.0/24','dataDir':'IPAM'}}]}");
        plugin.setup(pod, "rktj-test-old,rktj-test-off");
        List<String> links = hostLinks(pod);
        assertEquals(2, links.size(), links::toString);
        for (String l : links) {
            run("ip", "link", "delete", l);
        }
        assertEquals(List.of(), plugin.check(pod), "no CHECK is run, so nothing is reported");

        run("ip", "netns", "delete", NetNamespaces.name(pod.uuid()));
        String gone = "namespace /run/netns/" + NetNamespaces.name(pod.uuid()) + " is gone";
        assertEquals(List.of("network rktj-test-old: " + gone, "network rktj-test-off: " + gone), plugin.check(pod));
        plugin.teardown(pod);
        assertFalse(Files.exists(pod.layout().netInfo()));
    }

    @Test
    void checkNeedsAVersionThatKnowsIt() {
        assertFalse(NetworkConfig.atLeast("0.3.1", 0, 4));
        assertTrue(NetworkConfig.atLeast("0.4.0", 0, 4));
        assertTrue(NetworkConfig.atLeast("1.0.0", 0, 4));
        assertFalse(NetworkConfig.atLeast("bogus", 0, 4));
        assertTrue(NetworkConfig.defaultNetwork().checkable());
    }

    @Test
    void twoNetworksAtOnceGetEth0AndEth1AndArgsReachThePlugins() throws Exception {
        conflist("a.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-a','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.8.0/24','dataDir':'IPAM'}}]}");
        conflist("b.conf", "{'cniVersion':'0.4.0','name':'rktj-test-b','type':'bridge','bridge':'rktjtestbr0',"
                + "'ipam':{'type':'host-local','subnet':'10.251.9.0/24','dataDir':'IPAM'}}");

        List<NetworkInfo> nets = plugin.setup(pod, "rktj-test-a,rktj-test-b:IP=10.251.9.77");

        assertEquals(List.of("eth0", "eth1"), nets.stream().map(NetworkInfo::ifName).toList());
        assertTrue(nets.get(0).ip().startsWith("10.251.8."), nets.get(0).ip());
        assertEquals("10.251.9.77", nets.get(1).ip(), "host-local took the IP from CNI_ARGS");
        assertTrue(inPod(pod, "ip", "-o", "addr").contains("10.251.9.77/24"));
        plugin.teardown(pod);
        assertFalse(Files.exists(ipam.resolve("rktj-test-b").resolve("10.251.9.77")));
        run("ip", "link", "delete", "rktjtestbr0");
    }

    @Test
    void aFailingPluginLeavesNothingConfiguredAndNamesTheNetwork() throws Exception {
        // the address is outside the subnet: host-local refuses it, after ptp had started
        conflist("bad.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-bad','plugins':[{'type':'ptp',"
                + "'ipam':{'type':'host-local','subnet':'10.251.10.0/24','dataDir':'IPAM'}}]}");

        RktException e = assertThrows(RktException.class, () -> plugin.setup(pod, "rktj-test-bad:IP=10.9.9.9"));

        assertTrue(e.getMessage().startsWith("network rktj-test-bad: plugin ptp ADD failed"), e.getMessage());
        assertFalse(Files.exists(Path.of("/run/netns", NetNamespaces.name(pod.uuid()))));
        assertFalse(Files.exists(pod.layout().dir().resolve("net-info.json")));
    }

    @Test
    void unknownNetworksMissingPluginsAndBrokenFilesAreOneLineErrorsBeforeAnythingIsMade() throws Exception {
        RktException unknown = assertThrows(RktException.class, () -> plugin.setup(pod, "nosuchnet"));
        assertTrue(unknown.getMessage().startsWith("network nosuchnet: not found"), unknown.getMessage());

        conflist("missing.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-missing','plugins':[{'type':'no-such-plugin'}]}");
        RktException missing = assertThrows(RktException.class, () -> plugin.setup(pod, "rktj-test-missing"));
        assertTrue(missing.getMessage().contains("CNI plugin \"no-such-plugin\" not found"), missing.getMessage());

        Files.writeString(netDir.resolve("zz-broken.conflist"), "{ not json");
        RktException broken = assertThrows(RktException.class, () -> plugin.setup(pod, "rktj-test-other"));
        assertTrue(broken.getMessage().contains("does not parse"), broken.getMessage());
        assertFalse(Files.exists(Path.of("/run/netns", NetNamespaces.name(pod.uuid()))));
    }

    @Test
    void aPortForwardThroughPortmapReachesAnHttpServerInThePodFromTheHostsLoopback() throws Exception {
        conflist("30-web.conflist", "{'cniVersion':'1.0.0','name':'rktj-test-web','plugins':["
                + "{'type':'bridge','bridge':'rktjtestbr1','isGateway':true,'ipMasq':true,"
                + "'ipam':{'type':'host-local','subnet':'10.251.11.0/24','dataDir':'IPAM','routes':[{'dst':'0.0.0.0/0'}]}},"
                + "{'type':'portmap','capabilities':{'portMappings':true},'snat':true}]}");
        App web = new App(List.of("/bin/httpd"), "0", "0", null, null, null, null, null,
                List.of(new Port("http", "tcp", 80, null, null)), null);
        PodManifest manifest = new PodManifest("0.8.11", "PodManifest",
                List.of(new RuntimeApp("web", new RuntimeImage("example.com/web", "sha512-00", null), web, null, null, null)),
                null, null, null, List.of(new ExposedPort("http", 18481, null, null)), null, null);
        pod = new PodContext(pod.uuid(), pod.layout(), manifest, Map.of(), Map.of(), null, -1);
        Path www = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello through portmap\n");

        plugin.setup(pod, "rktj-test-web");
        Process httpd = new ProcessBuilder("ip", "netns", "exec", NetNamespaces.name(pod.uuid()),
                "busybox", "httpd", "-f", "-p", "80", "-h", www.toString()).start();
        try {
            String body = "";
            for (int i = 0; i < 50 && !body.contains("hello"); i++) {
                Thread.sleep(100);
                body = get("http://127.0.0.1:18481/");
            }
            assertEquals("hello through portmap\n", body);
        } finally {
            httpd.destroy();
            httpd.waitFor();
        }
        plugin.teardown(pod);
        assertFalse(run("iptables", "-t", "nat", "-S").contains(pod.uuid().toString()), "portmap's rules are gone");
        run("ip", "link", "delete", "rktjtestbr1");
    }

    @Test
    void aPortNoAppDeclaresIsRefusedBeforeAnythingIsMade() throws Exception {
        PodManifest manifest = new PodManifest("0.8.11", "PodManifest",
                List.of(new RuntimeApp("web", new RuntimeImage("example.com/web", "sha512-00", null),
                        new App(List.of("/bin/true"), "0", "0", null, null, null, null, null, null, null), null, null, null)),
                null, null, null, List.of(new ExposedPort("http", 18482, null, null)), null, null);
        PodContext p = new PodContext(pod.uuid(), pod.layout(), manifest, Map.of(), Map.of(), null, -1);
        RktException e = assertThrows(RktException.class, () -> plugin.setup(p, "default"));
        assertEquals("port http: no app of the pod declares a port of that name", e.getMessage());
        assertFalse(Files.exists(Path.of("/run/netns", NetNamespaces.name(pod.uuid()))));
    }

    @Test
    void theBuiltInNetworksAreRktsDefaults() {
        NetworkConfig d = NetworkConfig.defaultNetwork();
        assertEquals("ptp", d.plugins().get(0).path("type").asText());
        assertTrue(d.plugins().get(0).path("ipMasq").asBoolean());
        assertEquals("172.16.28.0/24", d.plugins().get(0).path("ipam").path("subnet").asText());
        assertEquals("0.0.0.0/0", d.plugins().get(0).path("ipam").path("routes").get(0).path("dst").asText());
        NetworkConfig r = NetworkConfig.defaultRestricted();
        assertFalse(r.plugins().get(0).path("ipMasq").asBoolean());
        assertEquals("172.31.0.0/16", r.plugins().get(0).path("ipam").path("subnet").asText());
        assertTrue(r.plugins().get(0).path("ipam").path("routes").isMissingNode());
        assertNotNull(NetworkConfig.find("default", Path.of("/nonexistent")).orElse(null));
    }

    @Test
    void netSpecsParseLikeRkts() {
        List<NetSpec> s = NetSpec.parse("a,b:IP=1.2.3.4;X=y");
        assertEquals("a", s.get(0).name());
        assertEquals("IgnoreUnknown=1;IP=1.2.3.4;X=y", s.get(1).cniArgs());
        assertThrows(RktException.class, () -> NetSpec.parse("a,a"));
        assertThrows(RktException.class, () -> NetSpec.parse("a:novalue"));
    }

    @Test
    void noneIsANamespaceWithLoopbackOnlyThatTeardownRemoves() throws Exception {
        LoopbackNetworkPlugin none = new LoopbackNetworkPlugin(NetNamespaces.system());
        assertTrue(none.setup(pod, "none").isEmpty());
        Path netns = Path.of("/run/netns", NetNamespaces.name(pod.uuid()));
        assertTrue(Files.exists(netns));
        assertEquals(netns.toString(), Files.readString(pod.layout().netns()).strip());
        String links = inPod(pod, "ip", "-o", "link");
        assertTrue(links.contains("lo:") && links.contains("UP"), links);
        assertEquals(1, links.strip().split("\n").length, links);
        assertEquals(List.of(), none.check(pod));
        run("ip", "netns", "delete", NetNamespaces.name(pod.uuid()));
        assertEquals(List.of("network none: namespace " + netns + " is gone"), none.check(pod));
        none.teardown(pod);
        assertFalse(Files.exists(netns));
        assertFalse(Files.exists(pod.layout().netns()));
        none.teardown(pod);
        assertThrows(RktException.class, () -> none.setup(pod, "none,default"));
    }

    @Test
    void recordsCarryRktsNetinfoFields() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode result = f.objectNode();
        result.putArray("ips").addObject().put("address", "10.1.2.3/22");
        assertEquals(new PodNetworks.Address("10.1.2.3", "255.255.252.0"), PodNetworks.firstAddress(result));
        ObjectNode v6 = f.objectNode();
        v6.putArray("ips").addObject().put("address", "2001:db8::5/64");
        assertEquals(new PodNetworks.Address("2001:db8::5", "64"), PodNetworks.firstAddress(v6));
        assertEquals("IP=10.1.2.3", PodNetworks.userArgs("IgnoreUnknown=1;IP=10.1.2.3"));
        assertEquals("", PodNetworks.userArgs("IgnoreUnknown=1"));
    }
}
