package org.pvsim.dom0.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * A workload catalog for tests, shaped like the planned real one: {@code cpu} (burst, a duration, default 1ms),
 * {@code pagetable} (processes and pages, whole numbers) and {@code memory} (step and max, sizes).
 */
public final class FakeWorkloadCatalog implements WorkloadCatalog {

    @Override
    public List<String> names() {
        return List.of("cpu", "memory", "pagetable");
    }

    @Override
    public Map<String, String> defaultArgs(String workload) {
        return workload.equals("cpu") ? Map.of("burst", "1ms") : Map.of();
    }

    @Override
    public Optional<WorkloadArgProblem> check(String workload, SortedMap<String, String> args) {
        Set<String> known = switch (workload) {
            case "cpu" -> Set.of("burst");
            case "pagetable" -> Set.of("processes", "pages");
            default -> Set.of("step", "max");
        };
        for (Map.Entry<String, String> arg : args.entrySet()) {
            if (!known.contains(arg.getKey())) {
                return Optional.of(new WorkloadArgProblem(arg.getKey(), "unknown argument of " + workload));
            }
            String value = arg.getValue();
            boolean valid = switch (arg.getKey()) {
                case "burst" -> value.matches("[0-9]+(ns|us|ms|s)");
                case "processes", "pages" -> value.matches("[1-9][0-9]*");
                default -> value.matches("[0-9]+(KiB|MiB|GiB)");
            };
            if (!valid) {
                return Optional.of(new WorkloadArgProblem(arg.getKey(), "\"" + value + "\" is not valid here"));
            }
        }
        if (workload.equals("memory") && args.containsKey("step") && !args.containsKey("max")) {
            return Optional.of(new WorkloadArgProblem(null, "step needs max"));
        }
        return Optional.empty();
    }
}
