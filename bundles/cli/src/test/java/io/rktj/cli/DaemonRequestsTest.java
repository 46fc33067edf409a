package io.rktj.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonRequestsTest {

    @TempDir
    Path cwd;

    private final Map<String, String> daemon = Map.of("rkt.dir", "/var/lib/rkt-test");

    @BeforeEach
    void files() throws IOException {
        Files.createFile(cwd.resolve("busybox.img"));
        Files.createDirectory(cwd.resolve("run"));
        Files.createDirectory(cwd.resolve("list"));
    }

    private boolean served(String... args) {
        return DaemonRequests.served(args, cwd, daemon::get);
    }

    @Test
    void commandsUnderTheDaemonsDirWithAbsolutePathsAreServed() {
        assertTrue(served("--dir=/var/lib/rkt-test", "run", "--insecure-options=image", "/images/busybox.aci",
                "--exec", "/bin/echo", "--", "./not-a-host-path", "---", "docker://busybox"));
        assertTrue(served("--dir", "/var/lib/rkt-test", "list", "--format=json"));
        assertTrue(served("run", "--dir=/var/lib/rkt-test", "--uuid-file-save=/tmp/u", "--net=host", "oci:/l:tag"));
        assertTrue(served("--dir=/var/lib/rkt-test", "image", "list", "--no-legend"));
        assertTrue(served("--dir=/var/lib/rkt-test", "run", "--volume=data,kind=host,source=/srv", "example.com/app:v1"));
    }

    @Test
    void anotherDataDirOrDebugRunsInTheClientsProcess() {
        assertFalse(served("list"));
        assertFalse(served("--dir=/var/lib/rkt", "list"));
        assertFalse(served("--dir=/var/lib/rkt-test", "--local-config=/etc/x", "list"));
        assertFalse(served("--dir=/var/lib/rkt-test", "--debug", "list"));
    }

    @Test
    void commandsThatNeedTheClientsTerminalOrFilesRunThere() {
        assertFalse(served("--dir=/var/lib/rkt-test", "enter", "abc"));
        assertFalse(served("--dir=/var/lib/rkt-test", "trust", "/k.asc"));
        assertFalse(served("--dir=/var/lib/rkt-test", "image", "export", "sha512-a", "/tmp/x.aci"));
        assertFalse(served("--dir=/var/lib/rkt-test", "run", "--interactive", "/i.aci"));
    }

    @Test
    void relativePathsRunInTheClientsProcess() {
        assertFalse(served("--dir=/var/lib/rkt-test", "run", "./x.aci"));
        assertFalse(served("--dir=/var/lib/rkt-test", "run", "x.aci"));
        assertFalse(served("--dir=/var/lib/rkt-test", "fetch", "busybox.img"));
        assertFalse(served("--dir=/var/lib/rkt-test", "run", "--uuid-file-save=uuid", "/i.aci"));
        assertFalse(served("--dir=/var/lib/rkt-test", "status", "--uuid-file", "uuid"));
        assertFalse(served("--dir=/var/lib/rkt-test", "run", "--volume=d,kind=host,source=data", "/i.aci"));
        assertFalse(served("--dir=/var/lib/rkt-test", "fetch", "oci:layout:tag"));
        assertFalse(served("--dir=var/lib/rkt-test", "list"));
    }

    @Test
    void theCommandWordsThemselvesAreNotPaths() {
        // "run" and "list" are folders of the working directory here
        assertTrue(served("--dir=/var/lib/rkt-test", "run", "/i.aci"));
        assertTrue(served("--dir=/var/lib/rkt-test", "image", "list"));
    }
}
