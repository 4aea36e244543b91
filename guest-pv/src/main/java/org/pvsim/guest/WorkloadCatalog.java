package org.pvsim.guest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.workload.CpuWorkload;
import org.pvsim.guest.workload.DiskWorkload;
import org.pvsim.guest.workload.IdleWorkload;
import org.pvsim.guest.workload.InteractiveWorkload;
import org.pvsim.guest.workload.MemoryWorkload;
import org.pvsim.guest.workload.NetWorkload;
import org.pvsim.guest.workload.PageTableWorkload;
import org.pvsim.guest.workload.PingPongWorkload;
import org.pvsim.guest.workload.ShareWorkload;
import org.pvsim.guest.workload.TimerWorkload;

/**
 * The workloads a {@link PvKernel} knows by name, in a fixed order (the order help lists them). Immutable: {@link
 * #with(WorkloadSpec)} returns a new catalog, so a catalog can be shared by every kernel of a host.
 *
 * <p>Invariant: names are unique.
 */
public final class WorkloadCatalog {
    private final List<WorkloadSpec> specs;

    private WorkloadCatalog(List<WorkloadSpec> specs) {
        this.specs = List.copyOf(specs);
    }

    /** A catalog of no workload. */
    public static WorkloadCatalog empty() {
        return new WorkloadCatalog(List.of());
    }

    /**
     * pvsim's own workloads: {@code cpu}, {@code pagetable}, {@code memory}, {@code idle}, {@code interactive}, and,
     * with event channels, {@code pingpong} and {@code timer}, and with grant tables too, {@code share}.
     */
    public static WorkloadCatalog standard() {
        return empty().with(CpuWorkload.SPEC)
                .with(PageTableWorkload.SPEC)
                .with(MemoryWorkload.SPEC)
                .with(IdleWorkload.SPEC)
                .with(InteractiveWorkload.SPEC)
                .with(PingPongWorkload.SPEC)
                .with(TimerWorkload.SPEC)
                .with(ShareWorkload.SPEC)
                .with(DiskWorkload.SPEC)
                .with(NetWorkload.SPEC);
    }

    /**
     * This catalog plus {@code spec}, listed last.
     *
     * @throws IllegalArgumentException if a workload of that name is already listed
     */
    public WorkloadCatalog with(WorkloadSpec spec) {
        if (find(spec.name()).isPresent()) {
            throw new IllegalArgumentException("the catalog already has a workload named \"" + spec.name() + "\"");
        }
        List<WorkloadSpec> more = new ArrayList<>(specs);
        more.add(spec);
        return new WorkloadCatalog(more);
    }

    /** The workload named {@code name}, if listed. */
    public Optional<WorkloadSpec> find(String name) {
        return specs.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** Every workload, in order. */
    public List<WorkloadSpec> specs() {
        return specs;
    }

    /** Every workload's name, in order. */
    public List<String> names() {
        return specs.stream().map(WorkloadSpec::name).toList();
    }

    /** Help text: each workload's name and description, then its arguments with defaults, one per line. */
    public String help() {
        return specs.stream()
                .map(s -> s.name() + " - " + s.description()
                        + s.arguments().stream().map(a -> "\n    " + a.help()).collect(Collectors.joining()))
                .collect(Collectors.joining("\n"));
    }
}
