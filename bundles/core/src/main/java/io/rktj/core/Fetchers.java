package io.rktj.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rktj.api.image.ImageFetcher;

/** The ImageFetcher services present now, in the order they are asked: highest service ranking first. */
final class Fetchers {
    private record Ranked(ImageFetcher fetcher, int ranking, long serviceId) {
    }

    private static final class BestFirst implements Comparator<Ranked> {
        @Override
        public int compare(Ranked a, Ranked b) {
            return ServiceOrder.compare(a.ranking(), a.serviceId(), b.ranking(), b.serviceId());
        }
    }

    private static final Comparator<Ranked> BEST_FIRST = new BestFirst();

    private final List<Ranked> entries = new CopyOnWriteArrayList<>();

    void add(ImageFetcher fetcher, Map<String, ?> props) {
        entries.add(new Ranked(fetcher, ServiceOrder.ranking(props), ServiceOrder.serviceId(props)));
    }

    void remove(ImageFetcher fetcher) {
        for (Ranked e : entries) {
            if (e.fetcher() == fetcher) {
                entries.remove(e);
            }
        }
    }

    List<ImageFetcher> inOrder() {
        List<Ranked> sorted = new ArrayList<>(entries);
        sorted.sort(BEST_FIRST);
        List<ImageFetcher> out = new ArrayList<>(sorted.size());
        for (Ranked r : sorted) {
            out.add(r.fetcher());
        }
        return Collections.unmodifiableList(out);
    }
}
