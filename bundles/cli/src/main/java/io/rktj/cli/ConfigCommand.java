package io.rktj.cli;

import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.rktj.cli.format.GoJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = {"Print configuration for each stage in JSON format.", "",
            "The output is JSON with \"stage0\" as key and rkt configuration entries as",
            "values: the paths in effect and one stage1 entry per stage1 flavor bundle."})
final class ConfigCommand implements Callable<Integer> {
    @Option(names = "--pretty-print", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL", defaultValue = "true",
            description = "apply indent to format the output (default: true)")
    boolean prettyPrint;

    private final Session session;

    ConfigCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        GlobalOptions g = session.global();
        ObjectNode root = GoJson.object();
        ArrayNode stage0 = root.putArray("stage0");
        ObjectNode paths = stage0.addObject();
        paths.put("rktVersion", "v1");
        paths.put("rktKind", "paths");
        paths.put("data", g.dir());
        // stage1 flavors are bundles here, not images in a directory
        paths.put("stage1-images", "");
        for (CliContext.FlavorInfo f : session.ctx().flavors().get()) {
            ObjectNode stage1 = stage0.addObject();
            stage1.put("rktVersion", "v1");
            stage1.put("rktKind", "stage1");
            stage1.put("name", "coreos.com/rkt/stage1-" + f.name());
            stage1.put("version", f.version());
            stage1.put("location", "");
        }
        session.ctx().out().println(GoJson.write(root, prettyPrint));
        return 0;
    }
}
