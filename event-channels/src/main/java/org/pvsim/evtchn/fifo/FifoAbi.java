package org.pvsim.evtchn.fifo;

import static org.pvsim.evtchn.abi.EvtchnFifo.EVENT_WORDS_PER_PAGE;
import static org.pvsim.evtchn.abi.EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT;
import static org.pvsim.evtchn.abi.EvtchnFifo.MAX_EVENT_ARRAY_PAGES;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnPortOps;
import org.pvsim.evtchn.abi.EvtchnFifoControlBlockDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * The FIFO ABI's life cycle ({@code xen/common/event_fifo.c}): {@code EVTCHNOP_init_control} moves a domain from the
 * 2-level ABI to FIFO, {@code EVTCHNOP_expand_array} adds pages of event words, and {@link #teardown} ({@code
 * evtchn_fifo_destroy}, on {@code EVTCHNOP_reset} and domain death) releases every page and returns the domain to the
 * 2-level ABI. The per-port work is {@link FifoPortOps}.
 *
 * <p>Invariants: a domain is on FIFO ({@link EvtchnDomain#ops()} is {@link #ops()}) iff its {@link
 * EvtchnDomain#abiState()} is an {@link EvtchnFifoDomain}; every frame that state names holds exactly one reference
 * taken with {@code getWritablePage} and reported by {@link #frameReferences}; a failed call leaves nothing taken;
 * after {@link #teardown} the domain holds no FIFO page. Guest input never makes a method throw: every error is Xen's
 * negative errno.
 */
public final class FifoAbi {
    /** {@code PAGE_SIZE - sizeof(evtchn_fifo_control_block_t)}: the largest offset a control block may start at. */
    static final int MAX_CONTROL_BLOCK_OFFSET = X86Paging.PAGE_SIZE - EvtchnFifoControlBlockDescriptor.SIZE;

    private final EvtchnPortOps twoLevel;
    private final FifoPortOps ops = new FifoPortOps();

    /** @param twoLevel the 2-level ops a domain returns to on {@link #teardown} ({@code evtchn_2l_init}) */
    public FifoAbi(EvtchnPortOps twoLevel) {
        this.twoLevel = twoLevel;
    }

    /** {@code evtchn_port_ops_fifo}: the ops a domain uses once {@link #initControl} has succeeded. */
    public FifoPortOps ops() {
        return ops;
    }

    /** The domain's FIFO state, or {@code null} if it is on the 2-level ABI ({@code d->evtchn_fifo}). */
    public static EvtchnFifoDomain state(EvtchnDomain d) {
        return d.abiState() instanceof EvtchnFifoDomain f ? f : null;
    }

    /**
     * {@code evtchn_fifo_init_control} for vCPU {@code vcpu} of {@code d}, with Xen's checks in Xen's order: {@code
     * -ENOENT} for a vCPU that does not exist; {@code -EINVAL} if the control block would cross the page ({@code
     * offset}, unsigned, above {@code PAGE_SIZE - 72}) or {@code offset} is not 8-byte aligned; {@code -EINVAL} if the
     * vCPU already has a control block or the frame cannot be mapped writable.
     *
     * <p>The first success sets the domain up ({@code setup_control_block} for every vCPU, {@code setup_event_array}
     * with no pages, {@code setup_ports}: each bound port's 2-level pending bit is saved, to be raised when {@code
     * expand_array} gives it an event word, and its priority becomes the default) and switches it to {@link #ops()}. A
     * failed first call leaves the domain on the 2-level ABI holding nothing. {@code link_bits} is the caller's to
     * write back.
     *
     * @return 0 or a negative errno
     */
    public int initControl(EvtchnDomain d, long controlGfn, int offset, int vcpu) {
        if (vcpu < 0 || vcpu >= d.maxVcpus()) {
            return Errno.ENOENT.neg();
        }
        if (Integer.toUnsignedLong(offset) > MAX_CONTROL_BLOCK_OFFSET) {
            return Errno.EINVAL.neg();
        }
        if ((offset & (8 - 1)) != 0) {
            return Errno.EINVAL.neg();
        }
        EvtchnFifoDomain f = state(d);
        if (f != null) {
            return mapControlBlock(d, f, vcpu, controlGfn, offset);
        }
        EvtchnPortOps previous = d.ops();
        int prevEvtchns = previous.maxPorts(d);
        f = new EvtchnFifoDomain(d.domid(), d.maxVcpus());
        int rc = mapControlBlock(d, f, vcpu, controlGfn, offset);
        if (rc < 0) {
            // evtchn_fifo_destroy on the error path: the new state holds no page, so dropping it is enough
            return rc;
        }
        setupPorts(d, f, previous, prevEvtchns);
        d.setAbiState(f);
        d.setOps(ops);
        return 0;
    }

    /** {@code map_control_block}: {@code -EINVAL} if the vCPU has one already or the frame cannot be mapped. */
    private static int mapControlBlock(EvtchnDomain d, EvtchnFifoDomain f, int vcpu, long gfn, int offset) {
        if (f.hasControlBlock(vcpu)) {
            return Errno.EINVAL.neg();
        }
        long mfn = d.memory().getWritablePage(d.domid(), gfn);
        if (mfn < 0) {
            return Errno.EINVAL.neg();
        }
        f.setControlBlock(vcpu, mfn, offset);
        return 0;
    }

    /**
     * {@code setup_ports}: for each valid port from 1 below {@code prevEvtchns} (the 2-level {@code max_evtchns}),
     * remembers a set 2-level pending bit as {@code evtchn->pending} and gives the port the default priority.
     */
    private static void setupPorts(EvtchnDomain d, EvtchnFifoDomain f, EvtchnPortOps previous, int prevEvtchns) {
        for (int port = 1; port < prevEvtchns; port++) {
            if (!d.isValid(port)) {
                break;
            }
            if (previous.isPending(d, port)) {
                f.savePending(port);
            }
            d.setPriority(port, EVTCHN_FIFO_PRIORITY_DEFAULT);
        }
    }

    /**
     * {@code evtchn_fifo_expand_array}: {@code -EOPNOTSUPP} if the domain is not on FIFO; {@code -ENOSPC} once the
     * array has {@code EVTCHN_FIFO_MAX_EVENT_ARRAY_PAGES} (128) pages; {@code -EINVAL} if the frame cannot be mapped
     * writable. Otherwise the page adds 1024 event words, and every valid port among them whose event was saved while
     * it had no word ({@code evtchn->pending}) is set pending on its notify vCPU ({@code add_page_to_event_array}).
     *
     * @param now the current time, for the upcalls and poller wake-ups a re-raised event causes
     * @return 0 or a negative errno
     */
    public int expandArray(EvtchnDomain d, long arrayGfn, long now) {
        EvtchnFifoDomain f = state(d);
        if (f == null) {
            return Errno.EOPNOTSUPP.neg();
        }
        int firstNew = f.numEvtchns();
        if (firstNew / EVENT_WORDS_PER_PAGE >= MAX_EVENT_ARRAY_PAGES) {
            return Errno.ENOSPC.neg();
        }
        long mfn = d.memory().getWritablePage(d.domid(), arrayGfn);
        if (mfn < 0) {
            return Errno.EINVAL.neg();
        }
        f.addArrayPage(mfn);
        for (int port = firstNew; port < f.numEvtchns(); port++) {
            if (!d.isValid(port)) {
                break;
            }
            if (f.savedPending(port)) {
                ops.setPending(d, f, d.notifyVcpu(port), port, now, true);
            }
        }
        return 0;
    }

    /**
     * {@code evtchn_fifo_destroy} then {@code evtchn_2l_init}: releases every control block and event array page
     * ({@code putWritablePage} once per {@code getWritablePage}), forgets the FIFO state and puts the domain back on
     * the 2-level ops. Does nothing for a domain on the 2-level ABI.
     */
    public void teardown(EvtchnDomain d) {
        EvtchnFifoDomain f = state(d);
        if (f == null) {
            return;
        }
        for (int v = 0; v < f.maxVcpus(); v++) {
            if (f.hasControlBlock(v)) {
                d.memory().putWritablePage(f.controlBlockMfn(v));
            }
        }
        for (int slot = 0; slot < f.eventArrayPages(); slot++) {
            d.memory().putWritablePage(f.eventArrayMfn(slot));
        }
        d.setAbiState(null);
        d.setOps(twoLevel);
    }

    /** Reports every frame the domain's FIFO state holds a writable reference to: control blocks, then array pages. */
    public void frameReferences(EvtchnDomain d, SubsystemAudit.FrameReferenceSink sink) {
        EvtchnFifoDomain f = state(d);
        if (f == null) {
            return;
        }
        for (int v = 0; v < f.maxVcpus(); v++) {
            if (f.hasControlBlock(v)) {
                sink.writableReference(f.controlBlockMfn(v), f.controlBlockHolder(v));
            }
        }
        for (int slot = 0; slot < f.eventArrayPages(); slot++) {
            sink.writableReference(f.eventArrayMfn(slot), f.arrayPageHolder(slot));
        }
    }

    /** {@code num_evtchns}: the ports of {@code d} that have an event word, or 0 if it is not on FIFO. */
    public static int eventWords(EvtchnDomain d) {
        EvtchnFifoDomain f = state(d);
        return f == null ? 0 : f.numEvtchns();
    }
}
