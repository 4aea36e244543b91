package org.pvsim.evtchn.fifo;

import static org.pvsim.evtchn.abi.EvtchnFifo.EVENT_WORDS_PER_PAGE;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVENT_WORD_SIZE;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS;
import static org.pvsim.evtchn.abi.EvtchnFifo.MAX_EVENT_ARRAY_PAGES;

import java.util.Arrays;

/**
 * The FIFO ABI's state for one domain, kept in {@link org.pvsim.evtchn.EvtchnDomain#abiState()} while the domain is
 * on the FIFO ABI. It gathers what Xen spreads over three structures of {@code common/event_fifo.c}: {@code struct
 * evtchn_fifo_domain} (the event array pages and {@code num_evtchns}), one {@code struct evtchn_fifo_vcpu} per vCPU
 * (the control block and the 16 queues' private tails), and the FIFO fields of {@code struct evtchn} ({@code pending},
 * {@code fifo_lastq}). Everything the guest sees (event words, {@code ready}, {@code head[]}) is in guest frames; only
 * Xen's private bookkeeping is here, in primitive arrays.
 *
 * <p>Invariants: {@link #numEvtchns()} is {@code 1024 ×} the number of array pages held, at most {@code 2^17}, and
 * only grows; slot {@code i < numEvtchns()/1024} of the event array holds a frame with one writable reference; a vCPU
 * has a control block iff {@link #controlBlockMfn} is not {@link #NO_PAGE}, and then the frame holds one writable
 * reference; a queue's tail is 0 (no tail) or a port below {@link #numEvtchns()}.
 */
public final class EvtchnFifoDomain {
    /** The value of a frame slot that holds nothing. */
    public static final long NO_PAGE = -1;

    private final int domid;
    private final int maxVcpus;

    /** {@code event_array[]}: the frame of each page of event words. */
    private final long[] eventArray = new long[MAX_EVENT_ARRAY_PAGES];
    /** {@code num_evtchns}: the ports that have an event word. */
    private int numEvtchns;

    /** Per vCPU: the frame of {@code control_block}, or {@link #NO_PAGE}. */
    private final long[] controlBlockMfn;
    /** Per vCPU: the control block's byte offset in its frame. */
    private final int[] controlBlockOffset;
    /** {@code queue[q].tail} of vCPU {@code v} at {@code v * EVTCHN_FIFO_MAX_QUEUES + q}; 0 means none. */
    private final int[] tail;

    /** {@code evtchn->pending}: set while the port had no event word; re-raised when its page arrives. */
    private boolean[] pending = new boolean[0];
    /** {@code evtchn->fifo_lastq}: {@code (last_vcpu_id << 4) | last_priority}; 0 (vCPU 0, queue 0) at first. */
    private int[] lastq = new int[0];

    /** What the auditor is told holds each reference. */
    private final String[] controlBlockHolder;

    private final String[] arrayPageHolder = new String[MAX_EVENT_ARRAY_PAGES];

    /** {@code setup_control_block} for every vCPU and {@code setup_event_array}: no control block, no pages. */
    EvtchnFifoDomain(int domid, int maxVcpus) {
        this.domid = domid;
        this.maxVcpus = maxVcpus;
        Arrays.fill(eventArray, NO_PAGE);
        controlBlockMfn = new long[maxVcpus];
        Arrays.fill(controlBlockMfn, NO_PAGE);
        controlBlockOffset = new int[maxVcpus];
        controlBlockHolder = new String[maxVcpus];
        tail = new int[maxVcpus * EVTCHN_FIFO_MAX_QUEUES];
    }

    /** The domain this state belongs to. */
    public int domid() {
        return domid;
    }

    /** The vCPUs that may have a control block. */
    public int maxVcpus() {
        return maxVcpus;
    }

    /** {@code num_evtchns}: ports below this have an event word. */
    public int numEvtchns() {
        return numEvtchns;
    }

    /** The event array pages held ({@code num_evtchns / EVENT_WORDS_PER_PAGE}). */
    public int eventArrayPages() {
        return numEvtchns / EVENT_WORDS_PER_PAGE;
    }

    /** The frame of event array page {@code slot}, or {@link #NO_PAGE}. */
    public long eventArrayMfn(int slot) {
        return eventArray[slot];
    }

    /** The frame holding {@code port}'s event word; {@code port < numEvtchns()}. */
    public long wordMfn(int port) {
        return eventArray[port / EVENT_WORDS_PER_PAGE];
    }

    /** The byte offset of {@code port}'s event word in {@link #wordMfn}. */
    public static int wordOffset(int port) {
        return (port % EVENT_WORDS_PER_PAGE) * EVENT_WORD_SIZE;
    }

    /** Whether vCPU {@code vcpu} has registered a control block ({@code v->evtchn_fifo->control_block}). */
    public boolean hasControlBlock(int vcpu) {
        return controlBlockMfn[vcpu] != NO_PAGE;
    }

    /** The frame of vCPU {@code vcpu}'s control block, or {@link #NO_PAGE}. */
    public long controlBlockMfn(int vcpu) {
        return controlBlockMfn[vcpu];
    }

    /** The byte offset of vCPU {@code vcpu}'s control block in its frame. */
    public int controlBlockOffset(int vcpu) {
        return controlBlockOffset[vcpu];
    }

    /** Xen's private {@code queue[q].tail} of vCPU {@code vcpu}: the port last linked there, or 0. */
    public int tail(int vcpu, int queue) {
        return tail[vcpu * EVTCHN_FIFO_MAX_QUEUES + queue];
    }

    /** {@code evtchn->pending} of {@code port}: set while the port had no event word. */
    public boolean savedPending(int port) {
        return port < pending.length && pending[port];
    }

    /** {@code fifo_lastq.last_vcpu_id} of {@code port}. */
    public int lastVcpu(int port) {
        return lastq(port) >>> 4;
    }

    /** {@code fifo_lastq.last_priority} of {@code port}. */
    public int lastPriority(int port) {
        return lastq(port) & (EVTCHN_FIFO_MAX_QUEUES - 1);
    }

    // ---- package-private mutators, used by FifoAbi and FifoPortOps ----

    int lastq(int port) {
        return port < lastq.length ? lastq[port] : 0;
    }

    void setLastq(int port, int vcpu, int priority) {
        ensurePorts(port);
        lastq[port] = (vcpu << 4) | priority;
    }

    void savePending(int port) {
        ensurePorts(port);
        pending[port] = true;
    }

    static int queueIndex(int vcpu, int priority) {
        return vcpu * EVTCHN_FIFO_MAX_QUEUES + priority;
    }

    int tailAt(int queueIndex) {
        return tail[queueIndex];
    }

    void setTailAt(int queueIndex, int port) {
        tail[queueIndex] = port;
    }

    void setControlBlock(int vcpu, long mfn, int offset) {
        controlBlockMfn[vcpu] = mfn;
        controlBlockOffset[vcpu] = offset;
        controlBlockHolder[vcpu] = "FIFO control block of d" + domid + " vCPU " + vcpu;
    }

    String controlBlockHolder(int vcpu) {
        return controlBlockHolder[vcpu];
    }

    /** Adds the next event array page ({@code add_page_to_event_array} after the mapping succeeded). */
    void addArrayPage(long mfn) {
        int slot = numEvtchns / EVENT_WORDS_PER_PAGE;
        eventArray[slot] = mfn;
        arrayPageHolder[slot] = "FIFO event array page " + slot + " of d" + domid;
        numEvtchns += EVENT_WORDS_PER_PAGE;
    }

    String arrayPageHolder(int slot) {
        return arrayPageHolder[slot];
    }

    /**
     * Makes room for {@code port} in the per-port arrays. They grow with the ports the domain uses (doubling, as the
     * port table grows by buckets), so no call allocates once a port has been seen.
     */
    private void ensurePorts(int port) {
        if (port < pending.length) {
            return;
        }
        int cap = Math.min(EVTCHN_FIFO_NR_CHANNELS, Math.max(Math.max(port + 1, 2 * pending.length), 64));
        pending = Arrays.copyOf(pending, cap);
        lastq = Arrays.copyOf(lastq, cap);
    }
}
