package io.rktj.api.schema;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A pod volume: a host directory or an empty directory made for the pod. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Volume(String name, String kind, String source, Boolean readOnly, Boolean recursive,
        String mode, Integer uid, Integer gid) {

    public boolean isHost() {
        return "host".equals(kind);
    }

    public boolean isReadOnly() {
        return Boolean.TRUE.equals(readOnly);
    }

    /** rkt binds host volumes recursively unless told otherwise. */
    public boolean isRecursive() {
        return recursive == null || recursive;
    }
}
