package io.rktj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.GcOptions;
import io.rktj.api.pod.NetworkInfo;
import io.rktj.api.pod.PodContext;
import io.rktj.api.pod.PodNetwork;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.pod.Stage1Flavor;
import io.rktj.api.schema.ExposedPort;

/** The core gives a namespace flavor's pods their network before run and takes it down after. */
class PodNetworkTest {
    @TempDir
    Path tmp;
    DataDir data;
    TestImageStore store;
    Flavors flavors = new Flavors();
    Networks networks = new Networks();
    TestFlavor netted = new TestFlavor("systemd", "0.1.0");
    TestFlavor fly = new TestFlavor("fly", "0.1.0");
    TestNetwork cni = new TestNetwork("cni");
    TestNetwork none = new TestNetwork("none");
    Stage0 stage0;
    String hello;

    /** Records its calls and writes what net-cni writes: the netns path and net-info.json. */
    static final class TestNetwork implements NetworkPlugin {
        final String mode;
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile RuntimeException failSetup;
        volatile List<String> problems = List.of();

        TestNetwork(String mode) {
            this.mode = mode;
        }

        @Override
        public List<NetworkInfo> setup(PodContext pod, String netSpec) {
            calls.add("setup " + netSpec);
            if (failSetup != null) {
                throw failSetup;
            }
            try {
                Files.writeString(pod.layout().netns(), "/run/netns/rkt-" + pod.uuid() + "\n");
                if (mode.equals("cni")) {
                    Files.writeString(pod.layout().netInfo(), "[{\"netName\":\"" + netSpec + "\",\"netConf\":\"<built-in>\","
                            + "\"pluginPath\":\"/usr/lib/cni\",\"ifName\":\"eth0\",\"ip\":\"172.16.28.9\",\"mask\":\"255.255.255.0\","
                            + "\"args\":\"\",\"result\":{\"cniVersion\":\"1.0.0\",\"dns\":{\"nameservers\":[\"172.16.28.1\"]}}}]");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return PodNet.infos(pod.layout());
        }

        @Override
        public List<String> check(PodContext pod) {
            calls.add("check " + pod.uuid());
            return problems;
        }

        @Override
        public void teardown(PodContext pod) {
            calls.add("teardown " + pod.uuid());
            try {
                Files.deleteIfExists(pod.layout().netns());
                Files.deleteIfExists(pod.layout().netInfo());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void setUp() {
        data = new DataDir(tmp.resolve("rkt"));
        store = new TestImageStore(tmp.resolve("trees"));
        Map<String, Object> props = new HashMap<>(Rig.props("systemd", "0.1.0", 2L));
        props.put(Stage1Flavor.NETWORK_PROPERTY, Stage1Flavor.NETWORK_NAMESPACE);
        flavors.add(netted, props);
        flavors.add(fly, Rig.props("fly", "0.1.0", 1L));
        networks.add(cni, Map.of(NetworkPlugin.NET_PROPERTY, "cni"));
        networks.add(none, Map.of(NetworkPlugin.NET_PROPERTY, new String[] {"none"}));
        stage0 = new Stage0(data, () -> store, List::of, flavors, networks, () -> 0);
        hello = store.addApp("example.com/hello", "/bin/hello");
    }

    private PrepareRequest request(String stage1, String net, List<ExposedPort> ports) {
        RuntimeConfig rc = new RuntimeConfig(Map.of(), Map.of(), null, net, false, false, List.of());
        return new PrepareRequest(List.of(Rig.app(hello)), List.of(), stage1, rc, Set.of(), "new", ports);
    }

    @Test
    void theDefaultNetworkIsMadeBeforeRunAndTheFlavorIsHandedIt() {
        netted.onRun = ctx -> {
            assertEquals(List.of("setup default"), cni.calls);
            assertEquals(PodNetwork.CNI, ctx.network().mode());
            assertEquals(Path.of("/run/netns/rkt-" + ctx.uuid()), ctx.network().netns());
            assertEquals("172.16.28.9", ctx.network().networks().get(0).ip());
            try {
                assertEquals("# Generated by rkt from network default\n\nnameserver 172.16.28.1\n",
                        Files.readString(ctx.layout().resolvConf()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return 0;
        };
        int status = stage0.run(request("systemd", null, List.of()), null);

        assertEquals(0, status);
        UUID uuid = netted.runs.get(0).uuid();
        assertEquals("default", stage0.status(uuid).networks().get(0).netName());
        assertEquals("255.255.255.0", stage0.status(uuid).networks().get(0).mask());

        stage0.gc(new GcOptions(Duration.ZERO, null, false), new PrintStream(new ByteArrayOutputStream()));

        assertEquals(List.of("setup default", "teardown " + uuid), cni.calls);
        assertTrue(data.find(uuid).isEmpty());
    }

    @Test
    void theNetworkIsCheckedOnlyOnceTheFlavorHasStartedThePodAndWhileItRuns() {
        cni.problems = List.of("network default: plugin ptp CHECK failed: link not found (code 999)");
        List<List<String>> seen = new ArrayList<>();
        netted.onRun = ctx -> {
            seen.add(stage0.checkNetwork(ctx.uuid())); // setup done, but the flavor has not started the pod
            try {
                Files.writeString(ctx.layout().ppid(), "4242\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            seen.add(stage0.checkNetwork(ctx.uuid()));
            networks.remove(cni);
            seen.add(stage0.checkNetwork(ctx.uuid()));
            networks.add(cni, Map.of(NetworkPlugin.NET_PROPERTY, "cni"));
            return 0;
        };
        stage0.run(request("systemd", null, List.of()), null);
        UUID uuid = netted.runs.get(0).uuid();

        assertEquals(List.of(), seen.get(0));
        assertEquals(cni.problems, seen.get(1));
        assertEquals(1, seen.get(2).size(), seen::toString);
        assertTrue(seen.get(2).get(0).startsWith("pod " + uuid + ": its network was made by the network plugin \"cni\", which is not installed now"),
                seen.get(2).get(0));
        assertEquals(List.of(), stage0.checkNetwork(uuid), "an exited pod is not checked");
        assertEquals(List.of("setup default", "check " + uuid), cni.calls);
        Stage0 unprivileged = new Stage0(data, () -> store, List::of, flavors, networks, () -> 1000);
        assertThrows(RktException.class, () -> unprivileged.checkNetwork(uuid));
    }

    @Test
    void aFailingFlavorRunTakesTheNetworkDownAfterTheFlavorsGc() {
        netted.onRun = ctx -> {
            throw new RktException("boom");
        };
        netted.onGc = ctx -> assertEquals(1, cni.calls.size(), "the flavor's gc comes before the teardown");

        assertThrows(RktException.class, () -> stage0.run(request("systemd", "lan:IP=10.1.2.3", List.of()), null));

        UUID uuid = netted.runs.get(0).uuid();
        assertEquals(List.of("setup lan:IP=10.1.2.3", "teardown " + uuid), cni.calls);
        assertTrue(data.find(uuid).isEmpty());
    }

    @Test
    void aFailingSetupNeverRunsTheFlavorAndLeavesNoPod() {
        cni.failSetup = new RktException("network lan: plugin bridge ADD failed: no IP addresses available");

        RktException e = assertThrows(RktException.class, () -> stage0.run(request("systemd", "lan", List.of()), null));

        assertEquals("network lan: plugin bridge ADD failed: no IP addresses available", e.getMessage());
        assertTrue(netted.runs.isEmpty());
        assertEquals(List.of(), data.listAll());
    }

    @Test
    void noneAndHostPickTheirPluginsAndFlyIgnoresNet() {
        stage0.run(request("systemd", "none", List.of()), null);
        assertEquals(List.of("setup none"), none.calls);
        assertEquals(PodNetwork.NONE, netted.runs.get(0).network().mode());

        RktException noHost = assertThrows(RktException.class, () -> stage0.run(request("systemd", "host", List.of()), null));
        assertTrue(noHost.getMessage().contains("no network plugin serves --net host"), noHost.getMessage());

        stage0.run(request("fly", "lan", List.of()), null);
        assertEquals(PodNetwork.HOST, fly.runs.get(0).network().mode());
        assertNull(fly.runs.get(0).network().netns());
        assertEquals(List.of(), cni.calls);
        assertFalse(Files.exists(fly.runs.get(0).layout().netPlugin()));
    }

    @Test
    void portsNeedAContainedNetwork() {
        List<ExposedPort> ports = List.of(new ExposedPort("http", 8080, null, null));
        RktException e = assertThrows(RktException.class, () -> stage0.run(request("systemd", "none", ports), null));
        assertEquals("--port flag does not work with 'none' networking", e.getMessage());
        RktException undeclared = assertThrows(RktException.class, () -> stage0.run(request("systemd", null, ports), null));
        assertEquals("--port http: port name \"http\" is not defined by any apps", undeclared.getMessage());
        assertEquals(List.of(), data.listAll());
        assertEquals(List.of(), cni.calls);
    }
}
