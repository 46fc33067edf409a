package io.rktj.store;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.rktj.api.RktException;
import io.rktj.api.image.OciImageRef;
import io.rktj.api.schema.ACName;
import io.rktj.api.schema.App;
import io.rktj.api.schema.ImageManifest;
import io.rktj.api.schema.Manifests;
import io.rktj.api.schema.MountPoint;
import io.rktj.api.schema.NameValue;
import io.rktj.api.schema.Port;

/**
 * An OCI image config as an appc image manifest, the way rkt's docker2aci and the OCI conversion
 * spec map it: Entrypoint+Cmd → exec, Env, WorkingDir, User ({@code uid[:gid]}, root by default),
 * ExposedPorts → ports named {@code 80-tcp}, Volumes → mountPoints named {@code volume-<path>},
 * and the os/arch labels.
 */
final class OciConfigMapper {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private OciConfigMapper() {
    }

    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /**
     * @param inImage whether an absolute path exists in the rendered image; a relative program
     *                name is looked up in the image's PATH with it, as appc wants an absolute exec
     */
    static ImageManifest map(OciImageRef ref, JsonNode config, Predicate<String> inImage) {
        JsonNode c = config.path("config");
        List<NameValue> labels = new ArrayList<>(ref.labels() == null ? List.of() : ref.labels());
        addLabel(labels, "os", config.path("os").asText("linux"));
        addLabel(labels, "arch", config.path("architecture").asText(OciManifest.hostArchitecture()));
        List<NameValue> annotations = new ArrayList<>(ref.annotations() == null ? List.of() : ref.annotations());
        if (c.has("Entrypoint") && !c.get("Entrypoint").isNull()) {
            annotations.add(new NameValue("appc.io/docker/entrypoint", c.get("Entrypoint").toString()));
        }
        if (c.has("Cmd") && !c.get("Cmd").isNull()) {
            annotations.add(new NameValue("appc.io/docker/cmd", c.get("Cmd").toString()));
        }
        if (config.hasNonNull("created")) {
            annotations.add(new NameValue("created", config.get("created").asText()));
        }
        ImageManifest m = new ImageManifest(ImageManifest.KIND, Manifests.AC_VERSION, ref.name(), labels, app(c, inImage), null, null,
                annotations);
        Manifests.validate(m);
        return m;
    }

    private static void addLabel(List<NameValue> labels, String name, String value) {
        if (!value.isEmpty() && labels.stream().noneMatch(l -> l.name().equals(name))) {
            labels.add(new NameValue(name, value));
        }
    }

    private static App app(JsonNode c, Predicate<String> inImage) {
        List<String> exec = new ArrayList<>();
        c.path("Entrypoint").forEach(a -> exec.add(a.asText()));
        c.path("Cmd").forEach(a -> exec.add(a.asText()));
        if (exec.isEmpty()) {
            return null;
        }
        String user = "0";
        String group = "0";
        String u = c.path("User").asText("");
        if (!u.isEmpty()) {
            int colon = u.indexOf(':');
            user = colon < 0 ? u : u.substring(0, colon);
            group = colon < 0 ? "0" : u.substring(colon + 1);
        }
        List<NameValue> env = new ArrayList<>();
        for (JsonNode e : c.path("Env")) {
            String kv = e.asText();
            int eq = kv.indexOf('=');
            String name = eq < 0 ? kv : kv.substring(0, eq);
            if (ENV_NAME.matcher(name).matches()) {
                env.add(new NameValue(name, eq < 0 ? "" : kv.substring(eq + 1)));
            }
        }
        List<Port> ports = new ArrayList<>();
        for (String key : sortedKeys(c.path("ExposedPorts"))) {
            String[] pp = key.split("/", 2);
            String protocol = pp.length > 1 ? pp[1] : "tcp";
            try {
                ports.add(new Port(pp[0] + "-" + protocol, protocol, Integer.parseInt(pp[0]), 1, false));
            } catch (NumberFormatException e) {
                // a port range or a malformed key: docker2aci left those out too
            }
        }
        List<MountPoint> mounts = new ArrayList<>();
        for (String path : sortedKeys(c.path("Volumes"))) {
            if (path.startsWith("/")) {
                mounts.add(new MountPoint(ACName.sanitize("volume-" + path), path, false));
            }
        }
        if (!exec.get(0).startsWith("/")) {
            exec.set(0, lookPath(exec.get(0), env, inImage));
        }
        String wd = c.path("WorkingDir").asText("");
        return new App(exec, user, group, null, wd.isEmpty() ? null : wd, null, env, mounts, ports, null);
    }

    private static String lookPath(String program, List<NameValue> env, Predicate<String> inImage) {
        String path = env.stream().filter(e -> e.name().equals("PATH")).map(NameValue::value).findFirst().orElse(DEFAULT_PATH);
        for (String dir : path.split(":")) {
            if (dir.startsWith("/")) {
                String candidate = (dir.endsWith("/") ? dir : dir + "/") + program;
                if (inImage.test(candidate)) {
                    return candidate;
                }
            }
        }
        throw new RktException("image config: the program \"" + program + "\" of Entrypoint/Cmd is not in the image's PATH");
    }

    private static TreeSet<String> sortedKeys(JsonNode object) {
        TreeSet<String> keys = new TreeSet<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }
}
