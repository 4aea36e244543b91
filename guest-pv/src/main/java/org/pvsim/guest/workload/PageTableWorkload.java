package org.pvsim.guest.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code pagetable}: a fork-exec-exit loop, the PV MMU's busiest path in a real guest. Each step runs one whole
 * process on the vCPU ({@link ProcessAddressSpace}): its page tables are built, made read-only and pinned in one
 * multicall, switched to, used, switched away from and unpinned, made writable and freed. With {@code processes > 0}
 * it stops after that many processes (over all vCPUs) and powers the domain off.
 */
public final class PageTableWorkload implements Workload {
    /** The most processes {@code processes} may ask for. */
    public static final long MAX_PROCESSES = 1_000_000_000_000L;

    /** The spec: {@code workload=pagetable pages=16 processes=0 runtime=100us}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "pagetable",
            "a fork-exec-exit loop: builds, pins, switches to and tears down process page tables",
            List.of(
                    WorkloadArgument.count("pages", "16", 1, 512, "user pages each process maps and touches"),
                    WorkloadArgument.count(
                            "processes",
                            "0",
                            0,
                            MAX_PROCESSES,
                            "processes to run over all vCPUs before powering off; 0 runs forever"),
                    WorkloadArgument.duration(
                            "runtime", "100us", 0, 1_000_000_000, "CPU time each process computes on its tables")),
            PageTableWorkload::new);

    private final int pages;
    private final long processes;
    private final long runtimeNs;
    private ProcessAddressSpace[] spaces = new ProcessAddressSpace[0];
    private long started;
    private long completed;
    private long pagesTouched;
    private boolean announced;

    PageTableWorkload(Map<String, String> args) {
        this.pages = (int) ArgumentType.Count.parse(args.get("pages"));
        this.processes = ArgumentType.Count.parse(args.get("processes"));
        this.runtimeNs = ArgumentType.Duration.parse(args.get("runtime"));
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        if (!announced) {
            announced = true;
            kernel.printk(
                    cpu,
                    "pagetable: processes of " + pages + " user pages, " + ArgumentType.Duration.format(runtimeNs)
                            + " each, " + (processes == 0 ? "forever" : processes + " in all"));
        }
        if (processes > 0 && started >= processes) {
            kernel.hypercalls(cpu).yield();
            return;
        }
        long n = started++;
        pagesTouched += space(cpu.vcpuId()).run(kernel, cpu, n, runtimeNs);
        completed++;
        if (processes > 0 && completed == processes) {
            kernel.printk(cpu, "pagetable: " + completed + " processes done; powering off");
            kernel.poweroff(cpu);
        }
    }

    private ProcessAddressSpace space(int vcpu) {
        if (vcpu >= spaces.length) {
            spaces = Arrays.copyOf(spaces, vcpu + 1);
        }
        if (spaces[vcpu] == null) {
            spaces[vcpu] = new ProcessAddressSpace(pages);
        }
        return spaces[vcpu];
    }

    @Override
    public long progress() {
        return completed;
    }

    /** Processes run to exit so far. */
    public long processesCompleted() {
        return completed;
    }

    /** User pages touched through process page tables so far. */
    public long pagesTouched() {
        return pagesTouched;
    }
}
