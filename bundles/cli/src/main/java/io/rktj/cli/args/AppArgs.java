package io.rktj.cli.args;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.rktj.api.pod.AppRequest;
import io.rktj.api.schema.Mount;

/**
 * Splits a run or prepare command line as rkt's cli_apps.go does: anything not a flag is an
 * image; app flags apply to the image before them; {@code --} starts that image's arguments
 * and {@code ---} ends them. Every other flag is a pod flag and is handed back, in
 * {@code --flag=value} form, for the command's own option parser.
 *
 * @param apps      the images in order, with their app flags and arguments
 * @param podMounts --mount flags given before the first image (they apply to every app)
 * @param podArgs   the remaining (pod and global) flags
 */
public record AppArgs(List<AppSpec> apps, List<Mount> podMounts, List<String> podArgs) {

    /**
     * @param takesValue whether a pod flag (by name, without "=value") consumes the next
     *                   argument as its value when none is attached
     */
    public static AppArgs parse(List<String> args, Predicate<String> takesValue) {
        List<AppSpec> apps = new ArrayList<>();
        List<Mount> podMounts = new ArrayList<>();
        List<String> podArgs = new ArrayList<>();
        boolean inAppArgs = false;
        int appsWithArgs = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.isEmpty()) {
                continue;
            }
            if (inAppArgs) {
                if (a.equals("---")) {
                    inAppArgs = false;
                } else {
                    apps.get(apps.size() - 1).addArg(a);
                }
            } else if (a.equals("--")) {
                if (apps.isEmpty()) {
                    throw new IllegalArgumentException("an image is required before any app arguments");
                }
                if (appsWithArgs == apps.size()) {
                    throw new IllegalArgumentException("only one set of app arguments allowed per image");
                }
                appsWithArgs = apps.size();
                inAppArgs = true;
            } else if (a.equals("---")) {
                // rkt ignores a stray "---" outside app arguments: it only ends them
                continue;
            } else if (a.startsWith("-") && a.length() > 1) {
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                var appFlag = AppFlag.byFlag(name);
                if (appFlag.isPresent()) {
                    String value;
                    if (eq >= 0) {
                        value = a.substring(eq + 1);
                    } else if (appFlag.get().isBoolean()) {
                        value = "true";
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException("flag needs an argument: " + name);
                    }
                    apply(appFlag.get(), value, apps, podMounts);
                } else if (eq < 0 && takesValue.test(name) && i + 1 < args.size()) {
                    podArgs.add(name + "=" + args.get(++i));
                } else {
                    podArgs.add(a);
                }
            } else {
                apps.add(new AppSpec(a));
            }
        }
        return new AppArgs(List.copyOf(apps), List.copyOf(podMounts), List.copyOf(podArgs));
    }

    private static void apply(AppFlag flag, String value, List<AppSpec> apps, List<Mount> podMounts) {
        if (apps.isEmpty()) {
            if (flag == AppFlag.MOUNT) {
                podMounts.add(MountSpec.parse(value));
                return;
            }
            throw new IllegalArgumentException(flag.flag() + " must follow an image");
        }
        apps.get(apps.size() - 1).apply(flag, value);
    }

    public List<AppRequest> requests() {
        List<AppRequest> requests = new ArrayList<>(apps.size());
        for (AppSpec a : apps) {
            requests.add(a.toRequest(podMounts));
        }
        return List.copyOf(requests);
    }
}
