package org.pvsim.guest.workload;

import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code cpu}: a CPU-bound guest that cooperates. Each step computes one burst of {@code burst} CPU time, then gives
 * the CPU away with {@code SCHEDOP_yield}. With {@code iterations > 0} it stops after that many bursts (over all
 * vCPUs) and powers the domain off.
 */
public final class CpuWorkload implements Workload {
    /** The most bursts {@code iterations} may ask for. */
    public static final long MAX_ITERATIONS = 1_000_000_000_000L;

    /** The spec: {@code workload=cpu burst=2ms iterations=0}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "cpu",
            "computes bursts of CPU time, yielding the CPU after each (yield=0: never, a CPU hog)",
            List.of(
                    WorkloadArgument.duration("burst", "2ms", 1_000, 1_000_000_000, "CPU time one burst computes"),
                    WorkloadArgument.count(
                            "iterations",
                            "0",
                            0,
                            MAX_ITERATIONS,
                            "bursts to run over all vCPUs before powering off; 0 runs forever"),
                    WorkloadArgument.count(
                            "yield",
                            "1",
                            0,
                            1,
                            "1: SCHEDOP_yield after each burst; 0: never give the CPU up (for fairness studies)")),
            CpuWorkload::new);

    private final long burstNs;
    private final long iterations;
    private final boolean yields;
    private long bursts;
    private boolean announced;

    CpuWorkload(Map<String, String> args) {
        this.burstNs = ArgumentType.Duration.parse(args.get("burst"));
        this.iterations = ArgumentType.Count.parse(args.get("iterations"));
        this.yields = ArgumentType.Count.parse(args.get("yield")) != 0;
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        if (!announced) {
            announced = true;
            kernel.printk(
                    cpu,
                    "cpu: bursts of " + ArgumentType.Duration.format(burstNs)
                            + (yields ? ", yielding after each, " : ", never yielding, ")
                            + (iterations == 0 ? "forever" : iterations + " in all"));
        }
        if (iterations > 0 && bursts >= iterations) {
            kernel.hypercalls(cpu).yield();
            return;
        }
        cpu.compute(burstNs);
        bursts++;
        if (iterations > 0 && bursts == iterations) {
            kernel.printk(cpu, "cpu: " + bursts + " bursts done; powering off");
            kernel.poweroff(cpu);
            return;
        }
        if (yields) {
            kernel.hypercalls(cpu).yield();
        }
    }

    @Override
    public long progress() {
        return bursts;
    }

    /** Bursts computed so far. */
    public long bursts() {
        return bursts;
    }
}
