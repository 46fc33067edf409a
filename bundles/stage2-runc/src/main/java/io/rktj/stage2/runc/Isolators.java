package io.rktj.stage2.runc;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.RktException;
import io.rktj.api.schema.Isolator;

/**
 * The appc isolators of one app, enforced through its config.json. Pod isolators of the same
 * resource bound the app's (the lower limit wins). An isolator appc defines but runc cannot
 * express here is ignored and reported; a name appc does not define is an error, as the appc
 * schema says, and so are a retain and a remove set of the same kind.
 *
 * <ul>
 * <li>{@code resource/memory} limit → {@code linux.resources.memory.limit} (at least 4 MiB);</li>
 * <li>{@code resource/cpu} limit → CFS quota over a 100 ms period;</li>
 * <li>{@code os/linux/cpu-shares} → {@code linux.resources.cpu.shares};</li>
 * <li>{@code os/linux/capabilities-retain-set}/{@code -remove-set} → the bounding set (and, for
 * root, the effective, permitted and inheritable sets): the retain set, or rkt's 14 defaults
 * minus the remove set;</li>
 * <li>{@code os/linux/seccomp-retain-set}/{@code -remove-set} → {@code linux.seccomp} (an
 * allow-list or a deny-list, errno as given, EPERM by default); without either, rkt's default
 * deny-list {@code @rkt/default-blacklist};</li>
 * <li>{@code os/linux/no-new-privileges} → {@code process.noNewPrivileges};</li>
 * <li>{@code os/linux/oom-score-adj} → {@code process.oomScoreAdj}.</li>
 * </ul>
 */
final class Isolators {
    static final long MIN_MEMORY = 4L << 20;
    static final long CPU_PERIOD = 100_000;
    static final Set<String> IGNORED = Set.of("os/linux/selinux-context", "os/linux/apparmor-profile", "os/unix/sysctl",
            "resource/block-bandwidth", "resource/block-iops", "resource/network-bandwidth");
    static final Set<String> ENFORCED = Set.of("resource/memory", "resource/cpu", "os/linux/cpu-shares",
            "os/linux/capabilities-retain-set", "os/linux/capabilities-remove-set", "os/linux/seccomp-retain-set",
            "os/linux/seccomp-remove-set", "os/linux/no-new-privileges", "os/linux/oom-score-adj");
    static final Set<String> ALL_CAPABILITIES = Set.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH",
            "CAP_FOWNER", "CAP_FSETID", "CAP_KILL", "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE",
            "CAP_NET_BIND_SERVICE", "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
            "CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN",
            "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD",
            "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN",
            "CAP_SYSLOG", "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF",
            "CAP_CHECKPOINT_RESTORE");
    /** rkt's default seccomp filter, @rkt/default-blacklist: syscalls an app gets EPERM for. */
    static final List<String> RKT_DEFAULT_BLACKLIST = List.of("_sysctl", "add_key", "adjtimex", "afs_syscall", "bdflush",
            "bpf", "break", "clock_adjtime", "clock_settime", "create_module", "delete_module", "fanotify_init",
            "finit_module", "ftime", "get_kernel_syms", "get_mempolicy", "getpmsg", "gtty", "init_module", "ioperm",
            "iopl", "kcmp", "kexec_file_load", "kexec_load", "keyctl", "lock", "lookup_dcookie", "mbind",
            "migrate_pages", "modify_ldt", "mount", "move_pages", "mpx", "name_to_handle_at", "nfsservctl",
            "open_by_handle_at", "perf_event_open", "pivot_root", "process_vm_readv", "process_vm_writev", "prof",
            "profil", "ptrace", "putpmsg", "query_module", "quotactl", "reboot", "request_key", "security",
            "set_mempolicy", "setdomainname", "sethostname", "setns", "settimeofday", "stime", "stty", "swapoff",
            "swapon", "sysfs", "tuxcall", "umount", "umount2", "unshare", "uselib", "userfaultfd", "ustat", "vhangup",
            "vm86", "vm86old", "vserver");
    static final Map<String, Integer> ERRNO = Map.ofEntries(Map.entry("EPERM", 1), Map.entry("ENOENT", 2),
            Map.entry("EINTR", 4), Map.entry("EIO", 5), Map.entry("EBADF", 9), Map.entry("EAGAIN", 11),
            Map.entry("ENOMEM", 12), Map.entry("EACCES", 13), Map.entry("EFAULT", 14), Map.entry("EBUSY", 16),
            Map.entry("EEXIST", 17), Map.entry("ENODEV", 19), Map.entry("EINVAL", 22), Map.entry("ENOSPC", 28),
            Map.entry("EROFS", 30), Map.entry("ENOSYS", 38), Map.entry("ENOTSUP", 95), Map.entry("EOPNOTSUPP", 95));

    /** What was done with each isolator, for the one report the run prints. */
    record Report(List<String> enforced, List<String> ignored) {
        boolean isEmpty() {
            return enforced.isEmpty() && ignored.isEmpty();
        }

        String line(String app) {
            StringBuilder b = new StringBuilder("app ").append(app).append(": isolators enforced: ")
                    .append(enforced.isEmpty() ? "none" : String.join(", ", enforced));
            if (!ignored.isEmpty()) {
                b.append("; ignored: ").append(String.join(", ", ignored));
            }
            return b.toString();
        }
    }

    private Isolators() {
    }

    /** Checks the app's isolators and writes them into config; pod isolators bound the app's. */
    static Report apply(String app, List<Isolator> appIsolators, List<Isolator> podIsolators, ObjectNode config,
            boolean root) {
        Map<String, Isolator> own = byName(app, appIsolators);
        Map<String, Isolator> pod = byName(app, podIsolators);
        conflicts(app, own);
        List<String> enforced = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (String name : own.keySet()) {
            (ENFORCED.contains(name) ? enforced : ignored).add(name);
        }
        ObjectNode process = (ObjectNode) config.get("process");
        ObjectNode resources = (ObjectNode) config.get("linux").get("resources");

        Long memory = min(limit(app, own.get("resource/memory"), Isolators::bytes),
                limit(app, pod.get("resource/memory"), Isolators::bytes));
        if (memory != null) {
            if (memory < MIN_MEMORY) {
                throw new RktException("app " + app + ": resource/memory limit " + memory + " bytes is below runc's minimum of "
                        + MIN_MEMORY + " (4Mi)");
            }
            resources.putObject("memory").put("limit", memory);
            addOnce(enforced, "resource/memory");
        }
        Long millicores = min(limit(app, own.get("resource/cpu"), Isolators::millicores),
                limit(app, pod.get("resource/cpu"), Isolators::millicores));
        ObjectNode cpu = null;
        if (millicores != null) {
            if (millicores < 1) {
                throw new RktException("app " + app + ": resource/cpu limit must be at least 1m");
            }
            cpu = resources.putObject("cpu");
            cpu.put("quota", millicores * CPU_PERIOD / 1000);
            cpu.put("period", CPU_PERIOD);
            addOnce(enforced, "resource/cpu");
        }
        Isolator shares = own.get("os/linux/cpu-shares");
        if (shares != null) {
            long n = integer(app, shares, 2, 262144);
            (cpu == null ? resources.putObject("cpu") : cpu).put("shares", n);
        }
        Isolator oom = own.get("os/linux/oom-score-adj");
        if (oom != null) {
            process.put("oomScoreAdj", integer(app, oom, -1000, 1000));
        }
        Isolator nnp = own.get("os/linux/no-new-privileges");
        if (nnp != null) {
            if (!nnp.value().isBoolean()) {
                throw new RktException("app " + app + ": os/linux/no-new-privileges must be true or false");
            }
            process.put("noNewPrivileges", nnp.value().asBoolean());
        }
        capabilities(app, own, (ObjectNode) process.get("capabilities"), root);
        seccomp(app, own, (ObjectNode) config.get("linux"));
        return new Report(enforced, ignored);
    }

    private static Map<String, Isolator> byName(String app, List<Isolator> isolators) {
        Map<String, Isolator> out = new LinkedHashMap<>();
        if (isolators == null) {
            return out;
        }
        for (Isolator i : isolators) {
            if (!ENFORCED.contains(i.name()) && !IGNORED.contains(i.name())) {
                throw new RktException("app " + app + ": unknown isolator \"" + i.name() + "\"");
            }
            if (i.value() == null || i.value().isNull()) {
                throw new RktException("app " + app + ": isolator " + i.name() + " has no value");
            }
            out.put(i.name(), i);
        }
        return out;
    }

    private static void conflicts(String app, Map<String, Isolator> own) {
        for (String kind : List.of("capabilities", "seccomp")) {
            if (own.containsKey("os/linux/" + kind + "-retain-set") && own.containsKey("os/linux/" + kind + "-remove-set")) {
                throw new RktException("app " + app + ": os/linux/" + kind + "-retain-set and os/linux/" + kind
                        + "-remove-set conflict: give one of them");
            }
        }
    }

    private static void addOnce(List<String> list, String name) {
        if (!list.contains(name)) {
            list.add(name);
        }
    }

    private interface Quantity {
        long parse(String app, String name, String text);
    }

    private static Long limit(String app, Isolator i, Quantity q) {
        if (i == null) {
            return null;
        }
        JsonNode limit = i.value().get("limit");
        if (limit == null || limit.isNull()) {
            return null;
        }
        return q.parse(app, i.name(), limit.asText());
    }

    private static Long min(Long a, Long b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return Long.valueOf(Math.min(a, b));
    }

    /** A Kubernetes quantity of bytes: 512M (10^6), 512Mi (2^20), 1G, 1Gi, 100k, 100Ki, or bytes. */
    static long bytes(String app, String name, String text) {
        String t = text.trim();
        String[][] suffixes = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
                {"k", "1000"}, {"K", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"}};
        try {
            for (String[] s : suffixes) {
                if (t.endsWith(s[0])) {
                    return new BigDecimal(t.substring(0, t.length() - s[0].length())).multiply(new BigDecimal(s[1]))
                            .longValueExact();
                }
            }
            return new BigDecimal(t).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RktException("app " + app + ": " + name + ": \"" + text + "\" is not a quantity of bytes");
        }
    }

    /** CPUs as a Kubernetes quantity, in thousandths: 500m, 1, 1.5. */
    static long millicores(String app, String name, String text) {
        String t = text.trim();
        try {
            if (t.endsWith("m")) {
                return Long.parseLong(t.substring(0, t.length() - 1));
            }
            return new BigDecimal(t).multiply(BigDecimal.valueOf(1000)).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new RktException("app " + app + ": " + name + ": \"" + text + "\" is not a CPU quantity");
        }
    }

    private static long integer(String app, Isolator i, long min, long max) {
        JsonNode v = i.value();
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new RktException("app " + app + ": " + i.name() + " must be a number from " + min + " to " + max
                    + ", got " + v);
        }
        return v.asLong();
    }

    private static List<String> set(String app, Isolator i) {
        JsonNode set = i.value().get("set");
        if (set == null || !set.isArray() || set.isEmpty()) {
            throw new RktException("app " + app + ": " + i.name() + " needs a non-empty \"set\"");
        }
        List<String> out = new ArrayList<>();
        set.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void capabilities(String app, Map<String, Isolator> own, ObjectNode caps, boolean root) {
        Isolator retain = own.get("os/linux/capabilities-retain-set");
        Isolator remove = own.get("os/linux/capabilities-remove-set");
        if (retain == null && remove == null) {
            return;
        }
        Set<String> bounding = new LinkedHashSet<>();
        if (retain != null) {
            set(app, retain).forEach(c -> bounding.add(capability(app, c)));
        } else {
            bounding.addAll(OciConfig.DEFAULT_CAPABILITIES);
            set(app, remove).forEach(c -> bounding.remove(capability(app, c)));
        }
        for (String kind : List.of("bounding", "effective", "inheritable", "permitted")) {
            ArrayNode list = caps.putArray(kind);
            if (kind.equals("bounding") || root) {
                bounding.forEach(list::add);
            }
        }
    }

    private static String capability(String app, String name) {
        String c = name.toUpperCase(Locale.ROOT);
        c = c.startsWith("CAP_") ? c : "CAP_" + c;
        if (!ALL_CAPABILITIES.contains(c)) {
            throw new RktException("app " + app + ": unknown capability \"" + name + "\"");
        }
        return c;
    }

    private static void seccomp(String app, Map<String, Isolator> own, ObjectNode linux) {
        Isolator retain = own.get("os/linux/seccomp-retain-set");
        Isolator remove = own.get("os/linux/seccomp-remove-set");
        ObjectNode seccomp = JSON_FACTORY.objectNode();
        if (retain != null) {
            List<String> names = syscalls(app, retain);
            if (names.contains("@appc.io/all")) {
                return;
            }
            seccomp.put("defaultAction", "SCMP_ACT_ERRNO");
            if (!names.isEmpty()) {
                rule(seccomp, names, "SCMP_ACT_ALLOW", null);
            }
            // errno for the default action needs runtime-spec 1.1's defaultErrnoRet; 1.0.2 gives EPERM
        } else {
            Isolator i = remove;
            List<String> names = i == null ? RKT_DEFAULT_BLACKLIST : syscalls(app, i);
            if (names.contains("@appc.io/empty") || names.isEmpty()) {
                return;
            }
            seccomp.put("defaultAction", "SCMP_ACT_ALLOW");
            rule(seccomp, names, "SCMP_ACT_ERRNO", i == null ? null : errno(app, i));
        }
        linux.set("seccomp", seccomp);
    }

    private static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON_FACTORY =
            com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;

    private static void rule(ObjectNode seccomp, List<String> names, String action, Integer errno) {
        ObjectNode rule = seccomp.putArray("syscalls").addObject();
        ArrayNode n = rule.putArray("names");
        names.forEach(n::add);
        rule.put("action", action);
        if (errno != null) {
            // errnoRet: runtime-spec 1.0.2 leaves Syscall open to it; runc 1.1 honours it
            rule.put("errnoRet", errno);
        }
    }

    private static List<String> syscalls(String app, Isolator i) {
        List<String> out = new ArrayList<>();
        for (String s : set(app, i)) {
            switch (s) {
                case "@rkt/default-blacklist" -> out.addAll(RKT_DEFAULT_BLACKLIST);
                case "@appc.io/all", "@appc.io/empty" -> out.add(s);
                default -> {
                    if (!s.matches("[a-z0-9_]+")) {
                        throw new RktException("app " + app + ": " + i.name() + ": \"" + s + "\" is not a syscall name");
                    }
                    out.add(s);
                }
            }
        }
        return out;
    }

    private static Integer errno(String app, Isolator i) {
        JsonNode e = i.value().get("errno");
        if (e == null || e.isNull()) {
            return null;
        }
        Integer n = ERRNO.get(e.asText());
        if (n == null) {
            throw new RktException("app " + app + ": " + i.name() + ": unknown errno \"" + e.asText() + "\" (known: "
                    + String.join(", ", new java.util.TreeSet<>(ERRNO.keySet())) + ")");
        }
        return n;
    }
}
