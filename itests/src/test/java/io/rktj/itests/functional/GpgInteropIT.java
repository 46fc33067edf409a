package io.rktj.itests.functional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.rktj.itests.support.RktResult;

/** A key and a detached signature made by GnuPG (an ed25519 key), as rkt's users made them, are trusted and verified. */
class GpgInteropIT extends FunctionalTest {
    private Path home;

    @AfterEach
    void stopAgent() throws Exception {
        if (home != null) {
            // the agent gpg started for this test's home, and no other
            run("gpgconf", "--homedir", home.toString(), "--kill", "gpg-agent");
            try (Stream<Path> all = Files.walk(home)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private String run(String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "gpg hung");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
        return out;
    }

    @Test
    void aGpgKeyAndSignatureAreTrustedAndVerified() throws Exception {
        // a short path: gpg-agent's socket lives in the home and a socket path has at most 107 bytes
        home = Files.createTempDirectory(Path.of("/tmp"), "rktj-gpg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        String h = "--homedir=" + home;
        run("gpg", h, "--batch", "--passphrase", "", "--quick-gen-key", "Gpg User <gpg@example.com>", "ed25519", "sign", "never");
        Path key = ws.file("gpg-key.asc");
        run("gpg", h, "--batch", "--armor", "--output", key.toString(), "--export");
        Path aci = image("gpgsigned");
        run("gpg", h, "--batch", "--armor", "--detach-sign", "--output", aci + ".asc", aci.toString());

        RktResult trust = rkt.run("--local-config=" + ws.file("etc-rkt"), "--system-config=" + ws.file("usr-lib-rkt"),
                "trust", "--prefix=example.com/gpgsigned", "--skip-fingerprint-review", key.toString());
        assertExit(0, trust);
        assertTrue(trust.stdoutLines().contains("\tGpg User <gpg@example.com>"), trust::describe);

        RktResult fetch = rkt.run("--local-config=" + ws.file("etc-rkt"), "--system-config=" + ws.file("usr-lib-rkt"),
                "fetch", aci.toString());
        assertExit(0, fetch);
        assertTrue(fetch.stderr().contains("signature verified:\n  Gpg User <gpg@example.com>"), fetch::describe);
    }
}
