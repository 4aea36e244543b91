package org.pvsim.dom0.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.pvsim.dom0.scenario.WorkloadArgProblem;
import org.pvsim.dom0.scenario.WorkloadCatalog;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;

/**
 * The scenario loader's view of the guest kernel's workloads ({@link GuestKernels#guestWorkloads()}): their names,
 * default arguments and argument checks, so that a scenario naming a workload wrongly fails when it is loaded, with
 * its file and line, not when the guest boots.
 */
public final class CatalogOfGuestWorkloads implements WorkloadCatalog {
    private final org.pvsim.guest.WorkloadCatalog catalog = GuestKernels.guestWorkloads();

    @Override
    public List<String> names() {
        return catalog.names().stream().sorted().toList();
    }

    @Override
    public Map<String, String> defaultArgs(String workload) {
        Map<String, String> defaults = new LinkedHashMap<>();
        catalog.find(workload).ifPresent(spec -> {
            for (WorkloadArgument a : spec.arguments()) {
                defaults.put(a.name(), a.defaultValue());
            }
        });
        return defaults;
    }

    @Override
    public Optional<WorkloadArgProblem> check(String workload, SortedMap<String, String> args) {
        Optional<WorkloadSpec> spec = catalog.find(workload);
        if (spec.isEmpty()) {
            return Optional.of(new WorkloadArgProblem(
                    null, "no workload \"" + workload + "\"; the workloads are " + String.join(", ", names())));
        }
        for (Map.Entry<String, String> e : args.entrySet()) {
            Optional<String> alone = spec.get().problem(Map.of(e.getKey(), e.getValue()));
            if (alone.isPresent()) {
                return Optional.of(new WorkloadArgProblem(e.getKey(), alone.get()));
            }
        }
        return spec.get().problem(args).map(message -> new WorkloadArgProblem(null, message));
    }
}
