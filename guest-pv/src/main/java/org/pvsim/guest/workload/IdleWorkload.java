package org.pvsim.guest.workload;

import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code idle}: a domain with nothing to do, such as a dom0 in tests. Each step blocks the vCPU ({@code
 * SCHEDOP_block}) until an event arrives, as Linux's idle loop does on Xen; whatever woke it, the next step blocks
 * again, so a wake-up costs one step and one hypercall. It arms no timer, and, as in Xen, the 10 ms periodic timer
 * ticks only while its vCPU runs: an idle vCPU sleeps until another domain, an IPI or a VIRQ sends it an event.
 *
 * <p>With event channels, the event that woke the vCPU is taken by the kernel's upcall, a step of its own, before
 * the next step of this workload: the upcall clears {@code evtchn_upcall_pending}, so the next {@code SCHEDOP_block}
 * sleeps again (Xen's block returns at once while an upcall is pending and unmasked).
 */
public final class IdleWorkload implements Workload {
    /** The spec: {@code workload=idle}. */
    public static final WorkloadSpec SPEC =
            WorkloadSpec.of("idle", "does nothing: blocks until an event arrives", List.of(), IdleWorkload::new);

    private long idles;

    IdleWorkload(Map<String, String> args) {}

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        idles++;
        long rc = kernel.hypercalls(cpu).block();
        if (rc != 0) {
            throw kernel.panic(cpu, "idle: SCHEDOP_block failed: " + Errno.describe(rc));
        }
    }

    @Override
    public long progress() {
        return idles;
    }
}
