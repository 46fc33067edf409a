package io.rktj.cli.args;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Stack;
import java.util.function.Predicate;

import picocli.CommandLine;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Hooks {@link AppArgs} into picocli for run and prepare: picocli alone cannot parse rkt's
 * per-app syntax (flags that bind to the preceding image, {@code --} ... {@code ---}), so this
 * takes the whole argument list when the command is recognised, keeps the apps for the
 * command object ({@link Receiver}) and leaves only pod flags for picocli to parse.
 */
public final class AppArgsPreprocessor implements IParameterPreprocessor {

    /** The command that receives the parsed apps. */
    public interface Receiver {
        void receive(AppArgs apps);
    }

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        List<String> tokens = new ArrayList<>();
        while (!args.isEmpty()) {
            tokens.add(args.pop());
        }
        AppArgs parsed;
        try {
            parsed = AppArgs.parse(tokens, new TakesValue(spec));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        ((Receiver) spec.userObject()).receive(parsed);
        List<String> back = new ArrayList<>(parsed.podArgs());
        Collections.reverse(back);
        for (String a : back) {
            args.push(a);
        }
        return false;
    }

    /** Whether a pod flag of the command takes a value. */
    private static final class TakesValue implements Predicate<String> {
        private final CommandSpec spec;

        TakesValue(CommandSpec spec) {
            this.spec = spec;
        }

        @Override
        public boolean test(String name) {
            OptionSpec o = spec.findOption(name);
            return o != null && o.arity().min() > 0;
        }
    }
}
