package io.rktj.api.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps the appc records to and from Jackson trees by hand. Jackson's bean binding would do it
 * from the records' shape, but it introspects every record type with reflection on first use in
 * each process, which costs a command more than all the rest of reading a pod; the tree model
 * needs no introspection. Property names are matched case-insensitively, unknown properties are
 * ignored, and empty values are left out when writing, as the bean binding was configured to do.
 */
final class ManifestTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ManifestTrees() {
    }

    // ---- reading ----

    /** An object's properties by lower-case name; the field path is kept for error messages. */
    private record Fields(String path, Map<String, JsonNode> byName) {
        static Fields of(String path, JsonNode node) {
            if (!node.isObject()) {
                throw new SchemaException(path + ": must be an object");
            }
            Map<String, JsonNode> map = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                map.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
            }
            return new Fields(path, map);
        }

        private JsonNode get(String name) {
            JsonNode n = byName.get(name.toLowerCase(Locale.ROOT));
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }

        String at(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        String string(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isValueNode() || n.isBinary()) {
                throw new SchemaException(at(name) + ": must be a string");
            }
            return n.asText();
        }

        Integer integer(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToInt()) {
                return n.intValue();
            }
            if (n.isTextual()) {
                try {
                    return Integer.valueOf(n.asText().trim());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new SchemaException(at(name) + ": must be an integer");
        }

        Long longValue(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return n.longValue();
            }
            throw new SchemaException(at(name) + ": must be an integer");
        }

        Boolean bool(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (n.isBoolean()) {
                return n.booleanValue();
            }
            if (n.isTextual() && ("true".equals(n.asText()) || "false".equals(n.asText()))) {
                return Boolean.valueOf(n.asText());
            }
            throw new SchemaException(at(name) + ": must be true or false");
        }

        boolean flag(String name) {
            return Boolean.TRUE.equals(bool(name));
        }

        JsonNode raw(String name) {
            return get(name);
        }

        Fields object(String name) {
            JsonNode n = get(name);
            return n == null ? null : of(at(name), n);
        }

        /** The elements of an array property; null when it is absent. */
        List<JsonNode> items(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isArray()) {
                throw new SchemaException(at(name) + ": must be an array");
            }
            List<JsonNode> out = new ArrayList<>(n.size());
            for (JsonNode e : n) {
                out.add(e);
            }
            return out;
        }

        List<String> strings(String name) {
            List<JsonNode> items = items(name);
            if (items == null) {
                return null;
            }
            List<String> out = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                if (!e.isValueNode() || e.isNull()) {
                    throw new SchemaException(at(name) + ": must hold strings");
                }
                out.add(e.asText());
            }
            return out;
        }

        List<Integer> integers(String name) {
            List<JsonNode> items = items(name);
            if (items == null) {
                return null;
            }
            List<Integer> out = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                if (!e.isIntegralNumber() || !e.canConvertToInt()) {
                    throw new SchemaException(at(name) + ": must hold integers");
                }
                out.add(e.intValue());
            }
            return out;
        }

        Map<String, String> stringMap(String name) {
            JsonNode n = get(name);
            if (n == null) {
                return null;
            }
            if (!n.isObject()) {
                throw new SchemaException(at(name) + ": must be an object");
            }
            Map<String, String> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isValueNode()) {
                    throw new SchemaException(at(name) + "." + e.getKey() + ": must be a string");
                }
                out.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText());
            }
            return out;
        }
    }

    static ImageManifest imageManifest(JsonNode node) {
        Fields f = Fields.of("", node);
        Fields app = f.object("app");
        List<Dependency> dependencies = null;
        List<JsonNode> deps = f.items("dependencies");
        if (deps != null) {
            dependencies = new ArrayList<>(deps.size());
            for (JsonNode d : deps) {
                Fields df = Fields.of(f.at("dependencies"), d);
                dependencies.add(new Dependency(df.string("imageName"), df.string("imageID"), nameValues(df, "labels"),
                        df.longValue("size")));
            }
        }
        return new ImageManifest(f.string("acKind"), f.string("acVersion"), f.string("name"),
                nameValues(f, "labels"), app == null ? null : app(app), dependencies,
                f.strings("pathWhitelist"), nameValues(f, "annotations"));
    }

    static PodManifest podManifest(JsonNode node) {
        Fields f = Fields.of("", node);
        List<RuntimeApp> apps = null;
        List<JsonNode> items = f.items("apps");
        if (items != null) {
            apps = new ArrayList<>(items.size());
            for (JsonNode a : items) {
                apps.add(runtimeApp(Fields.of(f.at("apps"), a)));
            }
        }
        List<Volume> volumes = null;
        items = f.items("volumes");
        if (items != null) {
            volumes = new ArrayList<>(items.size());
            for (JsonNode v : items) {
                volumes.add(volume(Fields.of(f.at("volumes"), v)));
            }
        }
        List<ExposedPort> ports = null;
        items = f.items("ports");
        if (items != null) {
            ports = new ArrayList<>(items.size());
            for (JsonNode p : items) {
                Fields pf = Fields.of(f.at("ports"), p);
                ports.add(new ExposedPort(pf.string("name"), pf.integer("hostPort"), pf.string("hostIP"),
                        pf.integer("podPort")));
            }
        }
        return new PodManifest(f.string("acVersion"), f.string("acKind"), apps, volumes, isolators(f),
                nameValues(f, "annotations"), ports, f.stringMap("userAnnotations"), f.stringMap("userLabels"));
    }

    private static App app(Fields f) {
        List<EventHandler> handlers = null;
        List<JsonNode> items = f.items("eventHandlers");
        if (items != null) {
            handlers = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                Fields h = Fields.of(f.at("eventHandlers"), e);
                handlers.add(new EventHandler(h.string("name"), h.strings("exec")));
            }
        }
        List<MountPoint> mountPoints = null;
        items = f.items("mountPoints");
        if (items != null) {
            mountPoints = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                Fields m = Fields.of(f.at("mountPoints"), e);
                mountPoints.add(new MountPoint(m.string("name"), m.string("path"), m.bool("readOnly")));
            }
        }
        List<Port> ports = null;
        items = f.items("ports");
        if (items != null) {
            ports = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                Fields m = Fields.of(f.at("ports"), e);
                ports.add(new Port(m.string("name"), m.string("protocol"), m.integer("port"), m.integer("count"),
                        m.bool("socketActivated")));
            }
        }
        return new App(f.strings("exec"), f.string("user"), f.string("group"), f.integers("supplementaryGIDs"),
                f.string("workingDirectory"), handlers, nameValues(f, "environment"), mountPoints, ports,
                isolators(f));
    }

    private static List<NameValue> nameValues(Fields f, String name) {
        List<JsonNode> items = f.items(name);
        if (items == null) {
            return null;
        }
        List<NameValue> out = new ArrayList<>(items.size());
        for (JsonNode e : items) {
            Fields nv = Fields.of(f.at(name), e);
            out.add(new NameValue(nv.string("name"), nv.string("value")));
        }
        return out;
    }

    private static List<Isolator> isolators(Fields f) {
        List<JsonNode> items = f.items("isolators");
        if (items == null) {
            return null;
        }
        List<Isolator> out = new ArrayList<>(items.size());
        for (JsonNode e : items) {
            Fields i = Fields.of(f.at("isolators"), e);
            out.add(new Isolator(i.string("name"), i.raw("value")));
        }
        return out;
    }

    private static RuntimeApp runtimeApp(Fields f) {
        Fields image = f.object("image");
        Fields app = f.object("app");
        List<Mount> mounts = null;
        List<JsonNode> items = f.items("mounts");
        if (items != null) {
            mounts = new ArrayList<>(items.size());
            for (JsonNode e : items) {
                Fields m = Fields.of(f.at("mounts"), e);
                Fields v = m.object("appVolume");
                mounts.add(new Mount(m.string("volume"), m.string("path"), v == null ? null : volume(v)));
            }
        }
        return new RuntimeApp(f.string("name"),
                image == null ? null : new RuntimeImage(image.string("name"), image.string("id"), nameValues(image, "labels")),
                app == null ? null : app(app), f.bool("readOnlyRootFS"), mounts, nameValues(f, "annotations"));
    }

    private static Volume volume(Fields f) {
        return new Volume(f.string("name"), f.string("kind"), f.string("source"), f.bool("readOnly"),
                f.bool("recursive"), f.string("mode"), f.integer("uid"), f.integer("gid"));
    }

    // ---- writing: properties in the records' order; null, and (where noted) empty, left out ----

    static ObjectNode tree(ImageManifest m) {
        ObjectNode o = NODES.objectNode();
        text(o, "acKind", m.acKind(), true);
        text(o, "acVersion", m.acVersion(), true);
        text(o, "name", m.name(), true);
        nameValues(o, "labels", m.labels());
        if (m.app() != null) {
            o.set("app", tree(m.app()));
        }
        ArrayNode a = array(o, "dependencies", m.dependencies());
        if (a != null) {
            for (Dependency d : m.dependencies()) {
                ObjectNode e = a.addObject();
                text(e, "imageName", d.imageName(), true);
                text(e, "imageID", d.imageID(), true);
                nameValues(e, "labels", d.labels());
                if (d.size() != null) {
                    e.put("size", d.size());
                }
            }
        }
        strings(o, "pathWhitelist", m.pathWhitelist());
        nameValues(o, "annotations", m.annotations());
        return o;
    }

    static ObjectNode tree(PodManifest m) {
        ObjectNode o = NODES.objectNode();
        text(o, "acVersion", m.acVersion(), true);
        text(o, "acKind", m.acKind(), true);
        ArrayNode a = array(o, "apps", m.apps());
        if (a != null) {
            for (RuntimeApp app : m.apps()) {
                a.add(tree(app));
            }
        }
        a = array(o, "volumes", m.volumes());
        if (a != null) {
            for (Volume v : m.volumes()) {
                a.add(tree(v));
            }
        }
        isolators(o, m.isolators());
        nameValues(o, "annotations", m.annotations());
        a = array(o, "ports", m.ports());
        if (a != null) {
            for (ExposedPort p : m.ports()) {
                ObjectNode e = a.addObject();
                text(e, "name", p.name(), false);
                number(e, "hostPort", p.hostPort());
                text(e, "hostIP", p.hostIP(), false);
                number(e, "podPort", p.podPort());
            }
        }
        map(o, "userAnnotations", m.userAnnotations());
        map(o, "userLabels", m.userLabels());
        return o;
    }

    private static ObjectNode tree(App app) {
        ObjectNode o = NODES.objectNode();
        strings(o, "exec", app.exec());
        text(o, "user", app.user(), true);
        text(o, "group", app.group(), true);
        ArrayNode a = array(o, "supplementaryGIDs", app.supplementaryGIDs());
        if (a != null) {
            for (Integer gid : app.supplementaryGIDs()) {
                a.add(gid);
            }
        }
        text(o, "workingDirectory", app.workingDirectory(), true);
        a = array(o, "eventHandlers", app.eventHandlers());
        if (a != null) {
            for (EventHandler h : app.eventHandlers()) {
                ObjectNode e = a.addObject();
                e.put("name", h.name());
                if (h.exec() == null) {
                    e.putNull("exec");
                } else {
                    ArrayNode exec = e.putArray("exec");
                    for (String arg : h.exec()) {
                        exec.add(arg);
                    }
                }
            }
        }
        nameValues(o, "environment", app.environment());
        a = array(o, "mountPoints", app.mountPoints());
        if (a != null) {
            for (MountPoint mp : app.mountPoints()) {
                ObjectNode e = a.addObject();
                text(e, "name", mp.name(), false);
                text(e, "path", mp.path(), false);
                bool(e, "readOnly", mp.readOnly());
            }
        }
        a = array(o, "ports", app.ports());
        if (a != null) {
            for (Port p : app.ports()) {
                ObjectNode e = a.addObject();
                text(e, "name", p.name(), false);
                text(e, "protocol", p.protocol(), false);
                number(e, "port", p.port());
                number(e, "count", p.count());
                bool(e, "socketActivated", p.socketActivated());
            }
        }
        isolators(o, app.isolators());
        return o;
    }

    private static ObjectNode tree(RuntimeApp app) {
        ObjectNode o = NODES.objectNode();
        text(o, "name", app.name(), true);
        if (app.image() != null) {
            ObjectNode image = o.putObject("image");
            text(image, "name", app.image().name(), true);
            text(image, "id", app.image().id(), true);
            nameValues(image, "labels", app.image().labels());
        }
        if (app.app() != null) {
            o.set("app", tree(app.app()));
        }
        bool(o, "readOnlyRootFS", app.readOnlyRootFS());
        ArrayNode a = array(o, "mounts", app.mounts());
        if (a != null) {
            for (Mount m : app.mounts()) {
                ObjectNode e = a.addObject();
                text(e, "volume", m.volume(), false);
                text(e, "path", m.path(), false);
                if (m.appVolume() != null) {
                    e.set("appVolume", tree(m.appVolume()));
                }
            }
        }
        nameValues(o, "annotations", app.annotations());
        return o;
    }

    private static ObjectNode tree(Volume v) {
        ObjectNode o = NODES.objectNode();
        text(o, "name", v.name(), false);
        text(o, "kind", v.kind(), false);
        text(o, "source", v.source(), false);
        bool(o, "readOnly", v.readOnly());
        bool(o, "recursive", v.recursive());
        text(o, "mode", v.mode(), false);
        number(o, "uid", v.uid());
        number(o, "gid", v.gid());
        return o;
    }

    private static void nameValues(ObjectNode o, String name, List<NameValue> values) {
        ArrayNode a = array(o, name, values);
        if (a != null) {
            for (NameValue nv : values) {
                ObjectNode e = a.addObject();
                e.put("name", nv.name());
                e.put("value", nv.value());
            }
        }
    }

    private static void isolators(ObjectNode o, List<Isolator> isolators) {
        ArrayNode a = array(o, "isolators", isolators);
        if (a != null) {
            for (Isolator i : isolators) {
                ObjectNode e = a.addObject();
                e.put("name", i.name());
                e.set("value", i.value() == null ? NODES.nullNode() : i.value());
            }
        }
    }

    private static void strings(ObjectNode o, String name, List<String> values) {
        ArrayNode a = array(o, name, values);
        if (a != null) {
            for (String v : values) {
                a.add(v);
            }
        }
    }

    private static void text(ObjectNode o, String name, String value, boolean skipEmpty) {
        if (value != null && !(skipEmpty && value.isEmpty())) {
            o.put(name, value);
        }
    }

    private static void number(ObjectNode o, String name, Integer value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void bool(ObjectNode o, String name, Boolean value) {
        if (value != null) {
            o.put(name, value);
        }
    }

    private static void map(ObjectNode o, String name, Map<String, String> value) {
        if (value != null && !value.isEmpty()) {
            ObjectNode m = o.putObject(name);
            for (Map.Entry<String, String> e : value.entrySet()) {
                m.put(e.getKey(), e.getValue());
            }
        }
    }

    /** A new array property for a non-empty list; null (and nothing added) for an empty one. */
    private static ArrayNode array(ObjectNode o, String name, List<?> values) {
        return values == null || values.isEmpty() ? null : o.putArray(name);
    }
}
