package org.pvsim.guest.evtchn;

import static org.pvsim.evtchn.abi.EvtchnFifo.EVENT_WORDS_PER_PAGE;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVENT_WORD_SIZE;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_LINKED;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_LINK_MASK;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_MASKED;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_PENDING;
import static org.pvsim.evtchn.abi.EvtchnFifo.MAX_EVENT_ARRAY_PAGES;

import java.util.Arrays;
import org.pvsim.evtchn.abi.EvtchnFifoControlBlockDescriptor;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * The guest side of the FIFO event ABI, as Linux's {@code drivers/xen/events/events_fifo.c} has it. Each port has a
 * 32-bit event word (PENDING, MASKED, LINKED, BUSY bits and a 17-bit link) in the event array, pages the kernel gives
 * Xen one at a time ({@code EVTCHNOP_expand_array}) as its ports grow; each vCPU has a control block ({@code
 * EVTCHNOP_init_control}) with a {@code ready} bit per priority queue and the queues' heads. Xen links a port that
 * becomes pending and unmasked at the tail of its queue on its notify vCPU.
 *
 * <p><b>Handling an upcall</b> ({@code __evtchn_fifo_handle_events}): {@code ready} is exchanged with 0; while a bit
 * is set, one event is consumed from the highest-priority ready queue, and {@code ready} is read (and cleared) again,
 * so an event of higher priority that arrives meanwhile goes next. Consuming ({@code consume_one_event}): the port
 * is the vCPU's own remembered head of that queue, or, when it reached the tail last time, the head Xen wrote in the
 * control block; its LINKED bit and link are cleared together ({@code clear_linked}), and the link becomes the new
 * head (0: the queue is empty, its ready bit is dropped); if the port is pending and not masked it is handled ({@link
 * GuestEvents#dispatch} clears PENDING, then calls the handler).
 *
 * <p><b>Masking</b> sets MASKED in the word. <b>Unmasking</b> clears it and, if the port is pending, asks Xen to link
 * it with {@code EVTCHNOP_unmask} (only Xen may link ports into queues).
 *
 * <p>New event-array pages are filled with MASKED words before Xen sees them, as Linux's {@code init_array_page} does.
 * Per-vCPU state is in arrays; an upcall allocates nothing.
 */
final class EventsFifo implements EvtchnOps {
    /** An event array page with every word MASKED. */
    private static final byte[] MASKED_PAGE = new byte[X86Paging.PAGE_SIZE];
    /** A page of zeros: a control block starts empty. */
    private static final byte[] ZERO_PAGE = new byte[X86Paging.PAGE_SIZE];

    static {
        for (int i = 0; i < MASKED_PAGE.length; i += EVENT_WORD_SIZE) {
            MASKED_PAGE[i + 3] = (byte) (1 << (EVTCHN_FIFO_MASKED - 24));
        }
    }

    private final GuestEvents events;
    private final KernelPages pages;
    /** The virtual address of each event-array page, in order; {@link #arrayPages} are in use. */
    private final long[] arrayVa = new long[MAX_EVENT_ARRAY_PAGES];

    private int arrayPages;
    /** Per vCPU: the virtual address of its control block, 0 until {@code init_control}. */
    private long[] controlBlockVa = new long[0];
    /** Per vCPU and queue: the next port to consume, 0 when the vCPU reached the tail ({@code q->head} in Linux). */
    private int[][] head = new int[0][];

    EventsFifo(GuestEvents events, KernelPages pages) {
        this.events = events;
        this.pages = pages;
    }

    @Override
    public EventAbi abi() {
        return EventAbi.FIFO;
    }

    @Override
    public int maxChannels() {
        return EVTCHN_FIFO_NR_CHANNELS;
    }

    /**
     * {@code evtchn_fifo_alloc_control_block}: gives vCPU {@code vcpu} a zeroed control block page and registers it
     * with {@code EVTCHNOP_init_control}. The first success switches the domain to the FIFO ABI.
     *
     * @return 0, or a negative errno (the page is freed again; the domain stays on its ABI)
     */
    long initControl(GuestCpu cpu, Hypercalls hc, int vcpu) {
        grow(vcpu);
        if (controlBlockVa[vcpu] != 0) {
            return 0;
        }
        long pfn = pages.alloc();
        if (pfn < 0) {
            return Errno.ENOMEM.neg();
        }
        long va = pages.va(pfn);
        cpu.write(va, ZERO_PAGE, 0, ZERO_PAGE.length);
        long rc = EventChannelOp.initControl(hc, pages.mfn(pfn), 0, vcpu);
        if (rc < 0) {
            pages.free(pfn);
            return rc;
        }
        controlBlockVa[vcpu] = va;
        Arrays.fill(head[vcpu], 0);
        return 0;
    }

    /** Whether vCPU {@code vcpu} has a control block. */
    boolean hasControlBlock(int vcpu) {
        return vcpu < controlBlockVa.length && controlBlockVa[vcpu] != 0;
    }

    /** Pages of event words given to Xen so far. */
    int arrayPages() {
        return arrayPages;
    }

    private void grow(int vcpu) {
        if (vcpu >= controlBlockVa.length) {
            int n = vcpu + 1;
            int old = head.length;
            controlBlockVa = Arrays.copyOf(controlBlockVa, n);
            head = Arrays.copyOf(head, n);
            for (int i = old; i < n; i++) {
                head[i] = new int[EVTCHN_FIFO_MAX_QUEUES];
            }
        }
    }

    @Override
    public long setup(GuestCpu cpu, Hypercalls hc, int port) {
        int wanted = port / EVENT_WORDS_PER_PAGE + 1;
        if (wanted > MAX_EVENT_ARRAY_PAGES) {
            return Errno.EINVAL.neg();
        }
        while (arrayPages < wanted) {
            long pfn = pages.alloc();
            if (pfn < 0) {
                return Errno.ENOMEM.neg();
            }
            long va = pages.va(pfn);
            cpu.write(va, MASKED_PAGE, 0, MASKED_PAGE.length);
            long rc = EventChannelOp.expandArray(hc, pages.mfn(pfn));
            if (rc < 0) {
                pages.free(pfn);
                return rc;
            }
            arrayVa[arrayPages++] = va;
        }
        return 0;
    }

    @Override
    public void bindToCpu(int port, int vcpu, int oldVcpu) {
        // each vCPU has its own queues: nothing to track
    }

    @Override
    public void unbind(int port, int vcpu) {}

    /** The virtual address of the port's event word, or 0 if the array does not reach it yet. */
    private long wordVa(int port) {
        int page = port / EVENT_WORDS_PER_PAGE;
        return port >= 0 && page < arrayPages
                ? arrayVa[page] + (long) (port % EVENT_WORDS_PER_PAGE) * EVENT_WORD_SIZE
                : 0;
    }

    @Override
    public void clearPending(GuestCpu cpu, int port) {
        clearBit(cpu, port, EVTCHN_FIFO_PENDING);
    }

    @Override
    public boolean isPending(GuestCpu cpu, int port) {
        return testBit(cpu, port, EVTCHN_FIFO_PENDING);
    }

    @Override
    public boolean isMasked(GuestCpu cpu, int port) {
        long va = wordVa(port);
        return va == 0 || (cpu.read32(va) & (1 << EVTCHN_FIFO_MASKED)) != 0;
    }

    @Override
    public void mask(GuestCpu cpu, int port) {
        long va = wordVa(port);
        if (va != 0) {
            cpu.write32(va, cpu.read32(va) | (1 << EVTCHN_FIFO_MASKED));
        }
    }

    @Override
    public void unmask(GuestCpu cpu, Hypercalls hc, int port, int notifyVcpu) {
        clearBit(cpu, port, EVTCHN_FIFO_MASKED);
        if (isPending(cpu, port)) {
            EventChannelOp.unmask(hc, port);
        }
    }

    @Override
    public void handleEvents(GuestCpu cpu) {
        int id = cpu.vcpuId();
        if (!hasControlBlock(id)) {
            return;
        }
        long ready = xchgReady(cpu, controlBlockVa[id]);
        while (ready != 0) {
            int q = Long.numberOfTrailingZeros(ready);
            ready = consumeOneEvent(cpu, id, q, ready);
            ready |= xchgReady(cpu, controlBlockVa[id]);
        }
    }

    /** {@code consume_one_event}: returns {@code ready} with bit {@code q} dropped if the queue is now empty. */
    private long consumeOneEvent(GuestCpu cpu, int id, int q, long ready) {
        int port = head[id][q];
        if (port == 0) {
            // reached the tail last time: Xen wrote the queue's new head in the control block
            port = cpu.read32(controlBlockVa[id] + EvtchnFifoControlBlockDescriptor.headOffset(q))
                    & EVTCHN_FIFO_LINK_MASK;
        }
        long va = wordVa(port);
        if (port == 0 || va == 0) {
            // nothing this kernel can consume: forget the queue until Xen marks it ready again
            head[id][q] = 0;
            return ready & ~(1L << q);
        }
        int w = cpu.read32(va);
        int next = w & EVTCHN_FIFO_LINK_MASK;
        w &= ~((1 << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK);
        cpu.write32(va, w);
        if (next == 0) {
            ready &= ~(1L << q);
        }
        if ((w & (1 << EVTCHN_FIFO_PENDING)) != 0 && (w & (1 << EVTCHN_FIFO_MASKED)) == 0) {
            events.dispatch(cpu, port);
        }
        head[id][q] = next;
        return ready;
    }

    /** {@code xchg(&control_block->ready, 0)}: steps never interleave, so a load and a store are atomic here. */
    private static long xchgReady(GuestCpu cpu, long controlBlock) {
        long va = controlBlock + EvtchnFifoControlBlockDescriptor.READY_OFFSET;
        int ready = cpu.read32(va);
        if (ready != 0) {
            cpu.write32(va, 0);
        }
        return ready & 0xFFFF_FFFFL;
    }

    private boolean testBit(GuestCpu cpu, int port, int bit) {
        long va = wordVa(port);
        return va != 0 && (cpu.read32(va) & (1 << bit)) != 0;
    }

    private void clearBit(GuestCpu cpu, int port, int bit) {
        long va = wordVa(port);
        if (va != 0) {
            cpu.write32(va, cpu.read32(va) & ~(1 << bit));
        }
    }
}
