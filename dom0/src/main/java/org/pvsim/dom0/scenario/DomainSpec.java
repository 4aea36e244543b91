package org.pvsim.dom0.scenario;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.pvsim.dom0.xlcfg.DomainConfig;

/**
 * One domU of a resolved scenario.
 *
 * @param config its xl.cfg configuration, defaults filled in
 * @param workload the workload its PV kernel runs (a name from the {@link WorkloadCatalog})
 * @param args the workload's arguments with the catalog's defaults filled in, as strings, sorted by name
 */
public record DomainSpec(DomainConfig config, String workload, SortedMap<String, String> args) {

    /** Checks mandatory components and copies the arguments (sorted, unmodifiable). */
    public DomainSpec {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(workload, "workload");
        args = Collections.unmodifiableSortedMap(new TreeMap<>(args));
    }

    /** A domain spec with arguments given as any map. */
    public static DomainSpec of(DomainConfig config, String workload, Map<String, String> args) {
        return new DomainSpec(config, workload, new TreeMap<>(args));
    }

    /** The domain's name ({@code name} of its config). */
    public String name() {
        return config.name();
    }
}
