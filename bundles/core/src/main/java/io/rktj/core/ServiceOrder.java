package io.rktj.core;

import java.util.Map;

import org.osgi.framework.Constants;

/**
 * OSGi's order of services, for the ones this bundle binds with their properties (flavors,
 * fetchers): the highest service.ranking first, then the lowest service.id, the earliest
 * registered.
 */
final class ServiceOrder {
    private ServiceOrder() {
    }

    /** service.ranking, 0 when absent as the specification says. */
    static int ranking(Map<String, ?> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer ranking ? ranking : 0;
    }

    /** service.id; a service without one sorts after every registered service. */
    static long serviceId(Map<String, ?> props) {
        return props.get(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
    }

    /** Negative when service a comes before service b. */
    static int compare(int rankingA, long serviceIdA, int rankingB, long serviceIdB) {
        int byRanking = Integer.compare(rankingB, rankingA);
        return byRanking != 0 ? byRanking : Long.compare(serviceIdA, serviceIdB);
    }
}
