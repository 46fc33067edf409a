package io.rktj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The rkt command for another process: the daemon calls it with one client's request, a map of
 * java.* values (so the daemon needs no class of ours):
 * <ul>
 * <li>{@code args} String[]: the command line;
 * <li>{@code out}, {@code err} PrintStream: the client's output;
 * <li>{@code env} Map&lt;String,String&gt;: the client's environment;
 * <li>{@code cwd} String: the client's working directory;
 * <li>{@code uid} Integer: the client's uid;
 * <li>{@code stderrTerminal} Boolean: whether the client's stderr is a terminal.
 * </ul>
 * The result is the exit status, or {@link #RUN_IT_YOURSELF} before anything was done when the
 * command must run in the client's own process (see {@link DaemonRequests}).
 */
@Component(service = Function.class, property = "rkt.command=request")
public final class RktRequestService implements Function<Map<String, Object>, Integer> {
    /** The answer for a command line the daemon does not run. */
    public static final int RUN_IT_YOURSELF = Integer.MIN_VALUE;

    private final RktCommandService command;
    private final BundleContext context;

    @Activate
    public RktRequestService(@Reference(target = "(rkt.command=rkt)") Function<String[], Integer> command,
            BundleContext context) {
        this.command = (RktCommandService) command;
        this.context = context;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Integer apply(Map<String, Object> request) {
        String[] args = (String[]) request.get("args");
        Path cwd = Path.of((String) request.get("cwd"));
        int uid = (Integer) request.get("uid");
        if (uid != Superuser.effectiveUid() || !DaemonRequests.served(args, cwd, context::getProperty)) {
            return RUN_IT_YOURSELF;
        }
        Map<String, String> env = Map.copyOf((Map<String, String>) request.get("env"));
        TerminalProgress.CLIENT_STDERR_TERMINAL.set(Boolean.TRUE.equals(request.get("stderrTerminal")));
        try {
            return command.execute(args, (PrintStream) request.get("out"), (PrintStream) request.get("err"), () -> env,
                    () -> uid);
        } finally {
            TerminalProgress.CLIENT_STDERR_TERMINAL.remove();
        }
    }
}
