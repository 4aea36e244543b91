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
 * ticks only while its vCPU runs: until event channels deliver something, an idle vCPU blocks once and stays blocked.
 *
 * <p>Blocking stays correct only while nothing leaves {@code evtchn_upcall_pending} set: Xen's {@code SCHEDOP_block}
 * returns at once if an event is pending and unmasked, and pvsim's kernel has no upcall handler yet to clear it. Once
 * events are delivered into {@code vcpu_info}, the kernel must acknowledge them (as Linux's upcall handler does)
 * or this loop no longer sleeps.
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
