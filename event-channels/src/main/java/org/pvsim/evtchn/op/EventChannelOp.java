package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindInterdomainDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindIpiDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindPirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVcpuDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnExpandArrayDescriptor;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.abi.EvtchnResetDescriptor;
import org.pvsim.evtchn.abi.EvtchnSetPriorityDescriptor;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.HypercallHandler;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * Hypercall {@code event_channel_op} (32): {@code do_event_channel_op(cmd, arg)} ({@code
 * xen/common/event_channel.c}), the one table that lists every {@code EVTCHNOP_*}. For each command it copies the
 * command's structure from the guest ({@code -EFAULT} if that fails, before anything else), runs the sub-op, and
 * copies the whole structure back only for the commands Xen copies back, and only on success (a failed copy back is
 * {@code -EFAULT}, the sub-op's effect stays, as in Xen). An unknown command is {@code -ENOSYS}.
 *
 * <p>Register arguments: RDI is {@code int cmd} (the low 32 bits, as Xen's prototype truncates it), RSI the
 * structure's address. Guest input never makes it throw; it allocates nothing per call (one scratch structure).
 */
public final class EventChannelOp implements HypercallHandler {
    /**
     * {@code EVTCHNOP_reset_cont} (14): Xen's own continuation of a preempted reset, reachable by a guest. pvsim never
     * preempts a reset, so it answers as Xen does when no reset is in progress.
     */
    public static final int EVTCHNOP_reset_cont = 14;

    private final EvtchnDomainTable table;
    private final EvtchnBind bind;
    private final EvtchnClose close;
    private final EvtchnNotify notify;
    private final EvtchnStatusQuery status;
    private final EvtchnAbiControl abi;
    /** The command's structure, copied in and out; the largest is 24 bytes. */
    private final byte[] arg = new byte[32];

    /** The dispatcher over the port tables in {@code table}, closing through {@code close}, FIFO sub-ops to {@code fifo}. */
    public EventChannelOp(EvtchnDomainTable table, SubsystemHost host, EvtchnClose close, FifoAbi fifo) {
        this.table = table;
        this.bind = new EvtchnBind(table, host);
        this.close = close;
        this.notify = new EvtchnNotify(table, host);
        this.status = new EvtchnStatusQuery(table);
        this.abi = new EvtchnAbiControl(table, host, fifo);
    }

    @Override
    public long invoke(HypercallContext ctx, long a1, long a2, long a3, long a4, long a5) {
        return op(ctx, (int) a1, a2);
    }

    private boolean copyIn(HypercallContext ctx, long va, int size) {
        return ctx.copyFromGuest(va, arg, 0, size) != 0;
    }

    /** {@code __copy_to_guest} of the whole structure: 0 or {@code -EFAULT}. */
    private int copyOut(HypercallContext ctx, long va, int size) {
        return ctx.copyToGuest(va, arg, 0, size) != 0 ? Errno.EFAULT.neg() : 0;
    }

    /** A sub-op's port result: on success, store it at {@code portOffset} and copy the structure back. */
    private int portOut(HypercallContext ctx, long va, int size, int portOffset, int rc) {
        if (rc < 0) {
            return rc;
        }
        LittleEndian.putI32(arg, portOffset, rc);
        return copyOut(ctx, va, size);
    }

    private int u16(int off) {
        return LittleEndian.getU16(arg, off);
    }

    private int i32(int off) {
        return LittleEndian.getI32(arg, off);
    }

    private long u32(int off) {
        return LittleEndian.getU32(arg, off);
    }

    /**
     * {@code do_event_channel_op(cmd, va)}: serves command {@code cmd} with its structure at guest address {@code va}.
     *
     * @return 0, a port is never returned here (ports go back in the structure), or a negative errno
     */
    public int op(HypercallContext ctx, int cmd, long va) {
        if (cmd == EVTCHNOP_reset_cont) {
            return reset(ctx, va, true);
        }
        EvtchnOp c = EvtchnOp.ofCode(cmd);
        if (c == null) {
            return Errno.ENOSYS.neg();
        }
        switch (c) {
            case EVTCHNOP_alloc_unbound: {
                int size = EvtchnAllocUnboundDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = bind.allocUnbound(
                        ctx,
                        u16(EvtchnAllocUnboundDescriptor.DOM_OFFSET),
                        u16(EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET));
                return portOut(ctx, va, size, EvtchnAllocUnboundDescriptor.PORT_OFFSET, rc);
            }
            case EVTCHNOP_bind_interdomain: {
                int size = EvtchnBindInterdomainDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = bind.bindInterdomain(
                        ctx,
                        u16(EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET),
                        u32(EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET));
                return portOut(ctx, va, size, EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET, rc);
            }
            case EVTCHNOP_bind_virq: {
                int size = EvtchnBindVirqDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = bind.bindVirq(
                        ctx, i32(EvtchnBindVirqDescriptor.VIRQ_OFFSET), i32(EvtchnBindVirqDescriptor.VCPU_OFFSET));
                return portOut(ctx, va, size, EvtchnBindVirqDescriptor.PORT_OFFSET, rc);
            }
            case EVTCHNOP_bind_ipi: {
                int size = EvtchnBindIpiDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = bind.bindIpi(ctx, i32(EvtchnBindIpiDescriptor.VCPU_OFFSET));
                return portOut(ctx, va, size, EvtchnBindIpiDescriptor.PORT_OFFSET, rc);
            }
            case EVTCHNOP_bind_pirq: {
                int size = EvtchnBindPirqDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = bind.bindPirq(
                        ctx, i32(EvtchnBindPirqDescriptor.PIRQ_OFFSET), i32(EvtchnBindPirqDescriptor.FLAGS_OFFSET));
                return portOut(ctx, va, size, EvtchnBindPirqDescriptor.PORT_OFFSET, rc);
            }
            case EVTCHNOP_close: {
                if (copyIn(ctx, va, EvtchnPortArgDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                EvtchnDomain d = table.get(ctx.callerDomid());
                return d == null
                        ? Errno.EINVAL.neg()
                        : close.close(d, u32(EvtchnPortArgDescriptor.PORT_OFFSET), ctx.now());
            }
            case EVTCHNOP_send:
                if (copyIn(ctx, va, EvtchnPortArgDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                return notify.send(ctx, u32(EvtchnPortArgDescriptor.PORT_OFFSET));
            case EVTCHNOP_status: {
                int size = EvtchnStatusDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                int rc = status.status(
                        ctx, u16(EvtchnStatusDescriptor.DOM_OFFSET), u32(EvtchnStatusDescriptor.PORT_OFFSET), arg);
                return rc != 0 ? rc : copyOut(ctx, va, size);
            }
            case EVTCHNOP_bind_vcpu:
                if (copyIn(ctx, va, EvtchnBindVcpuDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                return bind.bindVcpu(
                        ctx, u32(EvtchnBindVcpuDescriptor.PORT_OFFSET), i32(EvtchnBindVcpuDescriptor.VCPU_OFFSET));
            case EVTCHNOP_unmask:
                if (copyIn(ctx, va, EvtchnPortArgDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                return notify.unmask(ctx, u32(EvtchnPortArgDescriptor.PORT_OFFSET));
            case EVTCHNOP_reset:
                return reset(ctx, va, false);
            case EVTCHNOP_init_control: {
                int size = EvtchnInitControlDescriptor.SIZE;
                if (copyIn(ctx, va, size)) {
                    return Errno.EFAULT.neg();
                }
                arg[EvtchnInitControlDescriptor.LINK_BITS_OFFSET] = (byte) EvtchnFifo.EVTCHN_FIFO_LINK_BITS;
                int rc = abi.initControl(
                        ctx,
                        LittleEndian.getI64(arg, EvtchnInitControlDescriptor.CONTROL_GFN_OFFSET),
                        i32(EvtchnInitControlDescriptor.OFFSET_OFFSET),
                        i32(EvtchnInitControlDescriptor.VCPU_OFFSET));
                return rc != 0 ? rc : copyOut(ctx, va, size);
            }
            case EVTCHNOP_expand_array:
                if (copyIn(ctx, va, EvtchnExpandArrayDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                return abi.expandArray(ctx, LittleEndian.getI64(arg, EvtchnExpandArrayDescriptor.ARRAY_GFN_OFFSET));
            case EVTCHNOP_set_priority:
                if (copyIn(ctx, va, EvtchnSetPriorityDescriptor.SIZE)) {
                    return Errno.EFAULT.neg();
                }
                return abi.setPriority(
                        ctx,
                        u32(EvtchnSetPriorityDescriptor.PORT_OFFSET),
                        i32(EvtchnSetPriorityDescriptor.PRIORITY_OFFSET));
            default:
                return Errno.ENOSYS.neg();
        }
    }

    /**
     * {@code EVTCHNOP_reset} and {@code EVTCHNOP_reset_cont}: {@code -ESRCH} for an unknown domain, {@code
     * XSM_TARGET} ({@code -EPERM}), then {@code evtchn_reset}.
     */
    private int reset(HypercallContext ctx, long va, boolean resuming) {
        if (copyIn(ctx, va, EvtchnResetDescriptor.SIZE)) {
            return Errno.EFAULT.neg();
        }
        EvtchnDomain d = table.byAnyId(u16(EvtchnResetDescriptor.DOM_OFFSET), ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int rc = XsmDummy.target(ctx, d.domid());
        if (rc != 0) {
            return rc;
        }
        return close.reset(d, ctx.callerDomid(), resuming, ctx.now());
    }
}
