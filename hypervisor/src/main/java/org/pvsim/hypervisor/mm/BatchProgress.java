package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.hypercall.HypercallFrame;

/**
 * The continuation format of the PV MMU's batched hypercalls ({@code mmu_update}, {@code mmuext_op},
 * {@code x86/mm.c}): {@code count} with {@link #MMU_UPDATE_PREEMPTED} set means "a continuation: the operations done
 * so far are already in {@code *pdone}"; at the end {@code *pdone} gets the previous count plus the operations done
 * by this call. One instance per handler, reused, so a call allocates nothing.
 */
final class BatchProgress {
    /** Set in {@code count} by a continuation ({@code MMU_UPDATE_PREEMPTED}). */
    static final long MMU_UPDATE_PREEMPTED = 0x8000_0000L;

    private final byte[] word = new byte[4];
    private int doneBefore;
    private long count;

    /**
     * Reads the batch size from the {@code count} argument (its low 32 bits, as Xen's {@code unsigned int}) and, for
     * a continuation, the count done so far from {@code pdone}.
     */
    void start(HypercallFrame f, long countArg, long pdone) {
        count = countArg & 0xFFFF_FFFFL;
        doneBefore = 0;
        if ((count & MMU_UPDATE_PREEMPTED) != 0) {
            count &= ~MMU_UPDATE_PREEMPTED;
            if (pdone != 0 && f.copyFromGuest(pdone, word, 0, 4) == 0) {
                doneBefore = LittleEndian.getI32(word, 0);
            }
        }
    }

    /** The operations this call is asked to do. */
    long count() {
        return count;
    }

    /** Whether the arguments are the "no-op continuation" that only returns {@code foreigndom}. */
    static boolean isBareContinuation(long countArg, long list) {
        return (countArg & 0xFFFF_FFFFL) == MMU_UPDATE_PREEMPTED && list == 0;
    }

    /** Writes the total done ({@code doneBefore + doneNow}) to {@code *pdone} if {@code pdone} is not null. */
    void finish(HypercallFrame f, long pdone, long doneNow) {
        if (pdone != 0) {
            LittleEndian.putI32(word, 0, doneBefore + (int) doneNow);
            f.copyToGuest(pdone, word, 0, 4);
        }
    }
}
