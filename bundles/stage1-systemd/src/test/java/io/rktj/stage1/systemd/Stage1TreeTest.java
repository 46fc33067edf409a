package io.rktj.stage1.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class Stage1TreeTest {
    @Test
    void theMachineIdIsThePodsUuidWithoutDashes() {
        UUID pod = UUID.fromString("6f2d0a6e-0c4b-4d61-9a0e-2b8c3e4f5a61");

        String id = Stage1Tree.machineId(pod);

        assertEquals("6f2d0a6e0c4b4d619a0e2b8c3e4f5a61", id);
        assertEquals(32, id.length());
    }
}
