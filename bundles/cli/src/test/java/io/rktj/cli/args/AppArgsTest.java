package io.rktj.cli.args;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;

import io.rktj.api.pod.AppRequest;
import io.rktj.api.schema.Mount;

class AppArgsTest {
    private static final Predicate<String> POD_VALUE_FLAGS = Set.of("--hostname", "--set-env", "--volume", "--dir")::contains;

    private static AppArgs parse(String... args) {
        return AppArgs.parse(List.of(args), POD_VALUE_FLAGS);
    }

    private static String error(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> parse(args)).getMessage();
    }

    @Test
    void appFlagsBindToThePrecedingImageAndDashesDelimitItsArguments() {
        AppArgs a = parse("./a.aci", "--exec", "/bin/echo", "--name=first", "--", "hello", "--name", "-x", "---",
                "b.aci", "--user", "1000", "--group=100", "--working-dir", "/srv", "--environment", "K=V=W",
                "--environment=L=", "example.com/c:1.0", "--", "only");
        List<AppRequest> apps = a.requests();
        assertEquals(3, apps.size());
        assertEquals(new AppRequest("./a.aci", "first", "/bin/echo", List.of("hello", "--name", "-x"),
                null, null, null, Map.of(), List.of()), apps.get(0));
        assertEquals(new AppRequest("b.aci", null, null, List.of(), "1000", "100", "/srv",
                Map.of("K", "V=W", "L", ""), List.of()), apps.get(1));
        assertEquals(List.of("only"), apps.get(2).args());
        assertEquals(List.of(), a.podArgs());
    }

    @Test
    void argumentsRunToTheEndWithoutTripleDash() {
        AppArgs a = parse("a.aci", "--", "--hostname", "x", "b.aci");
        assertEquals(1, a.apps().size());
        assertEquals(List.of("--hostname", "x", "b.aci"), a.requests().get(0).args());
        assertEquals(List.of(), a.podArgs());
    }

    @Test
    void podFlagsAnywhereAreHandedBackWithTheirValuesAttached() {
        AppArgs a = parse("--hostname", "h", "a.aci", "--interactive", "b.aci", "--set-env", "X=1", "--net=host",
                "--volume=v,kind=empty", "--bogus", "c.aci", "--dir", "/tmp/d");
        assertEquals(List.of("a.aci", "b.aci", "c.aci"), a.apps().stream().map(AppSpec::image).toList());
        assertEquals(List.of("--hostname=h", "--interactive", "--set-env=X=1", "--net=host", "--volume=v,kind=empty",
                "--bogus", "--dir=/tmp/d"), a.podArgs());
    }

    @Test
    void strayTripleDashAndEmptyArgumentsAreIgnored() {
        AppArgs a = parse("---", "", "a.aci", "---", "b.aci");
        assertEquals(List.of("a.aci", "b.aci"), a.apps().stream().map(AppSpec::image).toList());
    }

    @Test
    void mountsBeforeTheFirstImageApplyToEveryAppUnlessItMountsThatPath() {
        AppArgs a = parse("--mount", "volume=data,target=/data", "--mount=volume=logs,target=/logs",
                "a.aci", "b.aci", "--mount", "volume=other,target=/data");
        Mount data = new Mount("data", "/data", null);
        Mount logs = new Mount("logs", "/logs", null);
        assertEquals(List.of(data, logs), a.requests().get(0).mounts());
        assertEquals(List.of(new Mount("other", "/data", null), logs), a.requests().get(1).mounts());
    }

    @Test
    void misplacedSyntaxIsRejectedWithRktsMessages() {
        assertEquals("an image is required before any app arguments", error("--", "a.aci"));
        assertEquals("only one set of app arguments allowed per image", error("a.aci", "--", "x", "---", "--", "y"));
        assertEquals("--exec must follow an image", error("--exec=/bin/sh", "a.aci"));
        assertEquals("--name must follow an image", error("--name", "n", "a.aci"));
        assertEquals("flag needs an argument: --exec", error("a.aci", "--exec"));
        assertEquals("--exec specified multiple times for the same image", error("a.aci", "--exec=/a", "--exec=/b"));
        assertEquals("invalid format of --environment flag \"NOVALUE\"", error("a.aci", "--environment", "NOVALUE"));
        assertEquals("unknown mount parameter \"path\"", error("a.aci", "--mount", "volume=v,path=/x"));
    }

    @Test
    void noImagesGiveNoApps() {
        AppArgs a = parse("--hostname=h");
        assertEquals(List.of(), a.apps());
        assertEquals(List.of("--hostname=h"), a.podArgs());
    }
}
