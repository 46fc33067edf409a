package io.rktj.cli.args;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * rkt's --insecure-options: a comma list of security checks to skip. Group words (all-fetch,
 * all-run, all) are expanded here so that consumers only ever test single options; "all" is
 * kept too, as {@link io.rktj.api.image.ImportOptions#insecure} understands it.
 *
 * @param options the expanded set; empty when every check is on
 */
public record InsecureOptions(Set<String> options) {
    public static final InsecureOptions NONE = new InsecureOptions(Set.of());

    public static final List<String> PERMITTED = List.of(
            "none", "image", "tls", "ondisk", "http", "pubkey", "capabilities", "paths", "seccomp",
            "all-fetch", "all-run", "all");

    private static final List<String> FETCH = List.of("image", "tls", "http", "pubkey");
    private static final List<String> RUN = List.of("capabilities", "paths", "seccomp");
    private static final Map<String, List<String>> GROUPS = Map.of("all-fetch", FETCH, "all-run", RUN);

    /**
     * Written out: picocli prints every option's initial value into its model, and a record's
     * generated toString costs its first caller a bootstrap of several milliseconds.
     */
    @Override
    public String toString() {
        return "InsecureOptions[options=" + options + "]";
    }

    public static InsecureOptions parse(String value) {
        Set<String> result = new LinkedHashSet<>();
        for (String word : value.split(",", -1)) {
            String w = word.trim();
            if (!PERMITTED.contains(w)) {
                throw new IllegalArgumentException("unknown insecure option \"" + w + "\", allowed values: "
                        + String.join(",", PERMITTED));
            }
            if (w.equals("all")) {
                result.addAll(FETCH);
                result.addAll(RUN);
                result.add("all");
            } else if (GROUPS.containsKey(w)) {
                result.addAll(GROUPS.get(w));
            } else if (!w.equals("none") && !w.equals("ondisk")) {
                // ondisk is accepted and ignored: rkt kept it only for old scripts
                result.add(w);
            }
        }
        return new InsecureOptions(Collections.unmodifiableSet(result));
    }

    /** picocli's converter for the option: a bad word is a usage error. */
    public static final class Converter implements ITypeConverter<InsecureOptions> {
        @Override
        public InsecureOptions convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
