package io.rktj.api.pod;

import java.util.List;
import java.util.Map;

import io.rktj.api.schema.Isolator;
import io.rktj.api.schema.Mount;

/**
 * One app on a run or prepare command line: an image and the per-app flags that followed it.
 * Null fields mean "as the image says".
 *
 * @param isolators      isolators from the app flags (--memory, --cpu, --caps-retain, ...); each
 *                       replaces the image's isolator of the same name (since 1.1)
 * @param readOnlyRootFS --readonly-rootfs (since 1.1)
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
        List<Mount> mounts,
        List<Isolator> isolators,
        Boolean readOnlyRootFS) {

    /** An app without isolator flags or --readonly-rootfs (the 1.0 form). */
    public AppRequest(String image, String name, String exec, List<String> args, String user, String group,
            String workingDir, Map<String, String> environment, List<Mount> mounts) {
        this(image, name, exec, args, user, group, workingDir, environment, mounts, null, null);
    }
}
