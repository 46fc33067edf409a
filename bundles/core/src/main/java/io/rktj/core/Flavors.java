package io.rktj.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rktj.api.RktException;
import io.rktj.api.pod.PodLayout;
import io.rktj.api.pod.Stage1Flavor;

/**
 * The Stage1Flavor services present now, with the properties that identify them, best ranked
 * first. New pods choose by name; existing pods by the name and interface version they recorded.
 */
final class Flavors {

    /** One registered flavor: the service and what its properties say about it. */
    record Entry(Stage1Flavor flavor, String name, String version, int interfaceVersion, int ranking, long serviceId,
            boolean namespaced) {
        Entry(Stage1Flavor flavor, String name, String version, int interfaceVersion, int ranking, long serviceId) {
            this(flavor, name, version, interfaceVersion, ranking, serviceId, false);
        }

        FlavorRecord record() {
            return new FlavorRecord(name, version, interfaceVersion);
        }
    }

    private static final class BestFirst implements Comparator<Entry> {
        @Override
        public int compare(Entry a, Entry b) {
            return ServiceOrder.compare(a.ranking(), a.serviceId(), b.ranking(), b.serviceId());
        }
    }

    private static final Comparator<Entry> BEST_FIRST = new BestFirst();

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    void add(Stage1Flavor flavor, Map<String, ?> props) {
        entries.add(new Entry(flavor,
                text(props.get(Stage1Flavor.FLAVOR_PROPERTY), flavor.name()),
                text(props.get(Stage1Flavor.VERSION_PROPERTY), flavor.version()),
                interfaceVersion(props.get(Stage1Flavor.INTERFACE_PROPERTY)),
                ServiceOrder.ranking(props),
                ServiceOrder.serviceId(props),
                Stage1Flavor.NETWORK_NAMESPACE.equals(text(props.get(Stage1Flavor.NETWORK_PROPERTY), Stage1Flavor.NETWORK_HOST))));
    }

    void remove(Stage1Flavor flavor) {
        for (Entry e : entries) {
            if (e.flavor() == flavor) {
                entries.remove(e);
            }
        }
    }

    List<Entry> all() {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(BEST_FIRST);
        return sorted;
    }

    /** The flavor for a new pod, or an error listing the flavors there are. */
    Entry choose(String requested) {
        Stage1Name want = Stage1Name.parse(requested);
        for (Entry e : all()) {
            if (e.name().equals(want.flavor()) && (want.version() == null || sameVersion(e.version(), want.version()))) {
                return e;
            }
        }
        throw new RktException("stage1 \"" + (requested == null ? want.flavor() : requested)
                + "\": no such flavor (available: " + available() + ")");
    }

    /**
     * Whether a flavor's version is the one asked for: the same, written with OSGi's "." or
     * semver's "-" before the qualifier (rkt version prints 0.1.0-SNAPSHOT for 0.1.0.SNAPSHOT), or
     * asked without a qualifier (0.1.0 takes any 0.1.0 build).
     */
    static boolean sameVersion(String have, String want) {
        String h = have.replaceFirst("^(\\d+\\.\\d+\\.\\d+)[.-]", "$1-");
        String w = want.replaceFirst("^(\\d+\\.\\d+\\.\\d+)[.-]", "$1-");
        return h.equals(w) || h.startsWith(w + "-");
    }

    /** A flavor that can manage a pod made by the recorded one: same name, same interface version. */
    Optional<Entry> forRecord(FlavorRecord record) {
        for (Entry e : all()) {
            if (e.name().equals(record.name()) && e.interfaceVersion() == record.interfaceVersion()) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    String available() {
        List<Entry> all = all();
        if (all.isEmpty()) {
            return "none";
        }
        Set<String> names = new LinkedHashSet<>();
        for (Entry e : all) {
            names.add(e.name() + " " + e.version());
        }
        return String.join(", ", names);
    }

    private static String text(Object value, String fallback) {
        return value == null ? fallback : value.toString();
    }

    /** A flavor that does not say which interface it speaks is taken to speak the current one. */
    private static int interfaceVersion(Object value) {
        if (value == null) {
            return PodLayout.STAGE1_INTERFACE_VERSION;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
