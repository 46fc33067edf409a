package io.rktj.stage1.fly;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.rktj.api.app.AppIdentity;

/**
 * The command line of fly-init (src/main/c/fly-init.c documents it):
 * {@code fly-init run|enter --rootfs DIR --cwd DIR --uid N --gid N --groups N,... --exec PATH
 * [--lock-fd N] [--pid-file FILE --status-file FILE] -- ARG0 ARGS...}; the app's environment is
 * fly-init's own.
 *
 * @param exec       the program, an absolute path inside the rootfs
 * @param args       the app's argv, argv[0] included
 * @param lockFd     the pod lock to keep open, or -1
 * @param pidFile    run only: where fly-init records the app's pid
 * @param statusFile run only: where fly-init records the app's exit code
 */
record FlyInitCommand(String mode, Path rootfs, String cwd, AppIdentity identity, String exec, List<String> args,
        int lockFd, Path pidFile, Path statusFile) {

    List<String> argv(Path binary) {
        List<String> argv = new ArrayList<>(List.of(binary.toString(), mode,
                "--rootfs", rootfs.toString(),
                "--cwd", cwd,
                "--uid", Integer.toUnsignedString(identity.uid()),
                "--gid", Integer.toUnsignedString(identity.gid()),
                "--groups", groups(identity.groups()),
                "--exec", exec));
        if (lockFd >= 0) {
            argv.addAll(List.of("--lock-fd", Integer.toString(lockFd)));
        }
        if (pidFile != null) {
            argv.addAll(List.of("--pid-file", pidFile.toString(), "--status-file", statusFile.toString()));
        }
        argv.add("--");
        argv.addAll(args);
        return argv;
    }

    private static String groups(List<Integer> gids) {
        StringBuilder out = new StringBuilder();
        for (Integer gid : gids) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(Integer.toUnsignedString(gid));
        }
        return out.toString();
    }
}
