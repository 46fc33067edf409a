package io.rktj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import io.rktj.api.RktException;
import io.rktj.api.image.FetchProgress;
import io.rktj.api.pod.PodLifecycle;
import io.rktj.api.pod.PrepareRequest;
import io.rktj.cli.args.AppArgs;
import io.rktj.cli.args.AppArgsPreprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true, preprocessor = AppArgsPreprocessor.class,
        customSynopsis = "rkt run [flags] IMAGE [app flags] [-- app args...] [--- IMAGE ...]...",
        description = {"Run image(s) in a pod in rkt.", "",
            "IMAGE is an image id (sha512-...), a local file, or the name of an image",
            "in the store. App flags after an image apply to that image; \"--\" makes",
            "the arguments that follow the app's arguments, up to a lone \"---\".",
            "The exit status is the pod's."})
final class RunCommand implements Callable<Integer>, AppArgsPreprocessor.Receiver {
    @Mixin
    PodOptions pod;

    @Option(names = "--uuid-file-save", paramLabel = "FILE", description = "write the pod's UUID to FILE")
    Path uuidFileSave;

    private final Session session;
    private AppArgs apps = new AppArgs(List.of(), List.of(), List.of());

    RunCommand(Session session) {
        this.session = session;
    }

    @Override
    public void receive(AppArgs parsed) {
        apps = parsed;
    }

    @Override
    public Integer call() {
        CliContext ctx = session.ctx();
        Superuser.require(ctx);
        // Images fetched for the pod show their progress as rkt fetch does, on a terminal only.
        FetchProgress progress = TerminalProgress.forStderr(ctx.err());
        PrepareRequest request = pod.request(apps, session.global(), ctx, progress);
        if (pod.interactive && request.apps().size() > 1) {
            throw new RktException("interactive option only supports one image");
        }
        // the pod may take this process over (execve): nothing of ours may stay buffered
        ctx.out().flush();
        ctx.err().flush();
        try {
            return ctx.lifecycle().run(request, new PodCreated(progress, uuidFileSave));
        } finally {
            TerminalProgress.finish(progress);
        }
    }

    static void saveUuid(Path file, String uuid) {
        try {
            Files.writeString(file, uuid, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw RktException.wrap("error saving pod UUID to file " + file, e);
        }
    }

    /** Ends the progress line and saves the UUID (--uuid-file-save) once the pod exists. */
    private static final class PodCreated implements PodLifecycle.UUIDSink {
        private final FetchProgress progress;
        private final Path uuidFileSave;

        PodCreated(FetchProgress progress, Path uuidFileSave) {
            this.progress = progress;
            this.uuidFileSave = uuidFileSave;
        }

        @Override
        public void accept(UUID uuid) {
            // the images are in: the progress line ends before the pod's output begins
            TerminalProgress.finish(progress);
            if (uuidFileSave != null) {
                saveUuid(uuidFileSave, uuid.toString());
            }
        }
    }
}
