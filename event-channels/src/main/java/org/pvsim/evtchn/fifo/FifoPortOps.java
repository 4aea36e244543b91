package org.pvsim.evtchn.fifo;

import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_BUSY;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_LINKED;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_LINK_MASK;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_MASKED;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_PENDING;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_PRIORITY_MIN;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnPortOps;
import org.pvsim.evtchn.abi.EvtchnFifoControlBlockDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * {@code evtchn_port_ops_fifo} ({@code xen/common/event_fifo.c}): a port's pending, mask and link state in its event
 * word in guest memory, and a newly pending unmasked port appended to the tail of queue {@code priority} of its notify
 * vCPU, whose control block ({@code ready}, {@code head[]}) is in guest memory too.
 *
 * <p>Called only for a domain whose {@link EvtchnDomain#abiState()} is an {@link EvtchnFifoDomain} (that is, while
 * {@link EvtchnDomain#ops()} is this object) and with a valid port. pvsim runs a domain's vCPUs and Xen one step at a
 * time in virtual time, so Xen's queue locks never contend and its {@code cmpxchg} on a tail word succeeds at the
 * first try: the BUSY bit, which Xen sets only after a failed try, is never set here (a link write still clears it,
 * as Xen's does). Nothing here allocates, except that {@link EvtchnFifoDomain}'s per-port arrays grow the first time
 * a higher port is touched.
 */
public final class FifoPortOps implements EvtchnPortOps {
    static final int P = 1 << EVTCHN_FIFO_PENDING;
    static final int M = 1 << EVTCHN_FIFO_MASKED;
    static final int L = 1 << EVTCHN_FIFO_LINKED;
    static final int B = 1 << EVTCHN_FIFO_BUSY;

    FifoPortOps() {}

    private static EvtchnFifoDomain fifo(EvtchnDomain d) {
        return (EvtchnFifoDomain) d.abiState();
    }

    /**
     * {@code evtchn_fifo_init} (the {@code init} port op, run when a port is bound while the domain is on FIFO): the
     * port gets {@code EVTCHN_FIFO_PRIORITY_DEFAULT}. Xen only warns if the port is still LINKED; so does nothing here.
     */
    public void init(EvtchnDomain d, int port) {
        d.setPriority(port, EVTCHN_FIFO_PRIORITY_DEFAULT);
    }

    /**
     * {@code evtchn_fifo_set_pending}: sets PENDING; if the port is neither MASKED nor LINKED, sets LINKED and appends
     * it to queue {@code d.priority(port)} of {@code vcpu} (linking the old tail to it, or writing {@code head[q]} if
     * the queue was empty), then sets the queue's {@code ready} bit and raises an upcall if that bit was clear. A port
     * beyond the event array only has its pending state saved for {@link FifoAbi#expandArray}; a vCPU without a control
     * block drops the event. Reports to the journal once ({@code pendingSet}) and wakes pollers if newly pending.
     */
    @Override
    public void setPending(EvtchnDomain d, int vcpu, int port, long now) {
        setPending(d, fifo(d), vcpu, port, now, true);
    }

    /** The body of {@link #setPending}; {@code report} false when Xen calls it from {@code unmask} (P is already set). */
    void setPending(EvtchnDomain d, EvtchnFifoDomain f, int vcpu, int port, long now, boolean report) {
        if (port >= f.numEvtchns()) {
            // no event word yet: remember it for add_page_to_event_array
            f.savePending(port);
            if (report) {
                d.services().pendingSet(d, vcpu, port, false);
            }
            return;
        }
        if (!f.hasControlBlock(vcpu)) {
            // the guest may not unmask before its control block exists, so Xen drops the event
            if (report) {
                d.services().pendingSet(d, vcpu, port, false);
            }
            return;
        }
        FrameMemory mem = d.memory();
        int priority = d.priority(port);
        int q = EvtchnFifoDomain.queueIndex(vcpu, priority);
        int oldQ = EvtchnFifoDomain.queueIndex(f.lastVcpu(port), f.lastPriority(port));
        long wordMfn = f.wordMfn(port);
        int wordOffset = EvtchnFifoDomain.wordOffset(port);

        int w = mem.read32(wordMfn, wordOffset);
        boolean newlyPending = (w & P) == 0;
        w |= P;
        mem.write32(wordMfn, wordOffset, w);
        if (report) {
            d.services().pendingSet(d, vcpu, port, newlyPending);
        }

        boolean linked = true;
        if ((w & M) == 0 && (w & L) == 0) {
            mem.write32(wordMfn, wordOffset, w | L);
            // the port was the old queue's tail and has been consumed: that queue is empty now
            if (f.tailAt(oldQ) == port) {
                f.setTailAt(oldQ, 0);
            }
            if (oldQ != q) {
                f.setLastq(port, vcpu, priority);
            }
            linked = false;
            int tail = f.tailAt(q);
            if (tail != 0) {
                linked = setLink(mem, f, tail, port);
            }
            if (!linked) {
                mem.write32(
                        f.controlBlockMfn(vcpu),
                        f.controlBlockOffset(vcpu) + EvtchnFifoControlBlockDescriptor.HEAD_OFFSET + 4 * priority,
                        port);
            }
            f.setTailAt(q, port);
        }

        if (!linked && testAndSetReady(mem, f, vcpu, priority)) {
            d.markEventsPending(vcpu, now);
        }
        if (newlyPending) {
            d.services().checkPollers(d, port, now);
        }
    }

    /**
     * {@code evtchn_fifo_set_link} without contention ({@code try_set_link}'s first try): if the tail word is still
     * LINKED, replaces its link with {@code port} (clearing BUSY) and returns true; if the guest has consumed it (LINKED
     * clear), returns false and the caller writes {@code head[q]} instead.
     */
    private static boolean setLink(FrameMemory mem, EvtchnFifoDomain f, int tail, int port) {
        long mfn = f.wordMfn(tail);
        int offset = EvtchnFifoDomain.wordOffset(tail);
        int w = mem.read32(mfn, offset);
        if ((w & L) == 0) {
            return false;
        }
        mem.write32(mfn, offset, (w & ~(B | EVTCHN_FIFO_LINK_MASK)) | port);
        return true;
    }

    /** {@code guest_test_and_set_bit(priority, &control_block->ready)}, negated: true if the bit was clear. */
    private static boolean testAndSetReady(FrameMemory mem, EvtchnFifoDomain f, int vcpu, int priority) {
        long mfn = f.controlBlockMfn(vcpu);
        int offset = f.controlBlockOffset(vcpu) + EvtchnFifoControlBlockDescriptor.READY_OFFSET;
        int ready = mem.read32(mfn, offset);
        int bit = 1 << priority;
        if ((ready & bit) != 0) {
            return false;
        }
        mem.write32(mfn, offset, ready | bit);
        return true;
    }

    /**
     * {@code evtchn_fifo_clear_pending}: clears PENDING only; the guest unlinks the port itself and skips events that
     * are not pending. A port without an event word has nothing to clear.
     */
    @Override
    public void clearPending(EvtchnDomain d, int port, long now) {
        EvtchnFifoDomain f = fifo(d);
        if (port >= f.numEvtchns()) {
            return;
        }
        FrameMemory mem = d.memory();
        long mfn = f.wordMfn(port);
        int offset = EvtchnFifoDomain.wordOffset(port);
        mem.write32(mfn, offset, mem.read32(mfn, offset) & ~P);
        d.services().pendingCleared(d, port);
    }

    /**
     * {@code evtchn_fifo_unmask}: clears MASKED and, if the port is PENDING, runs set_pending again on its notify vCPU
     * so that it is linked. A port without an event word is left alone.
     */
    @Override
    public void unmask(EvtchnDomain d, int port, long now) {
        EvtchnFifoDomain f = fifo(d);
        if (port >= f.numEvtchns()) {
            return;
        }
        FrameMemory mem = d.memory();
        long mfn = f.wordMfn(port);
        int offset = EvtchnFifoDomain.wordOffset(port);
        int w = mem.read32(mfn, offset) & ~M;
        mem.write32(mfn, offset, w);
        if ((w & P) != 0) {
            setPending(d, f, d.notifyVcpu(port), port, now, false);
        }
    }

    /** {@code evtchn_fifo_is_pending}: the port has an event word with PENDING set. */
    @Override
    public boolean isPending(EvtchnDomain d, int port) {
        return (word(d, port, 0) & P) != 0;
    }

    /** {@code evtchn_fifo_is_masked}: MASKED is set, or the port has no event word. */
    @Override
    public boolean isMasked(EvtchnDomain d, int port) {
        return (word(d, port, M) & M) != 0;
    }

    /** {@code evtchn_fifo_is_busy}: the port is still LINKED in a queue, so it cannot be reallocated yet. */
    @Override
    public boolean isBusy(EvtchnDomain d, int port) {
        return (word(d, port, 0) & L) != 0;
    }

    /**
     * {@code evtchn_fifo_set_priority}: {@code -EINVAL} above {@code EVTCHN_FIFO_PRIORITY_MIN} (15; a negative value
     * is a huge unsigned one); otherwise the port's next link goes to queue {@code priority}. A port already linked
     * stays in its old queue.
     */
    @Override
    public int setPriority(EvtchnDomain d, int port, int priority) {
        if (Integer.compareUnsigned(priority, EVTCHN_FIFO_PRIORITY_MIN) > 0) {
            return Errno.EINVAL.neg();
        }
        d.setPriority(port, priority);
        return 0;
    }

    /**
     * {@code max_evtchns(d)} for a FIFO domain: {@code EVTCHN_FIFO_NR_CHANNELS} (2^17), whatever the event array holds.
     * Ports beyond the array may be bound; their events wait in {@link EvtchnFifoDomain#savedPending} until {@code
     * EVTCHNOP_expand_array} gives them words.
     */
    @Override
    public int maxPorts(EvtchnDomain d) {
        return EVTCHN_FIFO_NR_CHANNELS;
    }

    /** The port's event word, or {@code absent} if it has none ({@code evtchn_fifo_word_from_port} gives NULL). */
    private static int word(EvtchnDomain d, int port, int absent) {
        EvtchnFifoDomain f = fifo(d);
        if (port >= f.numEvtchns()) {
            return absent;
        }
        return d.memory().read32(f.wordMfn(port), EvtchnFifoDomain.wordOffset(port));
    }
}
