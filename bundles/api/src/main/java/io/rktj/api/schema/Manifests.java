package io.rktj.api.schema;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reads, writes and validates appc manifests; every error names the field that is wrong. */
public final class Manifests {
    public static final String AC_VERSION = "0.8.11";

    private static final Pattern ENV_NAME = Pattern.compile("^[A-Za-z_][A-Za-z_0-9.-]*$");
    private static final Pattern SEMVER = Pattern.compile("^\\d+\\.\\d+\\.\\d+([-+].*)?$");
    private static final Set<String> KNOWN_ISOLATORS = Set.of(
            "resource/cpu", "resource/memory", "resource/block-bandwidth", "resource/block-iops",
            "resource/network-bandwidth",
            "os/linux/capabilities-retain-set", "os/linux/capabilities-remove-set",
            "os/linux/no-new-privileges", "os/linux/seccomp-retain-set", "os/linux/seccomp-remove-set",
            "os/linux/oom-score-adj", "os/linux/cpu-shares", "os/linux/selinux-context",
            "os/linux/apparmor-profile", "os/unix/sysctl");

    private Manifests() {
    }

    /** Built on first use only: no rkt command needs one, and building one is costly. */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = JsonMapper.builder()
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /**
     * An ObjectMapper configured for appc JSON (case-insensitive names, unknown names ignored).
     * rktj's own code reads and writes through {@link #readTree} and {@link #writeTree}, which
     * need no mapper.
     */
    public static ObjectMapper mapper() {
        return Mapper.INSTANCE;
    }

    /**
     * Parses JSON text into a tree without an ObjectMapper; empty input gives a missing node.
     *
     * @throws com.fasterxml.jackson.core.JsonProcessingException for text that is not JSON
     */
    public static JsonNode readTree(byte[] json) throws IOException {
        return JsonTrees.read(json);
    }

    /** A tree as UTF-8 JSON text: compact, or laid out by {@code pretty} when it is not null. */
    public static byte[] writeTree(JsonNode tree, PrettyPrinter pretty) {
        return JsonTrees.write(tree, pretty);
    }

    public static ImageManifest readImageManifest(byte[] json) {
        ImageManifest m = ManifestTrees.imageManifest(readObject(json, "image manifest"));
        validate(m);
        return m;
    }

    public static ImageManifest readImageManifest(InputStream in) throws IOException {
        return readImageManifest(in.readAllBytes());
    }

    public static PodManifest readPodManifest(byte[] json) {
        PodManifest m = ManifestTrees.podManifest(readObject(json, "pod manifest"));
        validate(m);
        return m;
    }

    /**
     * An image manifest as a JSON tree, as {@link #write} would write it; {@link #imageManifest}
     * reads it back without validating (a manifest the store has already validated).
     */
    public static ObjectNode toTree(ImageManifest manifest) {
        return ManifestTrees.tree(manifest);
    }

    /** A pod manifest as a JSON tree, as {@link #write} would write it. */
    public static ObjectNode toTree(PodManifest manifest) {
        return ManifestTrees.tree(manifest);
    }

    /** The image manifest of a tree written by {@link #toTree(ImageManifest)}, not validated. */
    public static ImageManifest imageManifest(JsonNode tree) {
        return ManifestTrees.imageManifest(tree);
    }

    /** Writes a manifest (or any JSON tree or value) indented, as rkt does. */
    public static byte[] write(Object manifest) {
        if (manifest instanceof ImageManifest m) {
            return JsonTrees.write(ManifestTrees.tree(m), new DefaultPrettyPrinter());
        } else if (manifest instanceof PodManifest m) {
            return JsonTrees.write(ManifestTrees.tree(m), new DefaultPrettyPrinter());
        } else if (manifest instanceof JsonNode tree) {
            return JsonTrees.write(tree, new DefaultPrettyPrinter());
        }
        try {
            return mapper().writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new SchemaException("cannot serialise manifest: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode readObject(byte[] json, String what) {
        try {
            JsonNode tree = JsonTrees.read(json);
            if (tree == null || !tree.isObject()) {
                throw new SchemaException(what + ": not a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new SchemaException(what + ": invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new SchemaException(what + ": " + e.getMessage(), e);
        }
    }

    public static void validate(ImageManifest m) {
        if (!ImageManifest.KIND.equals(m.acKind())) {
            throw new SchemaException("acKind: must be \"ImageManifest\", got \"" + m.acKind() + "\"");
        }
        requireVersion(m.acVersion());
        ACIdentifier.require("name", m.name());
        uniqueNames("labels", m.labels());
        if (m.labels() != null) {
            for (NameValue l : m.labels()) {
                ACIdentifier.require("labels.name", l.name());
            }
        }
        if (m.app() != null) {
            validate("app", m.app());
        }
        if (m.dependencies() != null) {
            for (Dependency d : m.dependencies()) {
                if (d.imageName() == null) {
                    throw new SchemaException("dependencies.imageName: required");
                }
                ACIdentifier.require("dependencies.imageName", d.imageName());
            }
        }
        if (m.annotations() != null) {
            for (NameValue a : m.annotations()) {
                ACIdentifier.require("annotations.name", a.name());
            }
        }
    }

    public static void validate(String field, App app) {
        if (app.exec() != null && !app.exec().isEmpty() && !app.exec().get(0).startsWith("/")) {
            throw new SchemaException(field + ".exec: \"" + app.exec().get(0) + "\" is not an absolute path");
        }
        if (app.user() == null || app.user().isEmpty()) {
            throw new SchemaException(field + ".user: required");
        }
        if (app.group() == null || app.group().isEmpty()) {
            throw new SchemaException(field + ".group: required");
        }
        if (app.workingDirectory() != null && !app.workingDirectory().isEmpty() && !app.workingDirectory().startsWith("/")) {
            throw new SchemaException(field + ".workingDirectory: \"" + app.workingDirectory() + "\" is not an absolute path");
        }
        if (app.environment() != null) {
            for (NameValue e : app.environment()) {
                if (e.name() == null || !ENV_NAME.matcher(e.name()).matches()) {
                    throw new SchemaException(field + ".environment: invalid variable name \"" + e.name() + "\"");
                }
            }
        }
        if (app.eventHandlers() != null) {
            Set<String> seen = new HashSet<>();
            for (EventHandler h : app.eventHandlers()) {
                if (!"pre-start".equals(h.name()) && !"post-stop".equals(h.name())) {
                    throw new SchemaException(field + ".eventHandlers.name: unknown event \"" + h.name() + "\"");
                }
                if (!seen.add(h.name())) {
                    throw new SchemaException(field + ".eventHandlers: duplicate \"" + h.name() + "\"");
                }
                if (h.exec() == null || h.exec().isEmpty()) {
                    throw new SchemaException(field + ".eventHandlers." + h.name() + ".exec: required");
                }
            }
        }
        if (app.mountPoints() != null) {
            for (MountPoint mp : app.mountPoints()) {
                ACName.require(field + ".mountPoints.name", mp.name());
                if (mp.path() == null || !mp.path().startsWith("/")) {
                    throw new SchemaException(field + ".mountPoints." + mp.name() + ".path: must be an absolute path");
                }
            }
        }
        if (app.ports() != null) {
            for (Port p : app.ports()) {
                ACName.require(field + ".ports.name", p.name());
                if (p.port() == null || p.port() < 1 || p.port() > 65535) {
                    throw new SchemaException(field + ".ports." + p.name() + ".port: must be 1..65535");
                }
                if (!"tcp".equals(p.protocol()) && !"udp".equals(p.protocol())) {
                    throw new SchemaException(field + ".ports." + p.name() + ".protocol: must be tcp or udp");
                }
            }
        }
        validateIsolators(field + ".isolators", app.isolators());
    }

    public static void validateIsolators(String field, List<Isolator> isolators) {
        if (isolators == null) {
            return;
        }
        for (Isolator i : isolators) {
            if (!KNOWN_ISOLATORS.contains(i.name())) {
                throw new SchemaException(field + ": unknown isolator \"" + i.name() + "\"");
            }
            if (i.value() == null || i.value().isNull()) {
                throw new SchemaException(field + "." + i.name() + ": value required");
            }
        }
    }

    public static void validate(PodManifest m) {
        if (!PodManifest.KIND.equals(m.acKind())) {
            throw new SchemaException("acKind: must be \"PodManifest\", got \"" + m.acKind() + "\"");
        }
        requireVersion(m.acVersion());
        Set<String> appNames = new HashSet<>();
        if (m.apps() != null) {
            for (RuntimeApp a : m.apps()) {
                ACName.require("apps.name", a.name());
                if (!appNames.add(a.name())) {
                    throw new SchemaException("apps.name: duplicate app name \"" + a.name() + "\"");
                }
                if (a.image() == null || a.image().id() == null) {
                    throw new SchemaException("apps." + a.name() + ".image.id: required");
                }
                if (a.app() != null) {
                    validate("apps." + a.name() + ".app", a.app());
                }
            }
        }
        Set<String> volumeNames = new HashSet<>();
        if (m.volumes() != null) {
            for (Volume v : m.volumes()) {
                ACName.require("volumes.name", v.name());
                if (!volumeNames.add(v.name())) {
                    throw new SchemaException("volumes.name: duplicate volume \"" + v.name() + "\"");
                }
                if (!"host".equals(v.kind()) && !"empty".equals(v.kind())) {
                    throw new SchemaException("volumes." + v.name() + ".kind: must be host or empty, got \"" + v.kind() + "\"");
                }
                if (v.isHost() && (v.source() == null || !v.source().startsWith("/"))) {
                    throw new SchemaException("volumes." + v.name() + ".source: must be an absolute path");
                }
            }
        }
        validateIsolators("isolators", m.isolators());
    }

    private static void requireVersion(String v) {
        if (v == null || !SEMVER.matcher(v).matches()) {
            throw new SchemaException("acVersion: \"" + v + "\" is not a semantic version");
        }
    }

    private static void uniqueNames(String field, List<NameValue> list) {
        if (list == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (NameValue nv : list) {
            if (!seen.add(nv.name())) {
                throw new SchemaException(field + ": duplicate name \"" + nv.name() + "\"");
            }
        }
    }
}
