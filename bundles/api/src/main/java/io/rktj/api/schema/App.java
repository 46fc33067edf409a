package io.rktj.api.schema;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What to run from an image: exec, identity, environment, hooks, volumes, ports, isolators. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record App(
        List<String> exec,
        String user,
        String group,
        @JsonProperty("supplementaryGIDs") @JsonAlias("supplementaryGids") List<Integer> supplementaryGIDs,
        String workingDirectory,
        List<EventHandler> eventHandlers,
        List<NameValue> environment,
        List<MountPoint> mountPoints,
        List<Port> ports,
        List<Isolator> isolators) {

    public App withExec(List<String> newExec) {
        return new App(newExec, user, group, supplementaryGIDs, workingDirectory, eventHandlers, environment, mountPoints, ports, isolators);
    }

    public App withUser(String newUser, String newGroup) {
        return new App(exec, newUser, newGroup, supplementaryGIDs, workingDirectory, eventHandlers, environment, mountPoints, ports, isolators);
    }

    public App withWorkingDirectory(String dir) {
        return new App(exec, user, group, supplementaryGIDs, dir, eventHandlers, environment, mountPoints, ports, isolators);
    }

    public App withEnvironment(List<NameValue> env) {
        return new App(exec, user, group, supplementaryGIDs, workingDirectory, eventHandlers, env, mountPoints, ports, isolators);
    }

    public App withIsolators(List<Isolator> iso) {
        return new App(exec, user, group, supplementaryGIDs, workingDirectory, eventHandlers, environment, mountPoints, ports, iso);
    }
}
