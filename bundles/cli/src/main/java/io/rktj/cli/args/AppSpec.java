package io.rktj.cli.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rktj.api.pod.AppRequest;
import io.rktj.api.schema.Isolator;
import io.rktj.api.schema.Mount;

/** One image of a run or prepare command line and the app flags that followed it. */
public final class AppSpec {
    private final String image;
    private String name;
    private String exec;
    private final List<String> args = new ArrayList<>();
    private String user;
    private String group;
    private String workingDir;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final List<Mount> mounts = new ArrayList<>();
    private final Map<String, Isolator> isolators = new LinkedHashMap<>();
    private Boolean readOnlyRootFS;

    AppSpec(String image) {
        this.image = image;
    }

    public String image() {
        return image;
    }

    void apply(AppFlag flag, String value) {
        switch (flag) {
            case EXEC -> {
                if (exec != null) {
                    throw new IllegalArgumentException("--exec specified multiple times for the same image");
                }
                exec = value;
            }
            case NAME -> name = value;
            case USER -> user = value;
            case GROUP -> group = value;
            case WORKING_DIR -> workingDir = value;
            case ENVIRONMENT -> {
                int eq = value.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("invalid format of --environment flag \"" + value + "\"");
                }
                environment.put(value.substring(0, eq), value.substring(eq + 1));
            }
            case MOUNT -> mounts.add(MountSpec.parse(value));
            case READONLY_ROOTFS -> readOnlyRootFS = GoBool.parse(value);
            default -> {
                Isolator i = IsolatorFlags.parse(flag, value);
                isolators.put(i.name(), i);
            }
        }
    }

    void addArg(String arg) {
        args.add(arg);
    }

    /**
     * The request for this app; mounts given before the first image apply to every app,
     * unless the app has its own mount at the same path.
     */
    public AppRequest toRequest(List<Mount> podMounts) {
        List<Mount> all = new ArrayList<>(mounts);
        for (Mount m : podMounts) {
            if (all.stream().noneMatch(own -> own.path().equals(m.path()))) {
                all.add(m);
            }
        }
        return new AppRequest(image, name, exec, List.copyOf(args), user, group, workingDir,
                Collections.unmodifiableMap(new LinkedHashMap<>(environment)), List.copyOf(all),
                isolators.isEmpty() ? null : List.copyOf(isolators.values()), readOnlyRootFS);
    }
}
