package org.pvsim.guest.evtchn;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindIpiDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVcpuDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnExpandArrayDescriptor;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.abi.EvtchnFifoControlBlockDescriptor;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.abi.EvtchnSetPriorityDescriptor;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;

/**
 * The Xen side of event channels for one domain, in test code, over the guest memory of {@link FakeGuestCpu}s: port
 * allocation (virq, ipi, unbound), send to an IPI port, close, bind_vcpu, set_priority, and both ABIs' {@code
 * set_pending} and {@code unmask} as {@code xen/common/event_2l.c} and {@code event_fifo.c} do them (XEN-ABI.md 2.4,
 * 2.5), writing the guest's shared_info, vcpu_info, control blocks and event words. {@link #deliver} plays {@code
 * test_guest_events}: if the vCPU has an upcall due, it sets {@code evtchn_upcall_mask} and runs the kernel's upcall.
 *
 * <p>Memory: {@link #PAGES} pages at {@link FakeGuestCpu#BASE}; the argument area at page 0, {@code shared_info} at
 * page {@link #SHARED_INFO_PAGE}, and the pages {@link #pages()} hands the event layer from {@link
 * #FIRST_KERNEL_PAGE}, machine frame {@link #MFN_BASE} + pfn.
 */
final class FakeEventXen implements FakeGuestCpu.Xen {
    static final int PAGES = 64;
    static final int SHARED_INFO_PAGE = 12;
    static final int FIRST_KERNEL_PAGE = 16;
    static final long MFN_BASE = 1000;
    static final long SHARED_INFO_VA = FakeGuestCpu.BASE + (long) SHARED_INFO_PAGE * PAGE_SIZE;

    private static final int FREE = 0;
    private static final int UNBOUND = 1;
    private static final int VIRQ = 2;
    private static final int IPI = 3;

    final FakeGuestCpu[] vcpus;
    final Hypercalls[] hc;
    /** Every EVTCHNOP the guest made, as {@code "EVTCHNOP_bind_virq"} etc. */
    final List<String> ops = new ArrayList<>();

    private final int[] state = new int[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
    private final int[] notify = new int[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
    private final int[] priority = new int[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
    /** Per port: the vCPU and priority of the queue it was last linked in ({@code fifo_lastq}). */
    private final int[] lastVcpu = new int[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];

    private final int[] lastPriority = new int[EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS];
    private final boolean[] kernelPageUsed = new boolean[PAGES];

    /** Refuse EVTCHNOP_init_control with this errno (0: accept). */
    long refuseInitControl;
    /** Answer every EVTCHNOP with -ENOSYS, as a hypervisor without event channels does. */
    boolean noEventChannels;

    private boolean fifo;
    private final long[] controlBlockVa;
    private final int[][] tail;
    private final long[] arrayVa = new long[EvtchnFifo.MAX_EVENT_ARRAY_PAGES];
    private int arrayPages;

    FakeEventXen(int nrVcpus) {
        FakeGuestCpu v0 = new FakeGuestCpu(0, PAGES, this);
        v0.setBootRip(FakeGuestCpu.BASE + (long) (SHARED_INFO_PAGE - 1) * PAGE_SIZE);
        vcpus = new FakeGuestCpu[nrVcpus];
        hc = new Hypercalls[nrVcpus];
        vcpus[0] = v0;
        for (int i = 1; i < nrVcpus; i++) {
            vcpus[i] = new FakeGuestCpu(i, v0);
        }
        for (int i = 0; i < nrVcpus; i++) {
            hc[i] = vcpus[i].hypercalls();
            // the domain builder leaves events masked on every vCPU
            v0.write8(vcpuInfoVa(i) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 1);
        }
        controlBlockVa = new long[nrVcpus];
        tail = new int[nrVcpus][EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES];
        Arrays.fill(priority, EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT);
    }

    /** The pages the event layer may take. */
    KernelPages pages() {
        return new KernelPages() {
            @Override
            public long alloc() {
                for (int p = FIRST_KERNEL_PAGE; p < PAGES; p++) {
                    if (!kernelPageUsed[p]) {
                        kernelPageUsed[p] = true;
                        return p;
                    }
                }
                return -1;
            }

            @Override
            public void free(long pfn) {
                kernelPageUsed[(int) pfn] = false;
            }

            @Override
            public long va(long pfn) {
                return FakeGuestCpu.BASE + pfn * PAGE_SIZE;
            }

            @Override
            public long mfn(long pfn) {
                return MFN_BASE + pfn;
            }
        };
    }

    /** Pages the event layer holds now. */
    int kernelPagesUsed() {
        int n = 0;
        for (boolean b : kernelPageUsed) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private FakeGuestCpu mem() {
        return vcpus[0];
    }

    static long vcpuInfoVa(int vcpu) {
        return SHARED_INFO_VA + SharedInfoDescriptor.vcpuInfoOffset(vcpu);
    }

    // -------------------------------------------------------------------------------------------------------------
    // what a test reads

    boolean upcallPending(int vcpu) {
        return mem().read8(vcpuInfoVa(vcpu) + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET) != 0;
    }

    boolean upcallMasked(int vcpu) {
        return mem().read8(vcpuInfoVa(vcpu) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET) != 0;
    }

    long pendingSel(int vcpu) {
        return mem().read64(vcpuInfoVa(vcpu) + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET);
    }

    boolean pending2l(int port) {
        return (mem().read64(SHARED_INFO_VA + SharedInfoDescriptor.evtchnPendingOffset(port >>> 6)) & (1L << port))
                != 0;
    }

    boolean masked2l(int port) {
        return (mem().read64(SHARED_INFO_VA + SharedInfoDescriptor.evtchnMaskOffset(port >>> 6)) & (1L << port)) != 0;
    }

    boolean isFifo() {
        return fifo;
    }

    int arrayPages() {
        return arrayPages;
    }

    long controlBlockVa(int vcpu) {
        return controlBlockVa[vcpu];
    }

    /** The FIFO event word of {@code port}. */
    int word(int port) {
        return mem().read32(wordVa(port));
    }

    int ready(int vcpu) {
        return mem().read32(controlBlockVa[vcpu] + EvtchnFifoControlBlockDescriptor.READY_OFFSET);
    }

    // -------------------------------------------------------------------------------------------------------------
    // what Xen does

    /**
     * {@code test_guest_events}, then the bounce frame: if vCPU {@code v}'s upcall is pending and not masked, sets the
     * mask and runs the kernel's upcall there.
     *
     * @return whether an upcall ran
     */
    boolean deliver(GuestEvents events, int v) {
        if (!upcallPending(v) || upcallMasked(v)) {
            return false;
        }
        mem().write8(vcpuInfoVa(v) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 1);
        events.bind(vcpus[v], hc[v]).upcall();
        return true;
    }

    /** An event on {@code port} from outside (a remote send, a VIRQ): {@code evtchn_port_set_pending}. */
    void raise(int port) {
        setPending(port, notify[port]);
    }

    private void setPending(int port, int v) {
        if (fifo) {
            fifoSetPending(port, v);
        } else {
            twoLevelSetPending(port, v);
        }
    }

    /** {@code evtchn_2l_set_pending}. */
    private void twoLevelSetPending(int port, int v) {
        long pva = SHARED_INFO_VA + SharedInfoDescriptor.evtchnPendingOffset(port >>> 6);
        long p = mem().read64(pva);
        if ((p & (1L << port)) != 0) {
            return;
        }
        mem().write64(pva, p | (1L << port));
        if (!masked2l(port)) {
            selectAndMark(port, v);
        }
    }

    private void selectAndMark(int port, int v) {
        long sva = vcpuInfoVa(v) + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET;
        long sel = mem().read64(sva);
        if ((sel & (1L << (port >>> 6))) == 0) {
            mem().write64(sva, sel | (1L << (port >>> 6)));
            markEventsPending(v);
        }
    }

    private void markEventsPending(int v) {
        mem().write8(vcpuInfoVa(v) + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 1);
    }

    private long wordVa(int port) {
        int page = port / EvtchnFifo.EVENT_WORDS_PER_PAGE;
        return page < arrayPages
                ? arrayVa[page] + (long) (port % EvtchnFifo.EVENT_WORDS_PER_PAGE) * EvtchnFifo.EVENT_WORD_SIZE
                : 0;
    }

    /** {@code evtchn_fifo_set_pending}: PENDING, then link at the tail of the queue if unmasked and unlinked. */
    private void fifoSetPending(int port, int v) {
        long va = wordVa(port);
        if (va == 0) {
            return;
        }
        int w = mem().read32(va) | (1 << EvtchnFifo.EVTCHN_FIFO_PENDING);
        mem().write32(va, w);
        if ((w & (1 << EvtchnFifo.EVTCHN_FIFO_MASKED)) != 0 || (w & (1 << EvtchnFifo.EVTCHN_FIFO_LINKED)) != 0) {
            return;
        }
        mem().write32(va, w | (1 << EvtchnFifo.EVTCHN_FIFO_LINKED));
        int q = priority[port];
        if (tail[lastVcpu[port]][lastPriority[port]] == port) {
            // it was the tail of the queue it was last in: that queue is empty now (Xen invalidates old_q->tail)
            tail[lastVcpu[port]][lastPriority[port]] = 0;
        }
        lastVcpu[port] = v;
        lastPriority[port] = q;
        boolean linked = false;
        int t = tail[v][q];
        if (t != 0) {
            long tva = wordVa(t);
            int tw = mem().read32(tva);
            if ((tw & (1 << EvtchnFifo.EVTCHN_FIFO_LINKED)) != 0) {
                mem().write32(tva, (tw & ~EvtchnFifo.EVTCHN_FIFO_LINK_MASK) | port);
                linked = true;
            }
        }
        if (!linked) {
            mem().write32(controlBlockVa[v] + EvtchnFifoControlBlockDescriptor.headOffset(q), port);
        }
        tail[v][q] = port;
        long rva = controlBlockVa[v] + EvtchnFifoControlBlockDescriptor.READY_OFFSET;
        int ready = mem().read32(rva);
        if (!linked && (ready & (1 << q)) == 0) {
            mem().write32(rva, ready | (1 << q));
            markEventsPending(v);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // hypercalls

    @Override
    public long hypercall(FakeGuestCpu cpu, int number, long a1, long a2, long a3, long a4, long a5) {
        if (number != Hypercall.event_channel_op.number) {
            return 0;
        }
        EvtchnOp op = EvtchnOp.ofCode(a1);
        ops.add(String.valueOf(op));
        if (noEventChannels) {
            return Errno.ENOSYS.neg();
        }
        long arg = a2;
        switch (op) {
            case EVTCHNOP_bind_virq: {
                int vcpu = cpu.read32(arg + EvtchnBindVirqDescriptor.VCPU_OFFSET);
                if (vcpu < 0 || vcpu >= vcpus.length) {
                    return Errno.ENOENT.neg();
                }
                int port = allocate(VIRQ, vcpu);
                cpu.write32(arg + EvtchnBindVirqDescriptor.PORT_OFFSET, port);
                return 0;
            }
            case EVTCHNOP_bind_ipi: {
                int vcpu = cpu.read32(arg + EvtchnBindIpiDescriptor.VCPU_OFFSET);
                if (vcpu < 0 || vcpu >= vcpus.length) {
                    return Errno.ENOENT.neg();
                }
                cpu.write32(arg + EvtchnBindIpiDescriptor.PORT_OFFSET, allocate(IPI, vcpu));
                return 0;
            }
            case EVTCHNOP_alloc_unbound: {
                cpu.write32(arg + EvtchnAllocUnboundDescriptor.PORT_OFFSET, allocate(UNBOUND, 0));
                return 0;
            }
            case EVTCHNOP_send: {
                int port = cpu.read32(arg + EvtchnPortArgDescriptor.PORT_OFFSET);
                if (!valid(port)) {
                    return Errno.EINVAL.neg();
                }
                if (state[port] == IPI) {
                    setPending(port, notify[port]);
                }
                return 0;
            }
            case EVTCHNOP_close: {
                int port = cpu.read32(arg + EvtchnPortArgDescriptor.PORT_OFFSET);
                if (!valid(port)) {
                    return Errno.EINVAL.neg();
                }
                state[port] = FREE;
                notify[port] = 0;
                return 0;
            }
            case EVTCHNOP_bind_vcpu: {
                int port = cpu.read32(arg + EvtchnBindVcpuDescriptor.PORT_OFFSET);
                int vcpu = cpu.read32(arg + EvtchnBindVcpuDescriptor.VCPU_OFFSET);
                if (!valid(port) || state[port] == IPI) {
                    return Errno.EINVAL.neg();
                }
                notify[port] = vcpu;
                return 0;
            }
            case EVTCHNOP_unmask:
                return unmask(cpu.read32(arg + EvtchnPortArgDescriptor.PORT_OFFSET));
            case EVTCHNOP_set_priority: {
                int port = cpu.read32(arg + EvtchnSetPriorityDescriptor.PORT_OFFSET);
                int prio = cpu.read32(arg + EvtchnSetPriorityDescriptor.PRIORITY_OFFSET);
                if (!fifo) {
                    return Errno.ENOSYS.neg();
                }
                if (!valid(port) || prio < 0 || prio > EvtchnFifo.EVTCHN_FIFO_PRIORITY_MIN) {
                    return Errno.EINVAL.neg();
                }
                priority[port] = prio;
                return 0;
            }
            case EVTCHNOP_init_control: {
                if (refuseInitControl != 0) {
                    return refuseInitControl;
                }
                long gfn = cpu.read64(arg + EvtchnInitControlDescriptor.CONTROL_GFN_OFFSET);
                int offset = cpu.read32(arg + EvtchnInitControlDescriptor.OFFSET_OFFSET);
                int vcpu = cpu.read32(arg + EvtchnInitControlDescriptor.VCPU_OFFSET);
                if (vcpu < 0 || vcpu >= vcpus.length) {
                    return Errno.ENOENT.neg();
                }
                if (controlBlockVa[vcpu] != 0) {
                    return Errno.EINVAL.neg();
                }
                controlBlockVa[vcpu] = FakeGuestCpu.BASE + (gfn - MFN_BASE) * PAGE_SIZE + offset;
                fifo = true;
                cpu.write8(arg + EvtchnInitControlDescriptor.LINK_BITS_OFFSET, EvtchnFifo.EVTCHN_FIFO_LINK_BITS);
                return 0;
            }
            case EVTCHNOP_expand_array: {
                if (!fifo) {
                    return Errno.EOPNOTSUPP.neg();
                }
                if (arrayPages == EvtchnFifo.MAX_EVENT_ARRAY_PAGES) {
                    return Errno.ENOSPC.neg();
                }
                long gfn = cpu.read64(arg + EvtchnExpandArrayDescriptor.ARRAY_GFN_OFFSET);
                arrayVa[arrayPages++] = FakeGuestCpu.BASE + (gfn - MFN_BASE) * PAGE_SIZE;
                return 0;
            }
            default:
                return Errno.ENOSYS.neg();
        }
    }

    /** {@code evtchn_2l_unmask} / {@code evtchn_fifo_unmask}. */
    private long unmask(int port) {
        if (!valid(port)) {
            return Errno.EINVAL.neg();
        }
        if (fifo) {
            long va = wordVa(port);
            if (va == 0) {
                return 0;
            }
            int w = mem().read32(va) & ~(1 << EvtchnFifo.EVTCHN_FIFO_MASKED);
            mem().write32(va, w);
            if ((w & (1 << EvtchnFifo.EVTCHN_FIFO_PENDING)) != 0) {
                fifoSetPending(port, notify[port]);
            }
            return 0;
        }
        long mva = SHARED_INFO_VA + SharedInfoDescriptor.evtchnMaskOffset(port >>> 6);
        long m = mem().read64(mva);
        if ((m & (1L << port)) != 0) {
            mem().write64(mva, m & ~(1L << port));
            if (pending2l(port)) {
                selectAndMark(port, notify[port]);
            }
        }
        return 0;
    }

    private boolean valid(int port) {
        return port > 0 && port < state.length && state[port] != FREE;
    }

    private int allocate(int kind, int vcpu) {
        for (int p = 1; p < state.length; p++) {
            if (state[p] == FREE) {
                state[p] = kind;
                notify[p] = vcpu;
                priority[p] = EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT;
                lastVcpu[p] = vcpu;
                lastPriority[p] = EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT;
                return p;
            }
        }
        throw new IllegalStateException("no free port");
    }

    /** Takes ports up to {@code port} - 1 with unbound channels, so the next one allocated is {@code port}. */
    void skipTo(int port) {
        for (int p = 1; p < port; p++) {
            if (state[p] == FREE) {
                state[p] = UNBOUND;
            }
        }
    }
}
