/**
 * Scenario files: a YAML description of a host and its PV domains (each an xl.cfg configuration, a workload and its
 * arguments), checked and resolved into a {@link org.pvsim.dom0.scenario.ResolvedScenario} with every default filled
 * in.
 *
 * <p>{@link org.pvsim.dom0.scenario.ScenarioLoader} is the entry point: it finds a scenario by file or built-in name
 * ({@link org.pvsim.dom0.scenario.BuiltinScenarios}), reads the YAML into a tree that remembers every node's line and
 * column ({@link org.pvsim.dom0.scenario.YamlTreeReader}), and checks each key
 * ({@link org.pvsim.dom0.scenario.ScenarioReader}). Every problem is a
 * {@link org.pvsim.dom0.scenario.ScenarioException} whose message starts with {@code file:line:column}. Workload names
 * and arguments are checked through a {@link org.pvsim.dom0.scenario.WorkloadCatalog} that the engine supplies.
 * {@link org.pvsim.dom0.scenario.ResolvedScenarioWriter} writes {@code scenario.resolved.yaml}, itself a scenario that
 * loads back to the same resolved scenario.
 *
 * <p>{@code docs/scenarios.md} is the user-facing reference.
 */
package org.pvsim.dom0.scenario;
