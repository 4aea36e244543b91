package org.pvsim.guest.evtchn;

import java.util.Arrays;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;

/**
 * The guest side of the 2-level event ABI, as Linux's {@code drivers/xen/events/events_2l.c} has it: a port's pending
 * and mask bits are bit {@code port % 64} of word {@code port / 64} of {@code shared_info.evtchn_pending} and {@code
 * evtchn_mask}; Xen sets bit {@code port / 64} of the notify vCPU's {@code evtchn_pending_sel} and its {@code
 * evtchn_upcall_pending} when an unmasked port becomes pending.
 *
 * <p><b>Handling an upcall</b> ({@code evtchn_2l_handle_events}): the vCPU's own {@code VIRQ_TIMER} port first, if it
 * is active; then the selector is exchanged with 0 and each selected word is scanned for ports that are pending, not
 * masked, and bound to this vCPU ({@code active_evtchns}), each handled in turn ({@link GuestEvents#dispatch} clears
 * its pending bit, then calls its handler). The scan resumes where the previous one stopped ({@code current_word_idx},
 * {@code current_bit_idx}), so a busy low port cannot starve the others; the word it starts in is scanned twice, first
 * from the resume bit, then whole.
 *
 * <p><b>Unmasking</b> (Linux's {@code evtchn_2l_unmask}): for a port that notifies the running vCPU, the guest clears
 * the mask bit itself and, if the port is pending, sets its selector bit and {@code evtchn_upcall_pending} itself, so
 * the event is delivered at the next upcall without a hypercall; for a port notifying another vCPU it asks Xen with
 * {@code EVTCHNOP_unmask}, which does the same on that vCPU and kicks it. An edge raised while the port was masked
 * and cleared since is lost, as {@code xen/include/public/xen.h} says.
 *
 * <p>Per-vCPU state ({@code cpu_evtchn_mask}, the resume position) lives in arrays indexed by vCPU id, grown when a
 * port is bound to a new vCPU; an upcall allocates nothing.
 */
final class Events2l implements EvtchnOps {
    private static final int WORDS = SharedInfoDescriptor.EVTCHN_WORDS;
    private static final int BITS = 64;

    private final GuestEvents events;
    private final long sharedInfoVa;
    /** Per vCPU: the ports bound to it, one bit each ({@code cpu_evtchn_mask} in Linux). */
    private long[][] cpuMask = new long[0][];
    /** Per vCPU: the word the next scan starts in. */
    private int[] currentWord = new int[0];
    /** Per vCPU: the bit the next scan starts at in that word. */
    private int[] currentBit = new int[0];

    Events2l(GuestEvents events, long sharedInfoVa) {
        this.events = events;
        this.sharedInfoVa = sharedInfoVa;
    }

    @Override
    public EventAbi abi() {
        return EventAbi.TWO_LEVEL;
    }

    @Override
    public int maxChannels() {
        return SharedInfoDescriptor.EVTCHN_2L_NR_CHANNELS;
    }

    /** Masks every port, as Linux's {@code xen_evtchn_mask_all} does at boot: a port delivers only once bound. */
    void maskAll(GuestCpu cpu) {
        for (int w = 0; w < WORDS; w++) {
            cpu.write64(maskVa(w), -1L);
        }
    }

    @Override
    public long setup(GuestCpu cpu, Hypercalls hc, int port) {
        return 0;
    }

    @Override
    public void bindToCpu(int port, int vcpu, int oldVcpu) {
        grow(vcpu);
        if (oldVcpu >= 0 && oldVcpu < cpuMask.length) {
            cpuMask[oldVcpu][port >>> 6] &= ~(1L << port);
        }
        cpuMask[vcpu][port >>> 6] |= 1L << port;
    }

    @Override
    public void unbind(int port, int vcpu) {
        if (vcpu >= 0 && vcpu < cpuMask.length) {
            cpuMask[vcpu][port >>> 6] &= ~(1L << port);
        }
    }

    private void grow(int vcpu) {
        if (vcpu >= cpuMask.length) {
            int n = vcpu + 1;
            int old = cpuMask.length;
            cpuMask = Arrays.copyOf(cpuMask, n);
            for (int i = old; i < n; i++) {
                cpuMask[i] = new long[WORDS];
            }
            currentWord = Arrays.copyOf(currentWord, n);
            currentBit = Arrays.copyOf(currentBit, n);
        }
    }

    @Override
    public void clearPending(GuestCpu cpu, int port) {
        long va = pendingVa(port >>> 6);
        cpu.write64(va, cpu.read64(va) & ~(1L << port));
    }

    @Override
    public boolean isPending(GuestCpu cpu, int port) {
        return (cpu.read64(pendingVa(port >>> 6)) & (1L << port)) != 0;
    }

    @Override
    public boolean isMasked(GuestCpu cpu, int port) {
        return (cpu.read64(maskVa(port >>> 6)) & (1L << port)) != 0;
    }

    @Override
    public void mask(GuestCpu cpu, int port) {
        long va = maskVa(port >>> 6);
        cpu.write64(va, cpu.read64(va) | (1L << port));
    }

    @Override
    public void unmask(GuestCpu cpu, Hypercalls hc, int port, int notifyVcpu) {
        if (notifyVcpu != cpu.vcpuId()) {
            // Xen's unmask acts only on a masked port: the bit stays set for it to clear
            EventChannelOp.unmask(hc, port);
            return;
        }
        int word = port >>> 6;
        long va = maskVa(word);
        cpu.write64(va, cpu.read64(va) & ~(1L << port));
        if (isPending(cpu, port)) {
            // what Xen's unmask would do, done by the guest for its own vCPU (hw_resend_irq in Linux's words)
            long vi = GuestEvents.vcpuInfoVa(sharedInfoVa, cpu.vcpuId());
            long sel = cpu.read64(vi + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET);
            if ((sel & (1L << word)) == 0) {
                cpu.write64(vi + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET, sel | (1L << word));
                cpu.write8(vi + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 1);
            }
        }
    }

    @Override
    public void handleEvents(GuestCpu cpu) {
        int id = cpu.vcpuId();
        grow(id);
        long[] mine = cpuMask[id];
        int timer = events.timerPort(id);
        if (timer > 0 && (active(cpu, mine, timer >>> 6) & (1L << timer)) != 0) {
            events.dispatch(cpu, timer);
        }
        long vi = GuestEvents.vcpuInfoVa(sharedInfoVa, id);
        // xchg(evtchn_pending_sel, 0): steps never interleave, so a load and a store are atomic here
        long pendingWords = cpu.read64(vi + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET);
        cpu.write64(vi + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET, 0);
        int startWord = currentWord[id];
        int startBit = currentBit[id];
        int wordIdx = startWord;
        for (int i = 0; pendingWords != 0; i++) {
            long words = pendingWords & (-1L << wordIdx);
            if (words == 0) {
                // nothing selected at or after wordIdx: wrap to the beginning
                wordIdx = 0;
                continue;
            }
            wordIdx = Long.numberOfTrailingZeros(words);
            long pendingBits = active(cpu, mine, wordIdx);
            int bitIdx = wordIdx == startWord && i == 0 ? startBit : 0;
            do {
                long bits = pendingBits & (-1L << bitIdx);
                if (bits == 0) {
                    break;
                }
                bitIdx = Long.numberOfTrailingZeros(bits);
                events.dispatch(cpu, wordIdx * BITS + bitIdx);
                bitIdx = (bitIdx + 1) % BITS;
                currentWord[id] = bitIdx != 0 ? wordIdx : (wordIdx + 1) % WORDS;
                currentBit[id] = bitIdx;
            } while (bitIdx != 0);
            // the start word is scanned twice (its upper part first, then whole); the others once
            if (wordIdx != startWord || i != 0) {
                pendingWords &= ~(1L << wordIdx);
            }
            wordIdx = (wordIdx + 1) % WORDS;
        }
    }

    /** {@code active_evtchns}: pending, not masked, and bound to this vCPU. */
    private long active(GuestCpu cpu, long[] mine, int word) {
        return cpu.read64(pendingVa(word)) & ~cpu.read64(maskVa(word)) & mine[word];
    }

    private long pendingVa(int word) {
        return sharedInfoVa + SharedInfoDescriptor.EVTCHN_PENDING_OFFSET + 8L * word;
    }

    private long maskVa(int word) {
        return sharedInfoVa + SharedInfoDescriptor.EVTCHN_MASK_OFFSET + 8L * word;
    }
}
