package org.pvsim.evtchn.fifo;

import static org.pvsim.evtchn.fifo.FifoPortOps.L;
import static org.pvsim.evtchn.fifo.FifoPortOps.M;
import static org.pvsim.evtchn.fifo.FifoPortOps.P;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.abi.EvtchnFifoControlBlockDescriptor;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * The guest side of the FIFO ABI, as Linux's {@code drivers/xen/events/events_fifo.c} does it: it knows only what the
 * guest knows (its control blocks, its event array pages, and its own per-vCPU copy of each queue's head), and
 * touches guest memory only. {@link #consumeOne} is one iteration of Linux's {@code handle_events} loop, so a test can
 * interleave Xen's operations between iterations; {@link #handleEvents} is the whole upcall.
 */
final class GuestFifoConsumer {
    private final FrameMemory mem;
    private final RecordingHostServices services;
    private final long[] cbMfn;
    private final int[] cbOffset;
    private final long[] arrayMfn = new long[EvtchnFifo.MAX_EVENT_ARRAY_PAGES];
    private int pages;
    /** The guest's private {@code q->head[priority]} per vCPU: where it stopped in each queue, 0 at the end. */
    final int[][] localHead;
    /** The guest's local copy of {@code ready}, kept between iterations of the handle_events loop. */
    final int[] localReady;

    GuestFifoConsumer(FrameMemory mem, RecordingHostServices services, int vcpus) {
        this.mem = mem;
        this.services = services;
        cbMfn = new long[vcpus];
        Arrays.fill(cbMfn, -1);
        cbOffset = new int[vcpus];
        localHead = new int[vcpus][EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES];
        localReady = new int[vcpus];
    }

    void controlBlock(int vcpu, long mfn, int offset) {
        cbMfn[vcpu] = mfn;
        cbOffset[vcpu] = offset;
    }

    void addArrayPage(long mfn) {
        arrayMfn[pages++] = mfn;
    }

    int eventWords() {
        return pages * EvtchnFifo.EVENT_WORDS_PER_PAGE;
    }

    int word(int port) {
        return mem.read32(arrayMfn[port / 1024], (port % 1024) * 4);
    }

    void writeWord(int port, int w) {
        mem.write32(arrayMfn[port / 1024], (port % 1024) * 4, w);
    }

    int ready(int vcpu) {
        return mem.read32(cbMfn[vcpu], cbOffset[vcpu] + EvtchnFifoControlBlockDescriptor.READY_OFFSET);
    }

    int head(int vcpu, int q) {
        return mem.read32(cbMfn[vcpu], cbOffset[vcpu] + EvtchnFifoControlBlockDescriptor.HEAD_OFFSET + 4 * q);
    }

    /** {@code evtchn_fifo_mask}: the guest sets MASKED itself. */
    void mask(int port) {
        writeWord(port, word(port) | M);
    }

    /**
     * {@code evtchn_fifo_unmask}: the guest clears MASKED itself (BUSY never holds it up here) and asks Xen to
     * relink the port only if it is pending.
     */
    void unmask(EvtchnDomain d, int port, long now) {
        writeWord(port, word(port) & ~M);
        if ((word(port) & P) != 0) {
            d.ops().unmask(d, port, now);
        }
    }

    /** {@code evtchn_fifo_clear_pending}, what the guest's ack does when it handles an event. */
    void clearPending(int port) {
        writeWord(port, word(port) & ~P);
    }

    /** The upcall: clears {@code evtchn_upcall_pending}, then consumes until no queue is ready. */
    List<Integer> handleEvents(int vcpu) {
        services.upcallPending[vcpu] = false;
        List<Integer> handled = new ArrayList<>();
        int r;
        while ((r = consumeOne(vcpu)) >= 0) {
            if (r > 0) {
                handled.add(r);
            }
        }
        return handled;
    }

    /**
     * One iteration of {@code handle_events}: {@code ready |= xchg(&control_block->ready, 0)}; if a queue is ready,
     * {@code consume_one_event} on the highest priority one (the lowest set bit).
     *
     * @return the port handled (pending and unmasked, now acknowledged), 0 if a port was unlinked but not handled, or
     *     -1 if no queue was ready
     */
    int consumeOne(int vcpu) {
        int readyOffset = cbOffset[vcpu] + EvtchnFifoControlBlockDescriptor.READY_OFFSET;
        localReady[vcpu] |= mem.read32(cbMfn[vcpu], readyOffset);
        mem.write32(cbMfn[vcpu], readyOffset, 0);
        if (localReady[vcpu] == 0) {
            return -1;
        }
        int q = Integer.numberOfTrailingZeros(localReady[vcpu]);
        int port = localHead[vcpu][q];
        if (port == 0) {
            // reached the end last time: Xen has written a new head since
            port = head(vcpu, q);
        }
        // clear_linked: drop LINKED and the link, keep the link
        int w = word(port);
        int next = w & EvtchnFifo.EVTCHN_FIFO_LINK_MASK;
        writeWord(port, w & ~(L | EvtchnFifo.EVTCHN_FIFO_LINK_MASK));
        if (next == 0) {
            localReady[vcpu] &= ~(1 << q);
        }
        localHead[vcpu][q] = next;
        w = word(port);
        if ((w & P) != 0 && (w & M) == 0) {
            clearPending(port);
            return port;
        }
        return 0;
    }
}
