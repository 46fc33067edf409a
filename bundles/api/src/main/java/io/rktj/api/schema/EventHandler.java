package io.rktj.api.schema;

import java.util.List;

/** A pre-start or post-stop hook of an app. */
public record EventHandler(String name, List<String> exec) {
}
