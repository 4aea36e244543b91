package org.pvsim.dom0.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The workloads a domU's PV kernel can run, and the rules for their arguments. The engine supplies the real catalog
 * (found through {@link java.util.ServiceLoader}; its implementation needs a public no-argument constructor or a
 * static {@code provider()} method); the scenario loader only asks it.
 *
 * <p>Planned workloads: {@code cpu} (compute bursts and yields; e.g. {@code burst: 2ms}), {@code pagetable} (builds,
 * pins, switches to and tears down process page tables; e.g. {@code processes}, {@code pages}), {@code memory}
 * (balloons within max_pages; e.g. {@code step}, {@code max}).
 *
 * <p>Implementations must be deterministic and side-effect free (the same question always gets the same answer), and
 * cheap to construct: the command line creates one at start-up.
 */
public interface WorkloadCatalog {

    /** The names of every workload, sorted. */
    List<String> names();

    /**
     * The arguments {@code workload} takes when a scenario leaves them out, so that {@code scenario.resolved.yaml}
     * shows them. Only called for a name in {@link #names()}.
     *
     * @return argument name to default value (empty by default)
     */
    default Map<String, String> defaultArgs(String workload) {
        return Map.of();
    }

    /**
     * Checks {@code args} for {@code workload}: unknown argument names, values that do not parse, values out of
     * range, combinations that conflict. Only called for a name in {@link #names()}; {@code args} already includes
     * the defaults.
     *
     * @param workload a name from {@link #names()}
     * @param args argument name to value as written in the scenario (YAML scalars as text), sorted by name
     * @return the first problem found, or empty if the arguments are fine
     */
    Optional<WorkloadArgProblem> check(String workload, SortedMap<String, String> args);
}
