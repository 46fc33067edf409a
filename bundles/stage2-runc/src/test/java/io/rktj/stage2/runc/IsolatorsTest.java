package io.rktj.stage2.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.app.AppIdentity;
import io.rktj.api.schema.Isolator;

/** Each isolator's mapping into config.json; every resulting config is checked against the 1.0.2 schema. */
class IsolatorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Isolator iso(String name, String json) {
        try {
            return new Isolator(name, JSON.readTree(json));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode config(boolean root) {
        OciConfigTest.loadSchemaQuietly();
        return OciConfig.of(OciConfigTest.app(new AppIdentity(root ? 0 : 1000, root ? 0 : 1000, List.of()), false, List.of()));
    }

    private static ObjectNode applied(List<Isolator> app, List<Isolator> pod) {
        ObjectNode c = config(true);
        Isolators.apply("web", app, pod, c, true);
        OciConfigTest.assertValid(c);
        return c;
    }

    @Test
    void withoutIsolatorsTheAppGetsRktsDefaultSeccompBlacklist() {
        ObjectNode c = config(true);
        Isolators.Report r = Isolators.apply("web", null, null, c, true);
        OciConfigTest.assertValid(c);
        assertTrue(r.isEmpty());
        assertEquals("SCMP_ACT_ALLOW", c.at("/linux/seccomp/defaultAction").asText());
        List<String> denied = strings(c.at("/linux/seccomp/syscalls/0/names"));
        assertTrue(denied.containsAll(List.of("mount", "ptrace", "reboot", "unshare", "setns", "kexec_load")), denied::toString);
        assertEquals("SCMP_ACT_ERRNO", c.at("/linux/seccomp/syscalls/0/action").asText());
    }

    @Test
    void memoryAndCpuLimitsGoToTheAppsCgroupAndThePodsBoundThem() {
        ObjectNode c = applied(List.of(iso("resource/memory", "{\"limit\":\"1Gi\"}"), iso("resource/cpu", "{\"limit\":\"1500m\"}"),
                iso("os/linux/cpu-shares", "512")), List.of(iso("resource/memory", "{\"limit\":\"256M\"}")));
        assertEquals(256_000_000L, c.at("/linux/resources/memory/limit").asLong());
        assertEquals(150_000L, c.at("/linux/resources/cpu/quota").asLong());
        assertEquals(100_000L, c.at("/linux/resources/cpu/period").asLong());
        assertEquals(512, c.at("/linux/resources/cpu/shares").asInt());
    }

    @Test
    void capabilitySetsReplaceOrTrimTheDefault() {
        ObjectNode retained = applied(List.of(iso("os/linux/capabilities-retain-set", "{\"set\":[\"CAP_NET_ADMIN\",\"sys_time\"]}")), null);
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME"), strings(retained.at("/process/capabilities/bounding")));
        assertEquals(List.of("CAP_NET_ADMIN", "CAP_SYS_TIME"), strings(retained.at("/process/capabilities/effective")));

        ObjectNode removed = applied(List.of(iso("os/linux/capabilities-remove-set", "{\"set\":[\"CAP_CHOWN\",\"CAP_KILL\"]}")), null);
        List<String> bounding = strings(removed.at("/process/capabilities/bounding"));
        assertEquals(12, bounding.size(), bounding::toString);
        assertFalse(bounding.contains("CAP_CHOWN"));
        assertFalse(bounding.contains("CAP_KILL"));
    }

    @Test
    void seccompSetsAndTheRestOfTheLinuxIsolators() {
        ObjectNode removeSet = applied(List.of(iso("os/linux/seccomp-remove-set", "{\"set\":[\"mkdir\",\"mkdirat\"],\"errno\":\"ENOTSUP\"}"),
                iso("os/linux/no-new-privileges", "true"), iso("os/linux/oom-score-adj", "500")), null);
        assertEquals(List.of("mkdir", "mkdirat"), strings(removeSet.at("/linux/seccomp/syscalls/0/names")));
        assertEquals(95, removeSet.at("/linux/seccomp/syscalls/0/errnoRet").asInt());
        assertTrue(removeSet.at("/process/noNewPrivileges").asBoolean());
        assertEquals(500, removeSet.at("/process/oomScoreAdj").asInt());

        ObjectNode retainSet = applied(List.of(iso("os/linux/seccomp-retain-set", "{\"set\":[\"read\",\"write\",\"execve\"]}")), null);
        assertEquals("SCMP_ACT_ERRNO", retainSet.at("/linux/seccomp/defaultAction").asText());
        assertEquals("SCMP_ACT_ALLOW", retainSet.at("/linux/seccomp/syscalls/0/action").asText());

        ObjectNode all = applied(List.of(iso("os/linux/seccomp-retain-set", "{\"set\":[\"@appc.io/all\"]}")), null);
        assertTrue(all.at("/linux/seccomp").isMissingNode(), all::toPrettyString);
    }

    @Test
    void theReportSaysWhatWasEnforcedAndWhatIgnored() {
        ObjectNode c = config(true);
        Isolators.Report r = Isolators.apply("web", List.of(iso("resource/memory", "{\"limit\":\"64Mi\"}"),
                iso("os/unix/sysctl", "{\"net.ipv4.ip_forward\":\"1\"}")), null, c, true);
        assertEquals("app web: isolators enforced: resource/memory; ignored: os/unix/sysctl", r.line("web"));
    }

    @Test
    void badIsolatorsAreErrors() {
        assertError("unknown isolator \"resource/gpu\"", List.of(iso("resource/gpu", "{\"limit\":\"1\"}")));
        assertError("os/linux/capabilities-retain-set and os/linux/capabilities-remove-set conflict",
                List.of(iso("os/linux/capabilities-retain-set", "{\"set\":[\"CAP_CHOWN\"]}"),
                        iso("os/linux/capabilities-remove-set", "{\"set\":[\"CAP_KILL\"]}")));
        assertError("os/linux/seccomp-retain-set and os/linux/seccomp-remove-set conflict",
                List.of(iso("os/linux/seccomp-retain-set", "{\"set\":[\"read\"]}"),
                        iso("os/linux/seccomp-remove-set", "{\"set\":[\"mkdir\"]}")));
        assertError("below runc's minimum", List.of(iso("resource/memory", "{\"limit\":\"1Mi\"}")));
        assertError("\"lots\" is not a quantity of bytes", List.of(iso("resource/memory", "{\"limit\":\"lots\"}")));
        assertError("unknown capability \"CAP_FLY\"", List.of(iso("os/linux/capabilities-retain-set", "{\"set\":[\"CAP_FLY\"]}")));
        assertError("unknown errno \"EWHAT\"", List.of(iso("os/linux/seccomp-remove-set", "{\"set\":[\"mkdir\"],\"errno\":\"EWHAT\"}")));
        assertError("os/linux/oom-score-adj must be a number from -1000 to 1000", List.of(iso("os/linux/oom-score-adj", "2000")));
    }

    private static void assertError(String part, List<Isolator> isolators) {
        RktException e = assertThrows(RktException.class, () -> Isolators.apply("web", isolators, null, config(true), true));
        assertTrue(e.getMessage().startsWith("app web: ") && e.getMessage().contains(part), e::getMessage);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
