package io.rktj.core;

import java.nio.file.Path;

import io.rktj.api.pod.PodState;

/**
 * One "rkt run" as its own process, for {@link ConcurrentProcessesTest}: it prepares and runs a pod
 * in the data directory given, and its flavor keeps the pod running a moment while listing all
 * pods (probing their locks) as a busy host would.
 */
public final class RunProcessMain {
    private RunProcessMain() {
    }

    public static void main(String[] args) throws Exception {
        Rig rig = new Rig(Path.of(args[0]));
        String image = rig.store.addApp("example.com/hello", "/bin/hello");
        rig.fly.onRun = ctx -> {
            if (rig.data.find(ctx.uuid()).orElseThrow().state() != PodState.RUNNING) {
                return 1;
            }
            for (int i = 0; i < 5; i++) {
                rig.stage0.list();
                try {
                    Thread.sleep(40);
                } catch (InterruptedException e) {
                    return 2;
                }
            }
            return 0;
        };
        System.exit(rig.stage0.run(Rig.request("fly", Rig.app(image)), u -> { }));
    }
}
