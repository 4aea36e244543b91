package org.pvsim.evtchn.testing;

import java.util.List;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.TwoLevelPortOps;
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
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.spi.testing.FakeDomains;
import org.pvsim.hypervisor.spi.testing.FakeGuest;
import org.pvsim.hypervisor.spi.testing.FakeHost;

/**
 * Event channels installed on a {@link FakeHost}, with one method per sub-op that marshals the structure into a
 * {@link FakeGuest}'s memory, makes the hypercall and unmarshals the answer, and accessors for the 2-level bits in
 * shared info as a guest sees them.
 */
public final class EvtchnTestBed {
    /** Where sub-op structures are placed in the guest's memory. */
    public static final long ARG = FakeGuest.BASE + 0x100;

    public final FakeHost host;
    public final EventChannels evtchn;
    public final FakeGuest guest = new FakeGuest(8192);
    /** The last structure copied back (or left) in guest memory by {@link #op}. */
    public final byte[] out = new byte[32];

    public EvtchnTestBed(int nrPcpus, int ringSize) {
        this(nrPcpus, ringSize, new FifoAbi(TwoLevelPortOps.INSTANCE));
    }

    public EvtchnTestBed(int nrPcpus, int ringSize, FifoAbi fifo) {
        host = new FakeHost(nrPcpus);
        evtchn = new EventChannels(ringSize, fifo);
        evtchn.install(host);
    }

    public EvtchnTestBed() {
        this(4, 1024);
    }

    /** Configures domain {@code domid} and creates it ({@code domainCreated}); returns its configuration. */
    public FakeDomains.Dom create(int domid, int maxVcpus) {
        FakeDomains.Dom d = host.domains.add(domid, maxVcpus);
        host.memory.give(d.sharedInfoMfn, domid);
        return d;
    }

    /** Runs the domain hooks' {@code domainCreated} for {@code domid}, configured with {@link #create}. */
    public int announce(int domid) {
        int rc = 0;
        for (var h : host.hooks) {
            rc = h.domainCreated(domid, host.now);
        }
        return rc;
    }

    /** {@link #create} then {@link #announce}. */
    public FakeDomains.Dom domain(int domid, int maxVcpus) {
        FakeDomains.Dom d = create(domid, maxVcpus);
        if (announce(domid) != 0) {
            throw new AssertionError("domainCreated failed for d" + domid);
        }
        return d;
    }

    /** dom0: control and hardware domain. */
    public FakeDomains.Dom dom0(int maxVcpus) {
        FakeDomains.Dom d = create(0, maxVcpus);
        d.control = true;
        d.hardware = true;
        announce(0);
        return d;
    }

    public void kill(int domid) {
        host.domains.get(domid).alive = false;
        for (var h : host.hooks) {
            h.domainKilled(domid, host.now);
        }
    }

    public void destroy(int domid) {
        for (var h : host.hooks) {
            h.domainDestroyed(domid, host.now);
        }
        host.domains.remove(domid);
    }

    public EvtchnDomain table(int domid) {
        return evtchn.domain(domid);
    }

    // ---- calls ----

    private void caller(int domid, int vcpu) {
        guest.domid = domid;
        guest.vcpu = vcpu;
        guest.privileged = host.domains.isControlDomain(domid);
        guest.now = host.now;
    }

    private int at(long va) {
        return (int) (va - FakeGuest.BASE);
    }

    /** Places {@code struct} at {@link #ARG} and calls {@code event_channel_op(cmd, ARG)} as vCPU 0 of {@code domid}. */
    public int op(int domid, int cmd, byte[] struct) {
        return opAt(domid, 0, cmd, ARG, struct);
    }

    /** As {@link #op}, from vCPU {@code vcpu} and with the structure at {@code va} (which may be outside memory). */
    public int opAt(int domid, int vcpu, long cmd, long va, byte[] struct) {
        caller(domid, vcpu);
        if (va >= FakeGuest.BASE && va - FakeGuest.BASE + struct.length <= guest.memory.length) {
            System.arraycopy(struct, 0, guest.memory, at(va), struct.length);
        }
        long rc = host.hypercalls[Hypercall.event_channel_op.number].invoke(guest, cmd, va, 0, 0, 0);
        if (va >= FakeGuest.BASE && va - FakeGuest.BASE + struct.length <= guest.memory.length) {
            System.arraycopy(guest.memory, at(va), out, 0, struct.length);
        }
        return Math.toIntExact(rc);
    }

    /** Calls {@code event_channel_op_compat} with {@code struct evtchn_op} {cmd, union} at {@link #ARG}. */
    public int compat(int domid, int cmd, byte[] union) {
        caller(domid, 0);
        byte[] op = new byte[28];
        LittleEndian.putI32(op, 0, cmd);
        System.arraycopy(union, 0, op, 4, union.length);
        System.arraycopy(op, 0, guest.memory, at(ARG), op.length);
        long rc = host.hypercalls[Hypercall.event_channel_op_compat.number].invoke(guest, ARG, 0, 0, 0, 0);
        System.arraycopy(guest.memory, at(ARG) + 4, out, 0, 24);
        return Math.toIntExact(rc);
    }

    private static byte[] struct(int size) {
        return new byte[size];
    }

    /** {@code EVTCHNOP_alloc_unbound}: the port, or a negative errno. */
    public int allocUnbound(int caller, int dom, int remoteDom) {
        byte[] s = struct(EvtchnAllocUnboundDescriptor.SIZE);
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.DOM_OFFSET, dom);
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET, remoteDom);
        int rc = op(caller, EvtchnOp.EVTCHNOP_alloc_unbound.code, s);
        return rc < 0 ? rc : LittleEndian.getI32(out, EvtchnAllocUnboundDescriptor.PORT_OFFSET);
    }

    /** {@code EVTCHNOP_bind_interdomain}: the local port, or a negative errno. */
    public int bindInterdomain(int caller, int remoteDom, int remotePort) {
        byte[] s = struct(EvtchnBindInterdomainDescriptor.SIZE);
        LittleEndian.putU16(s, EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET, remoteDom);
        LittleEndian.putI32(s, EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET, remotePort);
        int rc = op(caller, EvtchnOp.EVTCHNOP_bind_interdomain.code, s);
        return rc < 0 ? rc : LittleEndian.getI32(out, EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET);
    }

    /** {@code EVTCHNOP_bind_virq}: the port, or a negative errno. */
    public int bindVirq(int caller, int virq, int vcpu) {
        byte[] s = struct(EvtchnBindVirqDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnBindVirqDescriptor.VIRQ_OFFSET, virq);
        LittleEndian.putI32(s, EvtchnBindVirqDescriptor.VCPU_OFFSET, vcpu);
        int rc = op(caller, EvtchnOp.EVTCHNOP_bind_virq.code, s);
        return rc < 0 ? rc : LittleEndian.getI32(out, EvtchnBindVirqDescriptor.PORT_OFFSET);
    }

    /** {@code EVTCHNOP_bind_ipi}: the port, or a negative errno. */
    public int bindIpi(int caller, int vcpu) {
        byte[] s = struct(EvtchnBindIpiDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnBindIpiDescriptor.VCPU_OFFSET, vcpu);
        int rc = op(caller, EvtchnOp.EVTCHNOP_bind_ipi.code, s);
        return rc < 0 ? rc : LittleEndian.getI32(out, EvtchnBindIpiDescriptor.PORT_OFFSET);
    }

    /** {@code EVTCHNOP_bind_pirq}: the port, or a negative errno. */
    public int bindPirq(int caller, int pirq, int flags) {
        byte[] s = struct(EvtchnBindPirqDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnBindPirqDescriptor.PIRQ_OFFSET, pirq);
        LittleEndian.putI32(s, EvtchnBindPirqDescriptor.FLAGS_OFFSET, flags);
        int rc = op(caller, EvtchnOp.EVTCHNOP_bind_pirq.code, s);
        return rc < 0 ? rc : LittleEndian.getI32(out, EvtchnBindPirqDescriptor.PORT_OFFSET);
    }

    private int portOp(int caller, EvtchnOp cmd, int port) {
        byte[] s = struct(EvtchnPortArgDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnPortArgDescriptor.PORT_OFFSET, port);
        return op(caller, cmd.code, s);
    }

    public int close(int caller, int port) {
        return portOp(caller, EvtchnOp.EVTCHNOP_close, port);
    }

    public int send(int caller, int port) {
        return portOp(caller, EvtchnOp.EVTCHNOP_send, port);
    }

    /** {@code EVTCHNOP_send} from vCPU {@code vcpu}. */
    public int send(int caller, int vcpu, int port) {
        byte[] s = struct(EvtchnPortArgDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnPortArgDescriptor.PORT_OFFSET, port);
        return opAt(caller, vcpu, EvtchnOp.EVTCHNOP_send.code, ARG, s);
    }

    public int unmask(int caller, int port) {
        return portOp(caller, EvtchnOp.EVTCHNOP_unmask, port);
    }

    /** What {@code EVTCHNOP_status} answered. */
    public record Status(int rc, int status, int vcpu, int udom, int uport, int uirq) {}

    public Status status(int caller, int dom, int port) {
        byte[] s = struct(EvtchnStatusDescriptor.SIZE);
        LittleEndian.putU16(s, EvtchnStatusDescriptor.DOM_OFFSET, dom);
        LittleEndian.putI32(s, EvtchnStatusDescriptor.PORT_OFFSET, port);
        int rc = op(caller, EvtchnOp.EVTCHNOP_status.code, s);
        return new Status(
                rc,
                LittleEndian.getI32(out, EvtchnStatusDescriptor.STATUS_OFFSET),
                LittleEndian.getI32(out, EvtchnStatusDescriptor.VCPU_OFFSET),
                LittleEndian.getU16(out, EvtchnStatusDescriptor.U_DOM_OFFSET),
                LittleEndian.getI32(out, EvtchnStatusDescriptor.U_PORT_OFFSET),
                LittleEndian.getI32(out, EvtchnStatusDescriptor.U_IRQ_OFFSET));
    }

    public int bindVcpu(int caller, int port, int vcpu) {
        byte[] s = struct(EvtchnBindVcpuDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnBindVcpuDescriptor.PORT_OFFSET, port);
        LittleEndian.putI32(s, EvtchnBindVcpuDescriptor.VCPU_OFFSET, vcpu);
        return op(caller, EvtchnOp.EVTCHNOP_bind_vcpu.code, s);
    }

    public int reset(int caller, int dom) {
        byte[] s = struct(EvtchnResetDescriptor.SIZE);
        LittleEndian.putU16(s, EvtchnResetDescriptor.DOM_OFFSET, dom);
        return op(caller, EvtchnOp.EVTCHNOP_reset.code, s);
    }

    public int initControl(int caller, long gfn, int offset, int vcpu) {
        byte[] s = struct(EvtchnInitControlDescriptor.SIZE);
        LittleEndian.putI64(s, EvtchnInitControlDescriptor.CONTROL_GFN_OFFSET, gfn);
        LittleEndian.putI32(s, EvtchnInitControlDescriptor.OFFSET_OFFSET, offset);
        LittleEndian.putI32(s, EvtchnInitControlDescriptor.VCPU_OFFSET, vcpu);
        return op(caller, EvtchnOp.EVTCHNOP_init_control.code, s);
    }

    public int expandArray(int caller, long gfn) {
        byte[] s = struct(EvtchnExpandArrayDescriptor.SIZE);
        LittleEndian.putI64(s, EvtchnExpandArrayDescriptor.ARRAY_GFN_OFFSET, gfn);
        return op(caller, EvtchnOp.EVTCHNOP_expand_array.code, s);
    }

    public int setPriority(int caller, int port, int priority) {
        byte[] s = struct(EvtchnSetPriorityDescriptor.SIZE);
        LittleEndian.putI32(s, EvtchnSetPriorityDescriptor.PORT_OFFSET, port);
        LittleEndian.putI32(s, EvtchnSetPriorityDescriptor.PRIORITY_OFFSET, priority);
        return op(caller, EvtchnOp.EVTCHNOP_set_priority.code, s);
    }

    /** {@code SCHEDOP_poll}'s question about {@code port} of {@code domid}. */
    public int poll(int domid, int port) {
        return host.portPoll.poll(domid, port);
    }

    public void raiseVirq(int domid, int vcpu, int virq) {
        host.virqSink.raise(domid, vcpu, virq, host.now);
    }

    /** Every violation the installed audits report now, as "I11: message". */
    public List<String> audit() {
        return host.violations();
    }

    // ---- the 2-level bits, as the guest sees them ----

    private long si(int domid) {
        return host.domains.get(domid).sharedInfoMfn;
    }

    private boolean bit(int domid, int base, int port) {
        return (host.memory.read64(si(domid), base + 8 * (port >>> 6)) & (1L << (port & 63))) != 0;
    }

    private void setBit(int domid, int base, int port, boolean on) {
        int off = base + 8 * (port >>> 6);
        long w = host.memory.read64(si(domid), off);
        long b = 1L << (port & 63);
        host.memory.write64(si(domid), off, on ? w | b : w & ~b);
    }

    public boolean pending(int domid, int port) {
        return bit(domid, SharedInfoDescriptor.EVTCHN_PENDING_OFFSET, port);
    }

    public boolean masked(int domid, int port) {
        return bit(domid, SharedInfoDescriptor.EVTCHN_MASK_OFFSET, port);
    }

    /** The guest sets or clears a port's mask bit. */
    public void guestMask(int domid, int port, boolean masked) {
        setBit(domid, SharedInfoDescriptor.EVTCHN_MASK_OFFSET, port, masked);
    }

    /** The guest clears a port's pending bit (as its handler does). */
    public void guestClearPending(int domid, int port) {
        setBit(domid, SharedInfoDescriptor.EVTCHN_PENDING_OFFSET, port, false);
    }

    public long pendingSel(int domid, int vcpu) {
        return host.memory.read64(
                si(domid), SharedInfoDescriptor.vcpuInfoOffset(vcpu) + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET);
    }

    public boolean upcallPending(int domid, int vcpu) {
        return host.memory.read8(
                        si(domid),
                        SharedInfoDescriptor.vcpuInfoOffset(vcpu) + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET)
                != 0;
    }

    /** The guest takes its upcall: clears {@code evtchn_upcall_pending} and the selector, as its handler does. */
    public void guestAck(int domid, int vcpu) {
        int base = SharedInfoDescriptor.vcpuInfoOffset(vcpu);
        host.memory.write8(si(domid), base + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 0);
        host.memory.write64(si(domid), base + VcpuInfoDescriptor.EVTCHN_PENDING_SEL_OFFSET, 0);
    }
}
