package io.rktj.api.app;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.rktj.api.pod.RuntimeConfig;
import io.rktj.api.schema.App;
import io.rktj.api.schema.NameValue;

class AppEnvironmentTest {
    private static App app(NameValue... env) {
        return new App(List.of("/bin/true"), "0", "0", null, null, null, List.of(env), null, null, null);
    }

    private static RuntimeConfig config(Map<String, String> setEnv, Map<String, String> inheritEnv) {
        return new RuntimeConfig(setEnv, inheritEnv, null, null, false, false, null);
    }

    @Test
    void defaultsAreThePathAndTheAppName() {
        Map<String, String> env = AppEnvironment.of("web", app(), null);
        assertEquals(Map.of("PATH", AppEnvironment.DEFAULT_PATH, "AC_APP_NAME", "web"), env);
    }

    @Test
    void precedenceIsInheritedThenAppThenSetEnv() {
        Map<String, String> inherited = new LinkedHashMap<>();
        inherited.put("HOME", "/root");
        inherited.put("A", "inherited");
        inherited.put("B", "inherited");
        inherited.put("C", "inherited");
        Map<String, String> setEnv = Map.of("C", "set", "PATH", "/only");
        Map<String, String> env = AppEnvironment.of("web", app(new NameValue("B", "app"), new NameValue("C", "app")),
                config(setEnv, inherited));
        assertEquals("/root", env.get("HOME"));
        assertEquals("inherited", env.get("A"));
        assertEquals("app", env.get("B"));
        assertEquals("set", env.get("C"));
        assertEquals("/only", env.get("PATH"));
    }

    @Test
    void theAppNameCannotBeOverridden() {
        Map<String, String> env = AppEnvironment.of("web", app(new NameValue("AC_APP_NAME", "other")),
                config(Map.of("AC_APP_NAME", "other"), Map.of()));
        assertEquals("web", env.get("AC_APP_NAME"));
    }

    @Test
    void envpKeepsTheOrder() {
        assertEquals(List.of("PATH=" + AppEnvironment.DEFAULT_PATH, "X=1", "AC_APP_NAME=a"),
                AppEnvironment.envp(AppEnvironment.of("a", app(new NameValue("X", "1")), null)));
    }
}
