package io.rktj.fetch.docker;

import java.util.Locale;
import java.util.regex.Pattern;

import io.rktj.api.RktException;

/**
 * {@code docker://[REGISTRY/]REPOSITORY[:TAG|@DIGEST]} as Docker reads it: the first component is
 * a registry if it has a dot or a port or is {@code localhost}; Docker Hub is
 * {@code registry-1.docker.io}, and its official images live under {@code library/}.
 *
 * @param registry host[:port] requests go to
 * @param tag      null when a digest is given
 */
record DockerRef(String registry, String repository, String tag, String digest, String raw) {
    static final String SCHEME = "docker://";
    static final String HUB = "registry-1.docker.io";
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    static DockerRef parse(String ref) {
        String rest = ref.substring(SCHEME.length());
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw new RktException("fetch " + ref + ": invalid digest \"" + digest + "\"");
            }
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new RktException("fetch " + ref + ": invalid tag \"" + tag + "\"");
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        String registry = HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                registry = first.equals("docker.io") || first.equals("index.docker.io") ? HUB : first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals(HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            throw new RktException("fetch " + ref + ": invalid repository name \"" + rest + "\"");
        }
        return new DockerRef(registry, rest, tag, digest, ref);
    }

    /** The tag or digest a manifest is requested by. */
    String reference() {
        return digest != null ? digest : tag;
    }

    /** The appc name, as docker2aci made it: registry and repository, made a valid ACIdentifier. */
    String imageName() {
        return (registry + "/" + repository).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._~/-]", "-");
    }

    /** Host without the port, for auth.d lookups of registries named with and without it. */
    String host() {
        int colon = registry.lastIndexOf(':');
        return colon > 0 ? registry.substring(0, colon) : registry;
    }
}
