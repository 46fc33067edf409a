package io.rktj.stage1.fly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.rktj.api.app.AppIdentity;

class FlyInitCommandTest {
    @Test
    void runCarriesEverythingFlyInitNeeds() {
        FlyInitCommand c = new FlyInitCommand("run", Path.of("/pod/stage1/rootfs/opt/stage2/a/rootfs"), "/work",
                new AppIdentity(1000, 50, List.of(60, 70)), "/bin/sh", List.of("sh", "-c", "exit 3"), 5,
                Path.of("/pod/pid"), Path.of("/pod/stage1/rootfs/rkt/status/a"));
        assertEquals(List.of("/pod/stage1/rootfs/fly-init", "run",
                "--rootfs", "/pod/stage1/rootfs/opt/stage2/a/rootfs", "--cwd", "/work", "--uid", "1000", "--gid", "50",
                "--groups", "60,70", "--exec", "/bin/sh", "--lock-fd", "5",
                "--pid-file", "/pod/pid", "--status-file", "/pod/stage1/rootfs/rkt/status/a",
                "--", "sh", "-c", "exit 3"), c.argv(Path.of("/pod/stage1/rootfs/fly-init")));
    }

    @Test
    void enterHasNoLockAndNoFiles() {
        FlyInitCommand c = new FlyInitCommand("enter", Path.of("/r"), "/", AppIdentity.ROOT, "/bin/sh", List.of("/bin/sh"), -1,
                null, null);
        assertEquals(List.of("/f", "enter", "--rootfs", "/r", "--cwd", "/", "--uid", "0", "--gid", "0", "--groups", "",
                "--exec", "/bin/sh", "--", "/bin/sh"), c.argv(Path.of("/f")));
    }

    @Test
    void overlayOptionsAreEscaped() {
        assertEquals("/a\\,b\\:c\\\\d", PodMounts.escape(Path.of("/a,b:c\\d")));
    }
}
