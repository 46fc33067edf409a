package io.rktj.cli.format;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.api.schema.Manifests;

/**
 * JSON text as Go's encoding/json writes it, which rkt's --format=json and json-pretty give:
 * compact without spaces, or MarshalIndent(v, "", "\t") with {@code "key": value} and empty
 * containers written as {@code []} and {@code {}}.
 */
public final class GoJson {
    private static final DefaultPrettyPrinter PRETTY;

    static {
        DefaultIndenter tabs = new DefaultIndenter("\t", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        PRETTY = new DefaultPrettyPrinter(separators).withObjectIndenter(tabs).withArrayIndenter(tabs);
    }

    private GoJson() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    public static com.fasterxml.jackson.databind.node.ArrayNode array() {
        return JsonNodeFactory.instance.arrayNode();
    }

    public static String write(JsonNode node, boolean pretty) {
        // a copy of the printer per use, as Jackson's writers make one
        return new String(Manifests.writeTree(node, pretty ? PRETTY.createInstance() : null), StandardCharsets.UTF_8);
    }
}
