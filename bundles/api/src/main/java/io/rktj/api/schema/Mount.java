package io.rktj.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Binds a pod volume into an app at a path. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Mount(String volume, String path, Volume appVolume) {
}
