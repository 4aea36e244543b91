package org.pvsim.evtchn;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * The 2-level event-channel ABI ({@code xen/common/event_2l.c}): one pending and one mask bit per port in the
 * shared-info page ({@code evtchn_pending[64]}, {@code evtchn_mask[64]}), one selector bit per 64-port word in each
 * {@code vcpu_info.evtchn_pending_sel}, and {@code evtchn_upcall_pending} to ask for an upcall. Every domain starts on
 * it; {@link #INSTANCE} is shared, since all its state is in guest memory.
 *
 * <p>Invariants: Xen only ever sets pending bits (and clears them when it frees a port); it never writes a mask bit
 * except through {@code EVTCHNOP_unmask}; a selector bit and an upcall are raised only for a port that became pending
 * while unmasked, or that is pending when it is unmasked. The bit operations happen in Xen's order; pvsim runs one
 * input at a time, so a read-modify-write of a guest word is Xen's atomic {@code test_and_set_bit}.
 *
 * <p>vCPUs from {@link SharedInfoDescriptor#XEN_LEGACY_MAX_VCPUS} on have no {@code vcpu_info} in pvsim (there is no
 * {@code VCPUOP_register_vcpu_info}): a port notifying such a vCPU still becomes pending, and pollers are still woken,
 * but no selector bit or upcall is raised. Xen would point those vCPUs at a shared dummy {@code vcpu_info} whose
 * events no guest sees either.
 */
public final class TwoLevelPortOps implements EvtchnPortOps {
    /** The one instance: the ABI keeps no state of its own. */
    public static final TwoLevelPortOps INSTANCE = new TwoLevelPortOps();

    /** {@code EVTCHN_2L_NR_CHANNELS} for a 64-bit guest: 64 words of 64 bits. */
    public static final int NR_CHANNELS = SharedInfoDescriptor.EVTCHN_2L_NR_CHANNELS;

    private TwoLevelPortOps() {}

    private static int pendingWord(int port) {
        return SharedInfoDescriptor.EVTCHN_PENDING_OFFSET + 8 * (port >>> 6);
    }

    private static int maskWord(int port) {
        return SharedInfoDescriptor.EVTCHN_MASK_OFFSET + 8 * (port >>> 6);
    }

    private static int pendingSel(int vcpu) {
        return SharedInfoDescriptor.vcpuInfoOffset(vcpu) + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET;
    }

    private static boolean hasVcpuInfo(int vcpu) {
        return vcpu >= 0 && vcpu < SharedInfoDescriptor.XEN_LEGACY_MAX_VCPUS;
    }

    /** {@code guest_test_and_set_bit} on a 64-bit guest word: returns the bit's old value. */
    private static boolean testAndSet(FrameMemory m, long mfn, int offset, long bit) {
        long w = m.read64(mfn, offset);
        if ((w & bit) != 0) {
            return true;
        }
        m.write64(mfn, offset, w | bit);
        return false;
    }

    /**
     * {@code evtchn_2l_set_pending}: test-and-set the pending bit (already set: nothing more, no second upcall); if
     * the port is not masked and its selector bit was clear, set it and mark events pending on {@code vcpu}; then
     * wake the domain's pollers. Reports the pending change to the journal.
     */
    @Override
    public void setPending(EvtchnDomain d, int vcpu, int port, long now) {
        if (port < 0 || port >= NR_CHANNELS) {
            return; // no such bit: 2-level never allocates such a port
        }
        FrameMemory m = d.memory();
        long mfn = d.sharedInfoMfn();
        long bit = 1L << (port & 63);
        if (testAndSet(m, mfn, pendingWord(port), bit)) {
            d.services().pendingSet(d, vcpu, port, false);
            return;
        }
        d.services().pendingSet(d, vcpu, port, true);
        if ((m.read64(mfn, maskWord(port)) & bit) == 0
                && hasVcpuInfo(vcpu)
                && !testAndSet(m, mfn, pendingSel(vcpu), 1L << (port >>> 6))) {
            d.markEventsPending(vcpu, now);
        }
        d.services().checkPollers(d, port, now);
    }

    /** {@code evtchn_2l_clear_pending}: clears the pending bit of a port Xen frees. */
    @Override
    public void clearPending(EvtchnDomain d, int port, long now) {
        if (port < 0 || port >= NR_CHANNELS) {
            return;
        }
        FrameMemory m = d.memory();
        long mfn = d.sharedInfoMfn();
        int off = pendingWord(port);
        m.write64(mfn, off, m.read64(mfn, off) & ~(1L << (port & 63)));
        d.services().pendingCleared(d, port);
    }

    /**
     * {@code evtchn_2l_unmask}: if the mask bit was set, clear it; then if the port is pending and its selector bit
     * on the notify vCPU was clear, set it and mark events pending. An edge the guest cleared while the port was
     * masked is gone: nothing is redelivered.
     */
    @Override
    public void unmask(EvtchnDomain d, int port, long now) {
        if (port < 0 || port >= NR_CHANNELS) {
            return;
        }
        FrameMemory m = d.memory();
        long mfn = d.sharedInfoMfn();
        long bit = 1L << (port & 63);
        int maskOff = maskWord(port);
        long mask = m.read64(mfn, maskOff);
        if ((mask & bit) == 0) {
            return;
        }
        m.write64(mfn, maskOff, mask & ~bit);
        int vcpu = d.notifyVcpu(port);
        if ((m.read64(mfn, pendingWord(port)) & bit) != 0
                && hasVcpuInfo(vcpu)
                && !testAndSet(m, mfn, pendingSel(vcpu), 1L << (port >>> 6))) {
            d.services().unmaskRedelivered(d, vcpu, port);
            d.markEventsPending(vcpu, now);
        }
    }

    /** {@code evtchn_2l_is_pending}: the pending bit; false for a port beyond the bitmaps. */
    @Override
    public boolean isPending(EvtchnDomain d, int port) {
        return port >= 0
                && port < NR_CHANNELS
                && (d.memory().read64(d.sharedInfoMfn(), pendingWord(port)) & (1L << (port & 63))) != 0;
    }

    /** {@code evtchn_2l_is_masked}: the mask bit; true for a port beyond the bitmaps. */
    @Override
    public boolean isMasked(EvtchnDomain d, int port) {
        return port < 0
                || port >= NR_CHANNELS
                || (d.memory().read64(d.sharedInfoMfn(), maskWord(port)) & (1L << (port & 63))) != 0;
    }

    /** 2-level has no {@code is_busy}: a freed port can be reused at once. */
    @Override
    public boolean isBusy(EvtchnDomain d, int port) {
        return false;
    }

    /** 2-level has no {@code set_priority}: {@code evtchn_port_set_priority} answers {@code -ENOSYS}. */
    @Override
    public int setPriority(EvtchnDomain d, int port, int priority) {
        return Errno.ENOSYS.neg();
    }

    /** 2-level has no {@code set_priority}. */
    @Override
    public boolean hasSetPriority() {
        return false;
    }

    /** {@code EVTCHN_2L_NR_CHANNELS}: 4096 ports for a 64-bit guest. */
    @Override
    public int maxPorts(EvtchnDomain d) {
        return NR_CHANNELS;
    }
}
