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

    /** {@link #start}: the vCPU was started with the kernel's context, its event callback included. */
    static final long STARTED = 0;
    /** {@link #start}: the vCPU had a context already and was only brought up; it must register its callback. */
    static final long BROUGHT_UP = 1;

    /**
     * Starts vCPU {@code id} at the kernel's entry point {@code rip}, on the stack ending at {@code stackTop}, with the
     * page tables rooted at {@code l4Mfn} and events delivered at {@code eventCallback} ({@code
     * event_callback_eip}). A vCPU already initialised (by a toolstack, say) is only brought up.
     *
     * @return {@link #STARTED} or {@link #BROUGHT_UP}, or the error of {@code VCPUOP_initialise} or {@code VCPUOP_up}
     */
    static long start(Hypercalls hc, int id, long rip, long stackTop, long l4Mfn, long eventCallback) {
        byte[] ctx = VcpuContextImage.setEventCallback(
                VcpuContextImage.kernelEntry(rip, stackTop, 0, l4Mfn, VgcfFlags.VGCF_in_kernel), eventCallback);
        long init = hc.vcpuInitialise(id, ctx);
        if (init != 0 && init != Errno.EEXIST.neg()) {
            return init;
        }
        long rc = hc.vcpuUp(id);
        if (rc != 0) {
            return rc;
        }
        return init == 0 ? STARTED : BROUGHT_UP;
    }
}
