package org.pvsim.guest.hypercall;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.RunstateKind;

/**
 * What {@code VCPUOP_get_runstate_info} returned: a {@code vcpu_runstate_info} ({@code xen/include/public/vcpu.h})
 * as the guest read it back, or the error.
 *
 * @param rc 0, or the negative errno of the call (then the other fields are 0)
 * @param state the {@link RunstateKind} code the vCPU is in
 * @param stateEntryTime the system time (ns) it entered that state
 * @param running ns spent running
 * @param runnable ns spent runnable (waiting for a pCPU)
 * @param blocked ns spent blocked
 * @param offline ns spent offline
 */
public record RunstateInfo(
        long rc, int state, long stateEntryTime, long running, long runnable, long blocked, long offline) {

    /** A failed call. */
    static RunstateInfo failed(long rc) {
        return new RunstateInfo(rc, 0, 0, 0, 0, 0, 0);
    }

    /** Whether the call succeeded. */
    public boolean ok() {
        return rc == 0;
    }

    /** The runstate, or {@code null} after a failed call. */
    public RunstateKind kind() {
        return ok() ? RunstateKind.ofCode(state) : null;
    }

    @Override
    public String toString() {
        return ok()
                ? String.format(
                        "runstate %d since %d ns: running %d, runnable %d, blocked %d, offline %d ns",
                        state, stateEntryTime, running, runnable, blocked, offline)
                : "runstate info failed: " + Errno.describe(rc);
    }
}
