package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rktj.api.RktException;
import io.rktj.store.oci.OciImageBuilder;

/** OCI layers that try to write outside the tree they are applied to: refused, store unchanged, nothing written outside. */
class HostileLayerTest {
    @TempDir
    Path dir;

    @TempDir
    static Path outside;

    private static Arguments hostile(String what, UnaryOperator<OciImageBuilder> layers, String why) {
        return Arguments.of(what, layers, why);
    }

    static Stream<Arguments> hostile() {
        String victim = outside.resolve("victim").toString();
        return Stream.of(
                hostile("dot-dot", b -> b.layer().file("a/../../evil", "x", 0644).done(),
                        "entry \"a/../../evil\" leaves the image (..)"),
                hostile("absolute", b -> b.layer().file(victim, "x", 0644).done(),
                        "absolute name \"" + victim + "\""),
                hostile("symlink then file", b -> b.layer().symlink("escape", outside.toString())
                                .file("escape/victim", "x", 0644).done(),
                        "entry \"escape/victim\" goes through the symbolic link \"escape\""),
                hostile("relative symlink then file", b -> b.layer().dir("a", 0755).symlink("a/up", "../../../../../..")
                                .file("a/up/tmp/victim", "x", 0644).done(),
                        "entry \"a/up/tmp/victim\" goes through the symbolic link \"a/up\""),
                hostile("symlink in a lower layer, file through it in an upper one",
                        b -> b.layer().symlink("escape", outside.toString()).done()
                                .layer().file("escape/victim", "x", 0644).done(),
                        "entry \"escape/victim\" goes through the symbolic link \"escape\""),
                hostile("whiteout through a symlink", b -> b.layer().symlink("escape", outside.toString()).done()
                                .layer().whiteout("escape/.wh.victim").done(),
                        "entry \"escape/.wh.victim\" goes through the symbolic link \"escape\""),
                hostile("hard link outside", b -> b.layer().hardlink("passwd", "../../etc/passwd").done(),
                        "hard link \"passwd\" points outside the image (\"../../etc/passwd\")"),
                hostile("hard link absolute", b -> b.layer().hardlink("passwd", "/etc/passwd").done(),
                        "hard link \"passwd\" points outside the image (\"/etc/passwd\")"),
                hostile("hard link through a symlink", b -> b.layer().symlink("etc", "/etc").hardlink("passwd", "etc/passwd").done(),
                        "hard link \"passwd\" points to \"etc/passwd\", which is not a file of the image"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isRefusedAndLeavesTheStoreUnchanged(String what, UnaryOperator<OciImageBuilder> layers, String why) throws Exception {
        CasImageStore store = CasImageStore.at(dir);
        OciImageBuilder good = new OciImageBuilder().layer().file("bin/sh", "sh", 0755).done();
        store.importOci(good.ref("example.com/good", "1", good.build()), good.source(), null);
        List<String> before = StoreSnapshot.of(dir);
        OciImageBuilder evil = layers.apply(new OciImageBuilder());
        String digest = evil.build();

        RktException e = assertThrows(RktException.class,
                () -> store.importOci(evil.ref("example.com/evil", "1", digest), evil.source(), null));

        String layer = evil.layers().get(evil.layers().size() - 1).digest();
        assertEquals("unsafe archive: layer " + layer + ": " + why, e.getMessage().replaceAll("layer sha256:[0-9a-f]{64}: (?=.*layer)", ""));
        assertEquals(before, StoreSnapshot.of(dir));
        assertEquals(0, StoreSnapshot.entries(outside));
    }
}
