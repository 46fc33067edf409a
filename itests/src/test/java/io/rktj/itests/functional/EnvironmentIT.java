package io.rktj.itests.functional;

import static io.rktj.itests.support.Rkt.INSECURE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.rktj.itests.support.AciBuilder;
import io.rktj.itests.support.RktResult;

/** The appc environment of an app: image < --environment < --set-env; --inherit-env below the image. */
class EnvironmentIT extends FunctionalTest {
    private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private Path envImage() {
        return image("env", AciBuilder.busybox("example.com/env").exec("/bin/env")
                .env("FROM_IMAGE", "image").env("APP_OVERRIDES", "image").env("SET_OVERRIDES", "image"));
    }

    private static Map<String, String> env(RktResult r) {
        assertExit(0, r);
        return r.stdoutLines().stream().filter(l -> l.contains("="))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
                        (a, b) -> b));
    }

    @Test
    void setEnvBeatsEnvironmentBeatsTheImage() {
        Path img = envImage();

        Map<String, String> env = env(rkt.run(INSECURE, "run", FLY, "--set-env=SET_OVERRIDES=set-env", img.toString(),
                "--environment=APP_OVERRIDES=environment", "--environment=SET_OVERRIDES=environment"));

        assertEquals("image", env.get("FROM_IMAGE"), env::toString);
        assertEquals("environment", env.get("APP_OVERRIDES"), env::toString);
        assertEquals("set-env", env.get("SET_OVERRIDES"), env::toString);
    }

    @Test
    void inheritEnvBringsHostVariablesTheManifestDoesNotSet() {
        Path img = envImage();

        Map<String, String> env = env(rkt.call(INSECURE, "run", FLY, "--inherit-env", img.toString())
                .env("RKTJ_HOST_ONLY", "from-host").env("FROM_IMAGE", "from-host").run());

        assertEquals("from-host", env.get("RKTJ_HOST_ONLY"), env::toString);
        assertEquals("image", env.get("FROM_IMAGE"), env::toString);
    }

    @Test
    void withoutInheritEnvTheAppGetsTheAppcDefaults() {
        Path img = envImage();

        Map<String, String> env = env(rkt.call(INSECURE, "run", FLY, img.toString(), "--name=envapp")
                .env("RKTJ_HOST_ONLY", "from-host").run());

        assertEquals("envapp", env.get("AC_APP_NAME"), env::toString);
        assertEquals(DEFAULT_PATH, env.get("PATH"), env::toString);
        assertFalse(env.containsKey("RKTJ_HOST_ONLY"), env::toString);
    }
}
