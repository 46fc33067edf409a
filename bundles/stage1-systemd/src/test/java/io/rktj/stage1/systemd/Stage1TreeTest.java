package io.rktj.stage1.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Stage1TreeTest {
    @Test
    void theMachineIdIsThePodsUuidWithoutDashes() {
        UUID pod = UUID.fromString("6f2d0a6e-0c4b-4d61-9a0e-2b8c3e4f5a61");

        String id = Stage1Tree.machineId(pod);

        assertEquals("6f2d0a6e0c4b4d619a0e2b8c3e4f5a61", id);
        assertEquals(32, id.length());
    }

    @Test
    void theHostsShutdownUnitsAreLinkedIntoThePodsOnlyUnitDirectory(@TempDir Path root) throws IOException {
        new Stage1Tree(root).linkHostUnits();

        Path units = root.resolve("etc/systemd/system");
        // this host (Debian 12) has them all in /usr/lib/systemd/system, which the pod binds too
        for (String name : Stage1Tree.HOST_UNITS) {
            Path link = units.resolve(name);
            assertTrue(Files.isSymbolicLink(link), name);
            assertEquals(Path.of("/usr/lib/systemd/system", name), Files.readSymbolicLink(link));
        }
        try (var listed = Files.list(units)) {
            assertEquals(Stage1Tree.HOST_UNITS.size(), listed.count());
        }
        // and a second build of the same tree leaves them as they are
        new Stage1Tree(root).linkHostUnits();
    }
}
