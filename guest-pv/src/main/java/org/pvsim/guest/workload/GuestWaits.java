package org.pvsim.guest.workload;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * How a workload waits: blocks its vCPU ({@code SCHEDOP_block}) until an event, or first arms its single-shot timer
 * so that it wakes after a while anyway. A refused hypercall is a panic named after the workload: a vCPU that cannot
 * wait correctly cannot go on.
 */
final class GuestWaits {
    private GuestWaits() {}

    /** {@code SCHEDOP_block}. */
    static void block(Kernel kernel, GuestCpu cpu, Hypercalls hc, String workload) {
        long rc = hc.block();
        if (rc != 0) {
            throw kernel.panic(cpu, workload + ": SCHEDOP_block failed: " + Errno.describe(rc));
        }
    }

    /** Arms the single-shot timer for now + {@code ns}, then blocks: an event or the timer wakes the vCPU. */
    static void sleep(Kernel kernel, GuestCpu cpu, Hypercalls hc, long ns, String workload) {
        long rc = hc.setSingleshotTimer(cpu.vcpuId(), cpu.rdtsc() + ns, 0);
        if (rc != 0) {
            throw kernel.panic(cpu, workload + ": VCPUOP_set_singleshot_timer failed: " + Errno.describe(rc));
        }
        block(kernel, cpu, hc, workload);
    }
}
