package io.rktj.api.app;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.App;
import io.rktj.api.schema.NameValue;

/**
 * An app's environment, lowest precedence first: appc's default PATH, the rkt process's
 * environment when --inherit-env was given, the app's own environment (the pod manifest's, in
 * which the core already merged the image's and --environment), --set-env, and AC_APP_NAME,
 * which the executor always sets. rkt's fly set no "container" variable; neither do we.
 */
public final class AppEnvironment {
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private AppEnvironment() {
    }

    public static Map<String, String> of(String appName, App app, RuntimeConfig config) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", DEFAULT_PATH);
        if (config != null && config.inheritEnv() != null) {
            env.putAll(config.inheritEnv());
        }
        List<NameValue> own = app == null ? null : app.environment();
        if (own != null) {
            for (NameValue nv : own) {
                env.put(nv.name(), nv.value() == null ? "" : nv.value());
            }
        }
        if (config != null && config.setEnv() != null) {
            env.putAll(config.setEnv());
        }
        env.put("AC_APP_NAME", appName);
        return env;
    }

    /** The environment as execve wants it: NAME=value strings. */
    public static List<String> envp(Map<String, String> env) {
        List<String> envp = new ArrayList<>(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            envp.add(e.getKey() + "=" + e.getValue());
        }
        return Collections.unmodifiableList(envp);
    }
}
