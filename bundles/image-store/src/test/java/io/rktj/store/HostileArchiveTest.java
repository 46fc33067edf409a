package io.rktj.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.rktj.api.RktException;

/** Archives that try to write outside the directory they are extracted into: refused, store unchanged. */
class HostileArchiveTest {
    @TempDir
    Path dir;

    @TempDir
    static Path outside;

    static Stream<Arguments> hostile() {
        String victim = outside.resolve("victim").toString();
        return Stream.of(
                Arguments.of("dot-dot", AciBuilder.image("example.com/evil", null).file("rootfs/../../evil", "x", 0644),
                        "unsafe archive: entry \"rootfs/../../evil\" leaves the image (..)"),
                Arguments.of("dot-dot at the top", AciBuilder.image("example.com/evil", null).file("../evil", "x", 0644),
                        "unsafe archive: entry \"../evil\" leaves the image (..)"),
                Arguments.of("absolute", AciBuilder.image("example.com/evil", null).file(victim, "x", 0644),
                        "unsafe archive: absolute name \"" + victim + "\""),
                Arguments.of("symlink then file", AciBuilder.image("example.com/evil", null)
                                .symlink("rootfs/escape", outside.toString())
                                .file("rootfs/escape/victim", "x", 0644),
                        "unsafe archive: entry \"rootfs/escape/victim\" goes through the symbolic link \"rootfs/escape\""),
                Arguments.of("relative symlink then file", AciBuilder.image("example.com/evil", null)
                                .dir("rootfs/a", 0755)
                                .symlink("rootfs/a/up", "../../../../../../../../..")
                                .file("rootfs/a/up/tmp/victim", "x", 0644),
                        "unsafe archive: entry \"rootfs/a/up/tmp/victim\" goes through the symbolic link \"rootfs/a/up\""),
                Arguments.of("hard link outside", AciBuilder.image("example.com/evil", null)
                                .hardlink("rootfs/passwd", "../../etc/passwd"),
                        "unsafe archive: hard link \"rootfs/passwd\" points outside the image (\"../../etc/passwd\")"),
                Arguments.of("hard link absolute", AciBuilder.image("example.com/evil", null)
                                .hardlink("rootfs/passwd", "/etc/passwd"),
                        "unsafe archive: hard link \"rootfs/passwd\" points outside the image (\"/etc/passwd\")"),
                Arguments.of("hard link to the manifest", AciBuilder.image("example.com/evil", null)
                                .hardlink("rootfs/m", "manifest"),
                        "unsafe archive: hard link \"rootfs/m\" points outside the image (\"manifest\")"),
                Arguments.of("hard link through a symlink", AciBuilder.image("example.com/evil", null)
                                .symlink("rootfs/etc", "/etc")
                                .hardlink("rootfs/passwd", "rootfs/etc/passwd"),
                        "unsafe archive: hard link \"rootfs/passwd\" points to \"rootfs/etc/passwd\", which is not a file earlier in the image"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void isRefusedAndLeavesTheStoreUnchanged(String what, AciBuilder aci, String message) throws Exception {
        CasImageStore store = CasImageStore.at(dir);
        store.render(store.importAci(AciBuilder.image("example.com/good", null).stream(), "t").id());
        List<String> before = StoreSnapshot.of(dir);

        RktException e = assertThrows(RktException.class, () -> store.importAci(aci.stream(), "t"));

        assertEquals(message, e.getMessage());
        assertEquals(before, StoreSnapshot.of(dir));
        assertEquals(0, StoreSnapshot.entries(outside));
        assertEquals(false, Files.exists(dir.resolve("evil")) || Files.exists(dir.getParent().resolve("evil")));
    }
}
