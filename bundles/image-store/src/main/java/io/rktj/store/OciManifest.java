package io.rktj.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rktj.api.RktException;

/**
 * An image manifest (OCI or Docker schema2) or an index (OCI index, Docker manifest list), read
 * as far as the store needs it: the config and the layers, or the platform entries.
 */
final class OciManifest {
    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    private static final Set<String> LAYER_TYPES = Set.of(
            "application/vnd.oci.image.layer.v1.tar",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.oci.image.layer.v1.tar+zstd",
            "application/vnd.oci.image.layer.nondistributable.v1.tar",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
            "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/vnd.docker.image.rootfs.diff.tar.zstd",
            "application/vnd.docker.image.rootfs.diff.tar");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Blob(String digest, long size, String mediaType) {
    }

    record Platform(String os, String architecture, String variant, Blob manifest) {
    }

    private OciManifest() {
    }

    static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null || !n.isObject()) {
                throw new RktException(what + ": not a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new RktException(what + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        } catch (IOException e) {
            throw RktException.wrap(what, e);
        }
    }

    /** The media type a manifest says it has, or what its shape shows when it says none. */
    static String mediaType(JsonNode n) {
        String declared = n.path("mediaType").asText("");
        if (!declared.isEmpty()) {
            return declared;
        }
        if (n.path("schemaVersion").asInt() == 1) {
            return "application/vnd.docker.distribution.manifest.v1+json";
        }
        if (n.has("manifests")) {
            return OCI_INDEX;
        }
        return n.has("layers") ? OCI_MANIFEST : "unknown";
    }

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    static List<Platform> platforms(JsonNode index) {
        List<Platform> out = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            out.add(new Platform(p.path("os").asText(""), p.path("architecture").asText(""), p.path("variant").asText(""),
                    blob(m, "index manifests")));
        }
        return out;
    }

    static Blob config(JsonNode manifest) {
        return blob(manifest.path("config"), "manifest config");
    }

    static List<Blob> layers(JsonNode manifest) {
        List<Blob> out = new ArrayList<>();
        for (JsonNode l : manifest.path("layers")) {
            Blob b = blob(l, "manifest layers");
            if (!LAYER_TYPES.contains(b.mediaType())) {
                throw new RktException("layer " + b.digest() + ": unsupported media type \"" + b.mediaType() + "\"");
            }
            out.add(b);
        }
        return out;
    }

    private static Blob blob(JsonNode n, String what) {
        if (!n.isObject()) {
            throw new RktException(what + ": missing descriptor");
        }
        String digest = Digests.require(n.path("digest").asText(null), what);
        return new Blob(digest, n.path("size").asLong(-1), n.path("mediaType").asText(""));
    }

    /** The host's architecture as OCI names it. */
    static String hostArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            case "x86", "i386", "i686" -> "386";
            default -> arch;
        };
    }
}
