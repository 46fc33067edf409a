package io.rktj.net.cni;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rktj.api.RktException;

/**
 * One network asked for by {@code --net}: {@code NAME[:K=V;K2=V2]}, several separated by commas
 * ({@code --net=a,b:IP=10.1.2.3}). The arguments reach the plugins as {@code CNI_ARGS}.
 */
record NetSpec(String name, Map<String, String> args) {

    static List<NetSpec> parse(String value) {
        List<NetSpec> out = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String item : value.split(",")) {
            String s = item.strip();
            if (s.isEmpty()) {
                continue;
            }
            int colon = s.indexOf(':');
            String name = colon < 0 ? s : s.substring(0, colon);
            Map<String, String> args = new LinkedHashMap<>();
            if (colon >= 0) {
                for (String kv : s.substring(colon + 1).split(";")) {
                    if (kv.isBlank()) {
                        continue;
                    }
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new RktException("--net " + name + ": argument \"" + kv + "\" is not KEY=VALUE");
                    }
                    args.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
                }
            }
            if (name.isEmpty()) {
                throw new RktException("--net: empty network name in \"" + value + "\"");
            }
            for (NetSpec seen : out) {
                if (seen.name().equals(name)) {
                    throw new RktException("--net: network " + name + " given twice");
                }
            }
            out.add(new NetSpec(name, args));
        }
        return out;
    }

    /** CNI_ARGS: IgnoreUnknown=1 first, so plugins that do not know an argument accept it. */
    String cniArgs() {
        StringBuilder b = new StringBuilder("IgnoreUnknown=1");
        for (Map.Entry<String, String> e : args.entrySet()) {
            b.append(';').append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }
}
