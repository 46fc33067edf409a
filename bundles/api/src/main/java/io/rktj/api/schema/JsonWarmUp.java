package io.rktj.api.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Named in this bundle's Rkt-Warm-Up header: the launcher's warm-up thread initialises it while
 * the bundles start. Reading and writing one small document through {@link JsonTrees} sets up
 * Jackson's parser, generator and node classes, which nearly every command meets first when it
 * reads the image index or a manifest.
 */
final class JsonWarmUp {
    static {
        try {
            JsonNode tree = JsonTrees.read("{\"a\":[1,2.5,\"s\",true,null,{\"b\":{}}],\"c\":12345678901}"
                    .getBytes(StandardCharsets.UTF_8));
            JsonTrees.write(tree, null);
        } catch (IOException | RuntimeException e) {
            // the command meets it again and reports it
        }
    }

    private JsonWarmUp() {
    }
}
