package io.rktj.store;

import io.rktj.api.RktException;

/**
 * Names inside an ACI, cleaned to the form {@code rootfs/usr/bin/sh}. An archive may not name
 * anything outside itself: absolute names and {@code ..} are refused, never resolved.
 */
final class TarPath {
    static final String ROOTFS = "rootfs";
    static final String ROOTFS_PREFIX = "rootfs/";
    static final String MANIFEST = "manifest";

    private TarPath() {
    }

    /** The cleaned name, or "" for the archive's own root ({@code ./}). */
    static String clean(String raw) {
        if (raw.startsWith("/")) {
            throw unsafe("absolute name \"" + raw + "\"");
        }
        StringBuilder out = new StringBuilder(raw.length());
        int start = 0;
        while (start <= raw.length()) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? raw.length() : slash;
            int len = end - start;
            if (len == 2 && raw.charAt(start) == '.' && raw.charAt(start + 1) == '.') {
                throw unsafe("entry \"" + raw + "\" leaves the image (..)");
            }
            if (len > 0 && !(len == 1 && raw.charAt(start) == '.')) {
                if (out.length() > 0) {
                    out.append('/');
                }
                out.append(raw, start, end);
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return out.toString();
    }

    /** The parent of a cleaned name, or null at the top. */
    static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? null : name.substring(0, slash);
    }

    /** A pathWhitelist entry ({@code /usr/bin/sh}, {@code /etc/}) as a cleaned archive name. */
    static String fromWhitelist(String path) {
        String relative = clean(path.replaceFirst("^/+", ""));
        return relative.isEmpty() ? ROOTFS : ROOTFS_PREFIX + relative;
    }

    static RktException unsafe(String why) {
        return new RktException("unsafe archive: " + why);
    }
}
