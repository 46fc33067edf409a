package io.rktj.cli.args;

import java.util.Map;

import io.rktj.api.schema.ACName;
import io.rktj.api.schema.Volume;

/**
 * Parses {@code --volume NAME,kind=host,source=PATH[,readOnly=BOOL][,recursive=BOOL]} and
 * {@code NAME,kind=empty[,mode=0755][,uid=N][,gid=N]} with appc's rules (types.VolumeFromString).
 */
public final class VolumeSpec {
    private VolumeSpec() {
    }

    public static Volume parse(String text) {
        try {
            return build(KeyValueList.parse("name=" + text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid value in --volume flag \"" + text + "\": " + e.getMessage(), e);
        }
    }

    private static Volume build(Map<String, String> p) {
        String name = null;
        String kind = null;
        String source = null;
        Boolean readOnly = null;
        Boolean recursive = null;
        String mode = null;
        Integer uid = null;
        Integer gid = null;
        for (Map.Entry<String, String> e : p.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "name" -> name = v;
                case "kind" -> kind = v;
                case "source" -> source = v;
                case "readOnly" -> readOnly = GoBool.parse(v);
                case "recursive" -> recursive = GoBool.parse(v);
                case "mode" -> mode = v;
                case "uid" -> uid = integer(v);
                case "gid" -> gid = integer(v);
                default -> throw new IllegalArgumentException("unknown volume parameter \"" + e.getKey() + "\"");
            }
        }
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("name must be set");
        }
        if (!ACName.isValid(name)) {
            throw new IllegalArgumentException("invalid volume name \"" + name + "\" (lower-case letters, digits and single dashes)");
        }
        if ("empty".equals(kind)) {
            if (source != null && !source.isEmpty()) {
                throw new IllegalArgumentException("source for empty volume must be empty");
            }
            return new Volume(name, kind, null, readOnly, recursive, mode == null ? "0755" : mode,
                    uid == null ? 0 : uid, gid == null ? 0 : gid);
        }
        if ("host".equals(kind)) {
            if (source == null || source.isEmpty()) {
                throw new IllegalArgumentException("source for host volume cannot be empty");
            }
            if (mode != null) {
                throw new IllegalArgumentException("mode for host volume cannot be set");
            }
            if (uid != null) {
                throw new IllegalArgumentException("uid for host volume cannot be set");
            }
            if (gid != null) {
                throw new IllegalArgumentException("gid for host volume cannot be set");
            }
            if (!source.startsWith("/")) {
                throw new IllegalArgumentException("source for host volume must be absolute path");
            }
            return new Volume(name, kind, source, readOnly, recursive, null, null, null);
        }
        throw new IllegalArgumentException("unrecognized volume kind: should be one of \"empty\", \"host\"");
    }

    private static int integer(String v) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + v + "\" is not an integer", e);
        }
    }
}
