package io.rktj.api.schema;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The {@code manifest} file of an ACI. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"acKind", "acVersion", "name", "labels", "app", "dependencies", "pathWhitelist", "annotations"})
public record ImageManifest(
        String acKind,
        String acVersion,
        String name,
        List<NameValue> labels,
        App app,
        List<Dependency> dependencies,
        List<String> pathWhitelist,
        List<NameValue> annotations) {

    public static final String KIND = "ImageManifest";

    public Optional<String> label(String key) {
        if (labels == null) {
            return Optional.empty();
        }
        return labels.stream().filter(l -> key.equals(l.name())).map(NameValue::value).findFirst();
    }
}
