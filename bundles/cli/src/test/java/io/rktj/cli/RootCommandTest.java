package io.rktj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class RootCommandTest {

    @Test
    void theCommandNameIsTheFirstArgumentThatIsNotAFlagOrAGlobalFlagsValue() {
        assertEquals("list", RootCommand.commandName(new String[] {"--dir", "/x", "--debug", "list", "--full"}));
        assertEquals("run", RootCommand.commandName(new String[] {"--insecure-options", "image", "run", "a.aci"}));
        assertEquals("status", RootCommand.commandName(new String[] {"--dir=/x", "status"}));
        assertNull(RootCommand.commandName(new String[] {"--help"}));
    }

    @Test
    void theValueFlagListMatchesTheGlobalOptions() {
        CommandLine root = new CommandLine(RootCommand.class, new CommandFactory(
                new Session(new Harness().context(System.out, System.err), new GlobalOptions())));
        Set<String> valueFlags = root.getCommandSpec().options().stream()
                .filter(o -> o.arity().min() > 0)
                .map(OptionSpec::longestName)
                .collect(Collectors.toSet());
        assertEquals(RootCommand.GLOBAL_VALUE_FLAGS, valueFlags);
    }

    @Test
    void onlyTheNamedCommandIsBuilt() {
        Session s = new Session(new Harness().context(System.out, System.err), new GlobalOptions());
        assertEquals(Set.of("list"), Rkt.commandLine(s, "--debug", "list").getSubcommands().keySet());
        assertEquals(RootCommand.COMMANDS.size() + 1, Rkt.commandLine(s, "lsit").getSubcommands().size());
    }
}
