package org.pvsim.guest;

import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.VcpuContextImage;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.VgcfFlags;

/**
 * How the kernel finds and starts its secondary vCPUs, as Linux's {@code xen_smp_prepare_cpus} and {@code
 * cpu_initialize_context} do: count them with {@code VCPUOP_is_up} until Xen answers {@code -ENOENT}, then load each a
 * kernel-mode {@code vcpu_guest_context} with {@code VCPUOP_initialise} and start it with {@code VCPUOP_up}.
 */
final class VcpuBringUp {
    /** vCPU ids probed at most. */
    static final int MAX_VCPUS = 8192;

    private VcpuBringUp() {}

    /**
     * The number of vCPUs the domain has.
     *
     * @return the count, or the negative errno of an {@code is_up} probe that failed otherwise than with {@code
     *     -ENOENT}
     */
    static long count(Hypercalls hc) {
        int n = 0;
        while (n < MAX_VCPUS) {
            long rc = hc.vcpuIsUp(n);
            if (rc == Errno.ENOENT.neg()) {
                break;
            }
            if (rc < 0) {
                return rc;
            }
            n++;
        }
        return n;
    }

    /**
     * Starts vCPU {@code id} at the kernel's entry point {@code rip}, on the stack ending at {@code stackTop}, with the
     * page tables rooted at {@code l4Mfn}. A vCPU already initialised (by a toolstack, say) is only brought up.
     *
     * @return 0, or the error of {@code VCPUOP_initialise} or {@code VCPUOP_up}
     */
    static long start(Hypercalls hc, int id, long rip, long stackTop, long l4Mfn) {
        byte[] ctx = VcpuContextImage.kernelEntry(rip, stackTop, 0, l4Mfn, VgcfFlags.VGCF_in_kernel);
        long rc = hc.vcpuInitialise(id, ctx);
        if (rc == 0 || rc == Errno.EEXIST.neg()) {
            rc = hc.vcpuUp(id);
        }
        return rc;
    }
}
