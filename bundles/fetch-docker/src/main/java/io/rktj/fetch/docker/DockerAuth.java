package io.rktj.fetch.docker;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.rktj.api.RktException;

/**
 * Registry credentials from rkt's {@code auth.d} files of kind {@code dockerAuth}:
 * <pre>{"rktKind": "dockerAuth", "rktVersion": "v1", "registries": ["quay.io"],
 *  "credentials": {"user": "u", "password": "p"}}</pre>
 * read from the system configuration, then the local one, which wins for the same registry.
 */
final class DockerAuth {
    record Credentials(String user, String password) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Credentials> byRegistry;

    private DockerAuth(Map<String, Credentials> byRegistry) {
        this.byRegistry = byRegistry;
    }

    static DockerAuth read(List<Path> configDirs) {
        Map<String, Credentials> all = new HashMap<>();
        for (Path dir : configDirs) {
            all.putAll(readDir(dir.resolve("auth.d")));
        }
        return new DockerAuth(all);
    }

    Optional<Credentials> forRegistry(DockerRef ref) {
        Credentials c = byRegistry.get(ref.registry());
        return Optional.ofNullable(c != null ? c : byRegistry.get(ref.host()));
    }

    private static Map<String, Credentials> readDir(Path dir) {
        Map<String, Credentials> found = new HashMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.json")) {
            for (Path f : files) {
                JsonNode n = JSON.readTree(f.toFile());
                if (!"dockerAuth".equals(n.path("rktKind").asText())) {
                    continue;
                }
                if (!"v1".equals(n.path("rktVersion").asText())) {
                    throw new RktException(f + ": unsupported rktVersion \"" + n.path("rktVersion").asText() + "\" of dockerAuth");
                }
                JsonNode c = n.path("credentials");
                Credentials creds = new Credentials(c.path("user").asText(), c.path("password").asText());
                n.path("registries").forEach(r -> found.put(r.asText(), creds));
            }
        } catch (NoSuchFileException e) {
            return found;
        } catch (IOException e) {
            throw RktException.wrap("read " + dir, e);
        }
        return found;
    }
}
