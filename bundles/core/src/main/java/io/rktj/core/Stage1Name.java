package io.rktj.core;

/**
 * What {@code --stage1-name} asked for: a flavor name (fly, systemd, kvm) or rkt's image name
 * {@code coreos.com/rkt/stage1-<flavor>[:version]}, whose coreos and host flavors are our systemd.
 * Without one, systemd, as rkt defaulted to its coreos flavor.
 *
 * @param version null when any version will do
 */
record Stage1Name(String flavor, String version) {
    static final String DEFAULT_FLAVOR = "systemd";
    private static final String RKT_PREFIX = "coreos.com/rkt/stage1-";

    static Stage1Name parse(String requested) {
        if (requested == null || requested.isBlank()) {
            return new Stage1Name(DEFAULT_FLAVOR, null);
        }
        String name = requested.trim();
        String version = null;
        if (name.startsWith(RKT_PREFIX)) {
            name = name.substring(RKT_PREFIX.length());
            int colon = name.indexOf(':');
            if (colon >= 0) {
                version = name.substring(colon + 1);
                name = name.substring(0, colon);
            }
        }
        if (name.equals("coreos") || name.equals("host")) {
            name = "systemd";
        }
        return new Stage1Name(name, version == null || version.isEmpty() ? null : version);
    }
}
