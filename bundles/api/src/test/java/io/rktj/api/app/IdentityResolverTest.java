package io.rktj.api.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.rktj.api.RktException;

class IdentityResolverTest {
    @TempDir
    Path root;

    @BeforeEach
    void image() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), """
                root:x:0:0:root:/root:/bin/sh
                # a comment
                www:x:33:33:www:/var/www:/bin/false
                1234:x:4321:100::/:/bin/sh
                alice:x:1000:1000::/home/alice:/bin/sh
                """);
        Files.writeString(root.resolve("etc/group"), """
                root:x:0:
                users:x:100:alice,bob
                www:x:33:
                audio:x:29:bob,alice
                staff:x:50:
                """);
    }

    private AppIdentity resolve(String user, String group, List<Integer> extra) {
        return new IdentityResolver(root).resolve(user, group, extra);
    }

    @Test
    void namesComeFromTheImage() {
        assertEquals(new AppIdentity(33, 33, List.of()), resolve("www", "www", null));
    }

    @Test
    void numbersAreUsedWhenNoNameMatches() {
        assertEquals(new AppIdentity(500, 600, List.of()), resolve("500", "600", null));
    }

    @Test
    void aNumericNameInPasswdWinsOverTheNumber() {
        assertEquals(4321, resolve("1234", "0", null).uid());
    }

    @Test
    void supplementaryGroupsAreMembershipsThenTheAppsGids() {
        AppIdentity id = resolve("alice", "staff", List.of(7, 29));
        assertEquals(1000, id.uid());
        assertEquals(50, id.gid());
        assertEquals(List.of(100, 29, 7), id.groups());
    }

    @Test
    void aNumericUserFindsItsNameForMemberships() {
        assertEquals(List.of(100, 29), resolve("1000", "1000", null).groups());
    }

    @Test
    void noGroupMeansTheUsersPrimaryGroup() {
        assertEquals(1000, resolve("alice", null, null).gid());
        assertEquals(0, resolve("77", "", null).gid());
    }

    @Test
    void aPathMeansTheOwnerOfThatFileInTheImage() throws IOException {
        Path f = Files.writeString(root.resolve("owned"), "x");
        Files.setAttribute(f, "unix:uid", 4000);
        Files.setAttribute(f, "unix:gid", 4001);
        assertEquals(new AppIdentity(4000, 4001, List.of()), resolve("/owned", "/owned", null));
    }

    @Test
    void anUnknownNameIsAnError() {
        RktException e = assertThrows(RktException.class, () -> resolve("mallory", "0", null));
        assertEquals("user \"mallory\": not in the image's /etc/passwd and not a number", e.getMessage());
        e = assertThrows(RktException.class, () -> resolve("0", "wheel", null));
        assertEquals("group \"wheel\": not in the image's /etc/group and not a number", e.getMessage());
    }

    @Test
    void anImageWithoutPasswdTakesNumbers() throws IOException {
        Files.delete(root.resolve("etc/passwd"));
        Files.delete(root.resolve("etc/group"));
        assertEquals(new AppIdentity(0, 0, List.of()), resolve("0", "0", null));
    }
}
