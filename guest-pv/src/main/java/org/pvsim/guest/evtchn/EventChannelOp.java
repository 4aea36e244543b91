package org.pvsim.guest.evtchn;

import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindInterdomainDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindIpiDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindPirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVcpuDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnExpandArrayDescriptor;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.abi.EvtchnResetDescriptor;
import org.pvsim.evtchn.abi.EvtchnSetPriorityDescriptor;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * Typed wrappers of {@code HYPERVISOR_event_channel_op} (hypercall 32), one per {@code EVTCHNOP_*} sub-op of {@code
 * xen/include/public/event_channel.h}. Each writes the sub-op's structure into the calling vCPU's argument area (the
 * call page of {@link Hypercalls#area()}) with guest stores, at the offsets of its {@code abi} Descriptor, passes its
 * address, and reads the OUT fields back with guest loads: Xen reads and writes the structure with {@code
 * copy_from_guest} / {@code copy_to_guest}, so no Java object crosses.
 *
 * <p>Results are Xen's: a port (always positive: port 0 is reserved) or 0 on success, a negated {@code Errno}
 * otherwise. Xen without an event-channel subsystem answers {@code -ENOSYS} to everything. Nothing here allocates,
 * except {@link #status}'s record.
 */
public final class EventChannelOp {
    private EventChannelOp() {}

    /**
     * {@code EVTCHNOP_alloc_unbound}: a new port of domain {@code dom} ({@code DOMID_SELF}, or another domain for a
     * privileged caller) that only {@code remoteDom} may bind ({@code DOMID_SELF}: the caller).
     *
     * @return the port, or {@code -ESRCH}, {@code -EPERM}, {@code -ENOSPC}
     */
    public static long allocUnbound(Hypercalls hc, int dom, int remoteDom) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write16(va + EvtchnAllocUnboundDescriptor.DOM_OFFSET, dom);
        cpu.write16(va + EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET, remoteDom);
        cpu.write32(va + EvtchnAllocUnboundDescriptor.PORT_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_alloc_unbound, va);
        return rc == 0 ? port(cpu, va + EvtchnAllocUnboundDescriptor.PORT_OFFSET) : rc;
    }

    /**
     * {@code EVTCHNOP_bind_interdomain}: connects a new local port to {@code remotePort} of {@code remoteDom}, which
     * that domain offered to the caller. Xen marks the new local port pending, since anything sent before was lost.
     *
     * @return the local port, or {@code -ESRCH} (no such domain), {@code -EINVAL} (the port is not unbound, or not
     *     offered to the caller), {@code -ENOSPC}
     */
    public static long bindInterdomain(Hypercalls hc, int remoteDom, int remotePort) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET, remoteDom & 0xFFFF);
        cpu.write32(va + EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET, remotePort);
        cpu.write32(va + EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_bind_interdomain, va);
        return rc == 0 ? port(cpu, va + EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET) : rc;
    }

    /**
     * {@code EVTCHNOP_bind_virq}: a new port for VIRQ {@code virq} on vCPU {@code vcpu} (0 for a global or per-domain
     * VIRQ).
     *
     * @return the port, or {@code -EINVAL}, {@code -ENOENT}, {@code -EEXIST}, {@code -EBUSY}
     */
    public static long bindVirq(Hypercalls hc, int virq, int vcpu) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnBindVirqDescriptor.VIRQ_OFFSET, virq);
        cpu.write32(va + EvtchnBindVirqDescriptor.VCPU_OFFSET, vcpu);
        cpu.write32(va + EvtchnBindVirqDescriptor.PORT_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_bind_virq, va);
        return rc == 0 ? port(cpu, va + EvtchnBindVirqDescriptor.PORT_OFFSET) : rc;
    }

    /**
     * {@code EVTCHNOP_bind_pirq}: a new port for physical interrupt {@code pirq}, which {@code PHYSDEVOP_map_pirq} mapped
     * ({@code -EPERM} otherwise); {@code flags} may hold {@code BIND_PIRQ__WILL_SHARE}. The port notifies vCPU 0.
     */
    public static long bindPirq(Hypercalls hc, int pirq, int flags) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnBindPirqDescriptor.PIRQ_OFFSET, pirq);
        cpu.write32(va + EvtchnBindPirqDescriptor.FLAGS_OFFSET, flags);
        cpu.write32(va + EvtchnBindPirqDescriptor.PORT_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_bind_pirq, va);
        return rc == 0 ? port(cpu, va + EvtchnBindPirqDescriptor.PORT_OFFSET) : rc;
    }

    /** {@code EVTCHNOP_bind_ipi}: a new port that notifies vCPU {@code vcpu} of this domain. */
    public static long bindIpi(Hypercalls hc, int vcpu) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnBindIpiDescriptor.VCPU_OFFSET, vcpu);
        cpu.write32(va + EvtchnBindIpiDescriptor.PORT_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_bind_ipi, va);
        return rc == 0 ? port(cpu, va + EvtchnBindIpiDescriptor.PORT_OFFSET) : rc;
    }

    /**
     * {@code EVTCHNOP_bind_vcpu}: port {@code port} notifies vCPU {@code vcpu} from now on. Refused ({@code -EINVAL})
     * for IPI and per-vCPU VIRQ ports.
     */
    public static long bindVcpu(Hypercalls hc, int port, int vcpu) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnBindVcpuDescriptor.PORT_OFFSET, port);
        cpu.write32(va + EvtchnBindVcpuDescriptor.VCPU_OFFSET, vcpu);
        return hc.eventChannelOp(EvtchnOp.EVTCHNOP_bind_vcpu, va);
    }

    /** {@code EVTCHNOP_send}: notifies the other end of {@code port} (dropped silently if it is unbound). */
    public static long send(Hypercalls hc, int port) {
        return portOp(hc, EvtchnOp.EVTCHNOP_send, port);
    }

    /** {@code EVTCHNOP_close}: frees {@code port}; the remote end of an interdomain channel becomes unbound. */
    public static long close(Hypercalls hc, int port) {
        return portOp(hc, EvtchnOp.EVTCHNOP_close, port);
    }

    /**
     * {@code EVTCHNOP_unmask}: clears the port's mask and, if it is pending, raises the upcall on its notify vCPU
     * again (2-level) or relinks it into its queue (FIFO).
     */
    public static long unmask(Hypercalls hc, int port) {
        return portOp(hc, EvtchnOp.EVTCHNOP_unmask, port);
    }

    private static long portOp(Hypercalls hc, EvtchnOp op, int port) {
        long va = hc.area().callVa();
        hc.cpu().write32(va + EvtchnPortArgDescriptor.PORT_OFFSET, port);
        return hc.eventChannelOp(op, va);
    }

    /** {@code EVTCHNOP_status} of port {@code port} of {@code dom} ({@code DOMID_SELF}, or any for a privileged caller). */
    public static PortStatus status(Hypercalls hc, int dom, int port) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        for (int off = 0; off < EvtchnStatusDescriptor.SIZE; off += 8) {
            cpu.write64(va + off, 0);
        }
        cpu.write16(va + EvtchnStatusDescriptor.DOM_OFFSET, dom);
        cpu.write32(va + EvtchnStatusDescriptor.PORT_OFFSET, port);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_status, va);
        if (rc != 0) {
            return PortStatus.failed(rc);
        }
        EvtchnStat stat = EvtchnStat.ofCode(cpu.read32(va + EvtchnStatusDescriptor.STATUS_OFFSET) & 0xFFFF_FFFFL);
        int vcpu = cpu.read32(va + EvtchnStatusDescriptor.VCPU_OFFSET);
        int remoteDom = 0;
        int remotePort = 0;
        int irq = 0;
        if (stat == EvtchnStat.EVTCHNSTAT_unbound || stat == EvtchnStat.EVTCHNSTAT_interdomain) {
            remoteDom = cpu.read16(va + EvtchnStatusDescriptor.U_DOM_OFFSET);
            if (stat == EvtchnStat.EVTCHNSTAT_interdomain) {
                remotePort = cpu.read32(va + EvtchnStatusDescriptor.U_PORT_OFFSET);
            }
        } else if (stat == EvtchnStat.EVTCHNSTAT_virq || stat == EvtchnStat.EVTCHNSTAT_pirq) {
            irq = cpu.read32(va + EvtchnStatusDescriptor.U_IRQ_OFFSET);
        }
        return new PortStatus(0, stat, vcpu, remoteDom, remotePort, irq);
    }

    /**
     * {@code EVTCHNOP_init_control}: registers vCPU {@code vcpu}'s FIFO control block at byte {@code offset} of guest
     * frame {@code controlGfn} (for a PV guest, its machine frame) and, on the first call, switches the domain to the
     * FIFO ABI.
     *
     * @return {@code link_bits} (17) on success, or {@code -ENOENT}, {@code -EINVAL}, {@code -ENOSYS}
     */
    public static long initControl(Hypercalls hc, long controlGfn, int offset, int vcpu) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write64(va + EvtchnInitControlDescriptor.CONTROL_GFN_OFFSET, controlGfn);
        cpu.write32(va + EvtchnInitControlDescriptor.OFFSET_OFFSET, offset);
        cpu.write32(va + EvtchnInitControlDescriptor.VCPU_OFFSET, vcpu);
        cpu.write64(va + EvtchnInitControlDescriptor.LINK_BITS_OFFSET, 0);
        long rc = hc.eventChannelOp(EvtchnOp.EVTCHNOP_init_control, va);
        return rc == 0 ? cpu.read8(va + EvtchnInitControlDescriptor.LINK_BITS_OFFSET) : rc;
    }

    /**
     * {@code EVTCHNOP_expand_array}: adds guest frame {@code arrayGfn} as the next page of FIFO event words.
     *
     * @return 0, or {@code -ENOSPC} (the array is full), {@code -EINVAL}, {@code -EOPNOTSUPP} (not in FIFO mode)
     */
    public static long expandArray(Hypercalls hc, long arrayGfn) {
        long va = hc.area().callVa();
        hc.cpu().write64(va + EvtchnExpandArrayDescriptor.ARRAY_GFN_OFFSET, arrayGfn);
        return hc.eventChannelOp(EvtchnOp.EVTCHNOP_expand_array, va);
    }

    /** {@code EVTCHNOP_set_priority}: a FIFO port's queue, 0 (highest) to 15 ({@code -ENOSYS} on the 2-level ABI). */
    public static long setPriority(Hypercalls hc, int port, int priority) {
        GuestCpu cpu = hc.cpu();
        long va = hc.area().callVa();
        cpu.write32(va + EvtchnSetPriorityDescriptor.PORT_OFFSET, port);
        cpu.write32(va + EvtchnSetPriorityDescriptor.PRIORITY_OFFSET, priority);
        return hc.eventChannelOp(EvtchnOp.EVTCHNOP_set_priority, va);
    }

    /** {@code EVTCHNOP_reset}: closes every port of {@code dom} and returns it to the 2-level ABI. */
    public static long reset(Hypercalls hc, int dom) {
        long va = hc.area().callVa();
        hc.cpu().write16(va + EvtchnResetDescriptor.DOM_OFFSET, dom);
        return hc.eventChannelOp(EvtchnOp.EVTCHNOP_reset, va);
    }

    private static long port(GuestCpu cpu, long va) {
        return cpu.read32(va) & 0xFFFF_FFFFL;
    }
}
