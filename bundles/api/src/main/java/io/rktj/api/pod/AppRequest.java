package io.rktj.api.pod;

import java.util.List;
import java.util.Map;

import io.rktj.api.schema.Mount;

/**
 * One app on a run or prepare command line: an image and the per-app flags that followed it.
 * Null fields mean "as the image says".
 */
public record AppRequest(
        String image,
        String name,
        String exec,
        List<String> args,
        String user,
        String group,
        String workingDir,
        Map<String, String> environment,
        List<Mount> mounts) {
}
