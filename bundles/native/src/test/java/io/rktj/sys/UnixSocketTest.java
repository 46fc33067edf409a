package io.rktj.sys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixSocketTest {

    @TempDir
    Path dir;

    @Test
    void bytesCredentialsAndFdsCrossTheSocket() throws Exception {
        Path path = dir.resolve("s.sock");
        Path file = dir.resolve("passed");
        Files.writeString(file, "through the fd");
        try (UnixSocket server = UnixSocket.listen(path, 4)) {
            CompletableFuture<UnixSocket> accepted = CompletableFuture.supplyAsync(server::accept);
            try (UnixSocket client = UnixSocket.connect(path); UnixSocket peer = accepted.get(10, TimeUnit.SECONDS)) {
                UnixSocket.Credentials credentials = peer.peer();
                assertEquals(ProcessHandle.current().pid(), credentials.pid());
                assertEquals(Posix.geteuid(), credentials.uid());

                client.write("hello".getBytes(StandardCharsets.UTF_8), 0, 5);
                byte[] got = new byte[16];
                int n = peer.read(got, 3, 10);
                assertEquals("hello", new String(got, 3, n, StandardCharsets.UTF_8));

                int fd = Posix.openDirectory(dir);
                try {
                    peer.sendFds(new byte[] {'D'}, new int[] {fd});
                    List<Integer> fds = new ArrayList<>();
                    byte[] one = new byte[4];
                    assertEquals(1, client.receive(one, 0, 4, fds));
                    assertEquals('D', one[0]);
                    assertEquals(1, fds.size());
                    int received = fds.get(0);
                    assertTrue(received != fd, "a new fd number for the same file");
                    assertEquals(dir.toRealPath(), Files.readSymbolicLink(Path.of("/proc/self/fd/" + received)));
                    Posix.close(received);
                } finally {
                    Posix.close(fd);
                }

                peer.shutdownOutput();
                assertEquals(-1, client.read(got, 0, 4));
            }
        }
    }

    @Test
    void writingToAClosedPeerIsAnIoExceptionNotASignal() throws Exception {
        Path path = dir.resolve("w.sock");
        try (UnixSocket server = UnixSocket.listen(path, 1)) {
            CompletableFuture<UnixSocket> accepted = CompletableFuture.supplyAsync(server::accept);
            try (UnixSocket client = UnixSocket.connect(path)) {
                accepted.get(10, TimeUnit.SECONDS).close();
                byte[] block = new byte[65536];
                assertThrows(IOException.class, () -> {
                    for (int i = 0; i < 64; i++) {
                        client.write(block, 0, block.length);
                    }
                });
            }
        }
    }

    @Test
    void aMissingSocketIsANativeErrorNamingThePath() {
        NativeException e = assertThrows(NativeException.class, () -> UnixSocket.connect(dir.resolve("none.sock")));
        assertEquals(Posix.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("none.sock"), e.getMessage());
    }

    @Test
    void anExecUnderAHandoffGoesToTheClientWithItsFds() throws Exception {
        int fd = Posix.openDirectory(dir);
        List<Object> sent = new ArrayList<>();
        ExecHandoff.Client client = new ExecHandoff.Client() {
            @Override
            public int pid() {
                return 4242;
            }

            @Override
            public void exec(String path, List<String> argv, List<String> envp, int[] fds) {
                sent.add(path);
                sent.add(argv);
                sent.add(envp);
                sent.add(fds);
                assertTrue(Files.exists(Path.of("/proc/self/fd/" + fd)), "still open while it is sent");
            }
        };
        assertThrows(ExecHandoff.HandedOff.class, () -> ExecHandoff.on(client, () -> {
            assertTrue(ExecHandoff.active());
            assertEquals(4242, Posix.getpid());
            Posix.inheritable(fd);
            Posix.execve("/bin/true", List.of("true", "x"), List.of("A=1"));
            return null;
        }));
        assertFalse(ExecHandoff.active());
        assertEquals(ProcessHandle.current().pid(), Posix.getpid());
        assertEquals("/bin/true", sent.get(0));
        assertEquals(List.of("true", "x"), sent.get(1));
        assertEquals(List.of("A=1"), sent.get(2));
        assertArrayEquals(new int[] {fd}, (int[]) sent.get(3));
        assertFalse(Files.exists(Path.of("/proc/self/fd/" + fd)), "this process's copy is closed once handed over");
    }

    @Test
    void aClientThatCannotBeReachedLeavesTheFdsWithTheCaller() throws Exception {
        int fd = Posix.openDirectory(dir);
        try {
            ExecHandoff.Client client = new ExecHandoff.Client() {
                @Override
                public int pid() {
                    return 1;
                }

                @Override
                public void exec(String path, List<String> argv, List<String> envp, int[] fds) {
                    throw new IllegalStateException("client gone");
                }
            };
            assertThrows(IllegalStateException.class, () -> ExecHandoff.on(client, () -> {
                Posix.inheritable(fd);
                Posix.execve("/bin/true", List.of("true"), List.of());
                return null;
            }));
            assertTrue(Files.exists(Path.of("/proc/self/fd/" + fd)));
        } finally {
            Posix.close(fd);
        }
    }
}
