package org.pvsim.hypervisor.hypercall;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MulticallEntryDescriptor;

/**
 * {@code HYPERVISOR_multicall(call_list, nr_calls)} ({@code xen/common/multicall.c}): runs a batch of hypercalls and
 * writes each one's return value into its entry's {@code result}. A failing entry does not stop the batch; only a
 * fault reading an entry or writing a result does ({@code -EFAULT}). A multicall inside a multicall gets
 * {@code -EINVAL} as its result.
 *
 * <p>An entry that takes the calling vCPU off the CPU (its domain shuts down or is paused) ends the batch with 0:
 * Xen would preempt the batch there and continue it when the vCPU runs again ({@code hypercall_preempt_check}, a
 * continuation); pvsim does not resume batches, so the entries after it never run.
 */
public final class Multicall implements CoreHypercall {
    /** CPU time per entry, on top of the entry's own cost. */
    public static final long COST_PER_ENTRY_NS = 20;

    private final HypercallTable table;
    private final byte[] entry = new byte[MulticallEntryDescriptor.SIZE];

    public Multicall(HypercallTable table) {
        this.table = table;
    }

    @Override
    public long invoke(HypercallFrame frame, long callList, long nrCalls, long unused3, long unused4, long unused5) {
        if (frame.inMulticall()) {
            return Errno.EINVAL.neg();
        }
        if (nrCalls < 0
                || nrCalls > Long.MAX_VALUE / MulticallEntryDescriptor.SIZE
                || !frame.handleOkay(callList, nrCalls * MulticallEntryDescriptor.SIZE)) {
            return Errno.EFAULT.neg();
        }
        frame.setInMulticall(true);
        try {
            for (long i = 0; i < nrCalls; i++) {
                long va = callList + i * MulticallEntryDescriptor.SIZE;
                if (frame.copyFromGuest(va, entry, 0, MulticallEntryDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                frame.charge(COST_PER_ENTRY_NS);
                long op = LittleEndian.getI64(entry, MulticallEntryDescriptor.OP_OFFSET);
                long result = table.dispatch(frame, op, arg(0), arg(1), arg(2), arg(3), arg(4));
                LittleEndian.putI64(entry, MulticallEntryDescriptor.RESULT_OFFSET, result);
                if (frame.copyToGuest(
                                va + MulticallEntryDescriptor.RESULT_OFFSET,
                                entry,
                                MulticallEntryDescriptor.RESULT_OFFSET,
                                8)
                        != 0) {
                    return Errno.EFAULT.neg();
                }
                if (!frame.vcpu().isRunnable()) {
                    // The vCPU was taken off the CPU (its domain shut down or paused): Xen would not return to the
                    // batch until it runs again, and pvsim does not resume batches.
                    return 0;
                }
            }
            return 0;
        } finally {
            frame.setInMulticall(false);
        }
    }

    private long arg(int i) {
        return LittleEndian.getI64(entry, MulticallEntryDescriptor.ARGS_OFFSET + 8 * i);
    }
}
