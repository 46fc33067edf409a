package io.rktj.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rktj.api.RktException;
import io.rktj.api.net.NetworkPlugin;
import io.rktj.api.pod.PodNetwork;

/**
 * The NetworkPlugin services present now, by the {@code rkt.net} value each serves: {@code host},
 * {@code none}, {@code cni}. A --net value picks one: host and none by name, anything else
 * (default, default-restricted, the operator's networks) the CNI plugin.
 */
final class Networks {
    /** --net when a pod that may have a namespace of its own is given none: rkt's default network. */
    static final String DEFAULT_NET = "default";

    record Entry(NetworkPlugin plugin, List<String> serves) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(NetworkPlugin plugin, Map<String, ?> props) {
        Object v = props.get(NetworkPlugin.NET_PROPERTY);
        List<String> serves;
        if (v instanceof String[] a) {
            serves = List.of(a);
        } else if (v instanceof java.util.Collection<?> c) {
            List<String> names = new ArrayList<>(c.size());
            for (Object o : c) {
                names.add(String.valueOf(o));
            }
            serves = Collections.unmodifiableList(names);
        } else {
            serves = v == null ? List.of() : List.of(v.toString());
        }
        entries.add(new Entry(plugin, serves));
    }

    void remove(NetworkPlugin plugin) {
        for (Entry e : entries) {
            if (e.plugin() == plugin) {
                entries.remove(e);
            }
        }
    }

    /** Which plugin a --net value asks for: host, none or cni. */
    static String mode(String net) {
        String value = net == null || net.isBlank() ? DEFAULT_NET : net.strip();
        boolean host = false;
        boolean none = false;
        for (String item : value.split(",")) {
            String name = item.strip();
            int colon = name.indexOf(':');
            name = colon < 0 ? name : name.substring(0, colon);
            host |= name.equals("host");
            none |= name.equals("none");
        }
        if (host && none) {
            throw new RktException("--net=" + value + ": host and none exclude each other");
        }
        return host ? PodNetwork.HOST : none ? PodNetwork.NONE : PodNetwork.CNI;
    }

    Optional<NetworkPlugin> find(String mode) {
        for (Entry e : entries) {
            if (e.serves().contains(mode)) {
                return Optional.of(e.plugin());
            }
        }
        return Optional.empty();
    }

    NetworkPlugin require(String mode) {
        Optional<NetworkPlugin> plugin = find(mode);
        if (plugin.isEmpty()) {
            throw new RktException("networking: no network plugin serves --net " + mode
                    + " (installed: " + available() + "; the io.rktj.net-cni bundle provides host, none and cni)");
        }
        return plugin.get();
    }

    String available() {
        Set<String> served = new LinkedHashSet<>();
        for (Entry e : entries) {
            served.addAll(e.serves());
        }
        String s = String.join(", ", served);
        return s.isEmpty() ? "none" : s;
    }
}
