package io.rktj.stage2.runc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;

import io.rktj.api.app.AppIdentity;
import io.rktj.api.app.VolumeMount;
import io.rktj.api.schema.Volume;

/**
 * The config.json mapping, each generated config checked against the runtime spec 1.0.2 JSON
 * schema read from the shared reference folder (../shared/reference/runtime-spec-1.0.2-schema,
 * or -Druntime.spec.schema=DIR).
 */
class OciConfigTest {
    static final Path SCHEMA_DIR = schemaDir();
    private static final String BASE = "https://rktj.invalid/runtime-spec-1.0.2/";
    private static Schema schema;

    /** For other tests of this package that check configs too. */
    static void loadSchemaQuietly() {
        if (schema == null) {
            try {
                loadSchema();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @BeforeAll
    static void loadSchema() throws IOException {
        assertTrue(Files.isRegularFile(SCHEMA_DIR.resolve("config-schema.json")),
                () -> "the runtime spec schema is missing: " + SCHEMA_DIR);
        // Every schema file is served from memory under one base IRI, so the relative $refs between
        // them (defs.json, config-linux.json, ...) resolve without the loader touching the network.
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> list = Files.list(SCHEMA_DIR)) {
            for (Path f : list.filter(f -> f.toString().endsWith(".json")).toList()) {
                files.put(BASE + f.getFileName(), Files.readString(f));
            }
        }
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4, b -> b.schemas(files));
        schema = registry.getSchema(SchemaLocation.of(BASE + "config-schema.json"));
    }

    /** -Druntime.spec.schema=DIR, else shared/reference/runtime-spec-1.0.2-schema beside a folder above this one. */
    private static Path schemaDir() {
        String configured = System.getProperty("runtime.spec.schema");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("shared/reference/runtime-spec-1.0.2-schema");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return Path.of("/work/shared/reference/runtime-spec-1.0.2-schema");
    }

    static void assertValid(JsonNode config) {
        List<Error> errors = schema.validate(config);
        assertEquals(List.of(), errors.stream().map(Error::toString).toList(), config::toPrettyString);
    }

    static OciConfig.AppSpec app(AppIdentity id, boolean readOnly, List<VolumeMount> volumes) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("AC_APP_NAME", "web");
        return new OciConfig.AppSpec("web", List.of("/bin/httpd", "-f"), "/srv", id, env, readOnly, volumes,
                OciConfig.DEFAULT_CAPABILITIES, List.of(new OciConfig.FileMount("/opt/stage2/web/hosts", "/etc/hosts")));
    }

    @Test
    void aRootAppMapsToAValidConfigWithRktsDefaultCapabilities() {
        ObjectNode c = OciConfig.of(app(new AppIdentity(0, 0, List.of()), false, List.of()));

        assertValid(c);
        assertEquals("1.0.2", c.get("ociVersion").asText());
        assertEquals("rootfs", c.at("/root/path").asText());
        assertFalse(c.at("/root/readonly").asBoolean());
        assertEquals(List.of("/bin/httpd", "-f"), strings(c.at("/process/args")));
        assertEquals(List.of("PATH=/usr/bin:/bin", "AC_APP_NAME=web"), strings(c.at("/process/env")));
        assertEquals("/srv", c.at("/process/cwd").asText());
        assertEquals(14, c.at("/process/capabilities/bounding").size());
        assertEquals(strings(c.at("/process/capabilities/bounding")), strings(c.at("/process/capabilities/effective")));
        assertEquals(0, c.at("/process/capabilities/ambient").size());
        assertEquals("/rkt/web", c.at("/linux/cgroupsPath").asText());
        // the pod's network, IPC, UTS and PID namespaces are shared: only the mount namespace is the app's own
        assertEquals(List.of("mount"), c.at("/linux/namespaces").findValuesAsText("type"));
        assertTrue(c.at("/mounts").findValuesAsText("destination").containsAll(List.of("/proc", "/dev", "/sys", "/tmp")));
        assertEquals("/opt/stage2/web/hosts", mount(c, "/etc/hosts").get("source").asText());
    }

    @Test
    void aNonRootAppKeepsTheBoundingSetButHoldsNoCapabilities() {
        ObjectNode c = OciConfig.of(app(new AppIdentity(1000, 100, List.of(10, 20)), true, List.of()));

        assertValid(c);
        assertEquals(1000, c.at("/process/user/uid").asInt());
        assertEquals(100, c.at("/process/user/gid").asInt());
        assertEquals(List.of("10", "20"), strings(c.at("/process/user/additionalGids")));
        assertEquals(14, c.at("/process/capabilities/bounding").size());
        assertEquals(0, c.at("/process/capabilities/effective").size());
        assertEquals(0, c.at("/process/capabilities/permitted").size());
        assertTrue(c.at("/root/readonly").asBoolean());
    }

    @Test
    void volumesAreBindsFromWhereTheFlavorShowsThemInTheSandbox() {
        Volume host = new Volume("data", "host", "/srv/data", false, false, null, null, null);
        Volume empty = new Volume("scratch", "empty", null, null, null, "0777", 0, 0);
        ObjectNode c = OciConfig.of(app(new AppIdentity(0, 0, List.of()), false,
                List.of(new VolumeMount(host, "/data", true), new VolumeMount(empty, "/tmp", false))));

        assertValid(c);
        JsonNode data = mount(c, "/data");
        assertEquals("/rkt/volumes/data", data.get("source").asText());
        assertEquals(List.of("bind", "ro"), strings(data.get("options")));
        JsonNode scratch = mount(c, "/tmp");
        assertEquals("/rkt/volumes/scratch", scratch.get("source").asText());
        assertEquals(List.of("rbind", "rw"), strings(scratch.get("options")));
        // a volume on /tmp replaces the default tmpfs there
        assertEquals(1, c.at("/mounts").findValuesAsText("destination").stream().filter("/tmp"::equals).count());
    }

    @Test
    void theSchemaRejectsWhatIsNotAConfig() {
        ObjectNode c = OciConfig.of(app(new AppIdentity(0, 0, List.of()), false, List.of()));
        ((ObjectNode) c.get("process")).put("cwd", 42);
        assertFalse(schema.validate(c).isEmpty(), "a numeric cwd passed the schema: the check would not catch anything");
    }

    private static JsonNode mount(JsonNode config, String destination) {
        for (JsonNode m : config.get("mounts")) {
            if (m.get("destination").asText().equals(destination) && m.get("type").asText().equals("bind")) {
                return m;
            }
        }
        throw new AssertionError("no bind mount on " + destination + " in " + config.toPrettyString());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
