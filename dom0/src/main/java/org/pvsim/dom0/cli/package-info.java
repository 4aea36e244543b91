/**
 * The {@code pvsim} command line (picocli): {@code pvsim run}, {@code pvsim replay} and {@code pvsim scenarios}, with
 * {@code --help} on every command and {@code --version} on {@code pvsim}.
 *
 * <p>Exit codes ({@link org.pvsim.dom0.cli.ExitStatus}): 0 ok; 1 the run failed (engine failure, audit violation,
 * divergence, no engine in this build, an unexpected internal error); 2 usage or input error (bad options, bad
 * scenario, bad xl.cfg, bad journal, bad run folder). A user error prints {@code pvsim: MESSAGE} on stderr, never a
 * stack trace; an internal error prints a short message and the stack trace.
 *
 * <p>The commands reach the engine only through {@link org.pvsim.dom0.run.EngineServices}; tests pass fakes to
 * {@link org.pvsim.dom0.cli.PvsimCommand#commandLine}.
 */
package org.pvsim.dom0.cli;
