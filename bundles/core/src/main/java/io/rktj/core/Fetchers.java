package io.rktj.core;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.framework.Constants;

import io.rktj.api.image.ImageFetcher;

/** The ImageFetcher services present now, in the order they are asked: highest service ranking first. */
final class Fetchers {
    private record Ranked(ImageFetcher fetcher, int ranking, long serviceId) {
    }

    private final List<Ranked> entries = new CopyOnWriteArrayList<>();

    void add(ImageFetcher fetcher, Map<String, ?> props) {
        entries.add(new Ranked(fetcher,
                props.get(Constants.SERVICE_RANKING) instanceof Integer r ? r : 0,
                props.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE));
    }

    void remove(ImageFetcher fetcher) {
        entries.removeIf(e -> e.fetcher() == fetcher);
    }

    List<ImageFetcher> inOrder() {
        return entries.stream()
                .sorted(Comparator.comparingInt(Ranked::ranking).reversed().thenComparingLong(Ranked::serviceId))
                .map(Ranked::fetcher)
                .toList();
    }
}
