package io.rktj.cli;

/** One command line being executed: the context and the global flags parsed from it. */
record Session(CliContext ctx, GlobalOptions global) {
}
