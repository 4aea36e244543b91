package org.pvsim.guest.workload;

import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code idle}: a domain with nothing to do, such as a dom0 in tests. Each step blocks the vCPU ({@code
 * SCHEDOP_block}) until an event arrives, as Linux's idle loop does on Xen. While pvsim has no {@code SCHEDOP_block}
 * (it answers {@code -ENOSYS}), the vCPU instead spins for one {@code tick} of CPU time and yields: an idle loop
 * without a halt instruction, which costs CPU time but keeps the simulation from stepping a vCPU that does nothing
 * every few nanoseconds.
 */
public final class IdleWorkload implements Workload {
    /** The spec: {@code workload=idle tick=1ms}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "idle",
            "does nothing: blocks until an event (or spins a tick and yields, without SCHEDOP_block)",
            List.of(WorkloadArgument.duration(
                    "tick", "1ms", 1_000, 1_000_000_000, "CPU time spun between yields when blocking is unavailable")),
            IdleWorkload::new);

    private final long tickNs;
    private boolean blockUnavailable;
    private long idles;

    IdleWorkload(Map<String, String> args) {
        this.tickNs = ArgumentType.Duration.parse(args.get("tick"));
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        Hypercalls hc = kernel.hypercalls(cpu);
        idles++;
        if (!blockUnavailable) {
            long rc = hc.block();
            if (rc != Errno.ENOSYS.neg()) {
                return;
            }
            blockUnavailable = true;
            kernel.printk(
                    cpu,
                    "idle: SCHEDOP_block is not available; spinning " + ArgumentType.Duration.format(tickNs)
                            + " between yields");
        }
        cpu.compute(tickNs);
        hc.yield();
    }

    @Override
    public long progress() {
        return idles;
    }
}
