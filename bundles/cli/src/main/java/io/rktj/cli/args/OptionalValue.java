package io.rktj.cli.args;

import java.util.Map;
import java.util.Stack;

import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Gives a String option rkt's (pflag's) optional-value behaviour: a value only when attached
 * with "=" ({@code --net=host}, {@code --wait=10s}); alone, the option takes its fallback value
 * and never swallows the next argument, so {@code status --wait UUID} keeps UUID a positional.
 * Options using this must not declare a defaultValue (picocli would route it through here).
 */
public final class OptionalValue implements IParameterPreprocessor {
    @Override
    public boolean preprocess(Stack<String> args, CommandSpec spec, ArgSpec argSpec, Map<String, Object> info) {
        if ("=".equals(info.get("separator"))) {
            return false;
        }
        argSpec.setValue(((OptionSpec) argSpec).fallbackValue());
        return true;
    }
}
