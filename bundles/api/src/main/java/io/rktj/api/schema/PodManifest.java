package io.rktj.api.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code pod} file of a pod directory. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"acVersion", "acKind", "apps", "volumes", "isolators", "annotations", "ports", "userAnnotations", "userLabels"})
public record PodManifest(
        String acVersion,
        String acKind,
        List<RuntimeApp> apps,
        List<Volume> volumes,
        List<Isolator> isolators,
        List<NameValue> annotations,
        List<ExposedPort> ports,
        Map<String, String> userAnnotations,
        Map<String, String> userLabels) {

    public static final String KIND = "PodManifest";

    public Optional<RuntimeApp> app(String name) {
        return apps == null ? Optional.empty() : apps.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<Volume> volume(String name) {
        return volumes == null ? Optional.empty() : volumes.stream().filter(v -> v.name().equals(name)).findFirst();
    }
}
