/**
 * The seam between the command line and the simulation engine. The command line (package {@code cli}) only calls
 * these interfaces; the composition root {@code org.pvsim.dom0.boot} implements them and registers the implementations
 * for {@link java.util.ServiceLoader} in {@code META-INF/services/} files named after the interfaces:
 *
 * <ul>
 *   <li>{@code org.pvsim.dom0.run.Simulation}: runs a resolved scenario ({@link org.pvsim.dom0.run.Simulation});
 *   <li>{@code org.pvsim.dom0.run.JournalReplayer}: replays a run folder's journal
 *       ({@link org.pvsim.dom0.run.JournalReplayer});
 *   <li>{@code org.pvsim.dom0.scenario.WorkloadCatalog}: the workloads scenarios may name
 *       ({@link org.pvsim.dom0.scenario.WorkloadCatalog}).
 * </ul>
 *
 * Each implementation needs a public no-argument constructor or a public static {@code provider()} method.
 * {@link org.pvsim.dom0.run.EngineServices} finds them; while none is registered, {@code pvsim run} and
 * {@code pvsim replay} say so and exit with 1.
 */
package org.pvsim.dom0.run;
