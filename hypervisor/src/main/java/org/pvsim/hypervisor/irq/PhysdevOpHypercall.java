package org.pvsim.hypervisor.irq;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.PhysdevEoiDescriptor;
import org.pvsim.hypervisor.abi.PhysdevIrqStatusQueryDescriptor;
import org.pvsim.hypervisor.abi.PhysdevMapPirqDescriptor;
import org.pvsim.hypervisor.abi.PhysdevOp;
import org.pvsim.hypervisor.abi.PhysdevSetIoplDescriptor;
import org.pvsim.hypervisor.abi.PhysdevUnmapPirqDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_physdev_op(cmd, arg)} ({@code do_physdev_op}, {@code xen/arch/x86/physdev.c}), the commands a PV
 * dom0 needs to take its devices' interrupts:
 *
 * <ul>
 *   <li>{@code PHYSDEVOP_map_pirq}: {@code -EFAULT}; {@code -ESRCH} for an unknown domain ({@code DOMID_SELF} is the
 *       caller); {@code XSM_DM_PRIV} ({@code -EPERM}); only {@code MAP_PIRQ_TYPE_GSI} is modelled ({@code -EINVAL}
 *       otherwise, and for a GSI a domain other than the hardware domain has no access to); then {@link
 *       IrqLines#mapGsi}, and the PIRQ written back.
 *   <li>{@code PHYSDEVOP_unmap_pirq}: {@code -EFAULT}, {@code -ESRCH}, {@code XSM_DM_PRIV}, then {@link
 *       IrqLines#unmap}.
 *   <li>{@code PHYSDEVOP_eoi}: {@code -EFAULT}, then {@link IrqLines#eoi}.
 *   <li>{@code PHYSDEVOP_irq_status_query}: {@code -EFAULT}; {@code -EINVAL} beyond {@code nr_pirqs}; a mapped PIRQ
 *       of a PV domain needs an EOI ({@code XENIRQSTAT_needs_eoi}).
 *   <li>{@code PHYSDEVOP_set_iopl}: {@code -EFAULT}; {@code -EINVAL} above 3; sets the vCPU's virtual IOPL.
 * </ul>
 * Other commands answer {@code -ENOSYS}. Never throws for guest input.
 */
public final class PhysdevOpHypercall implements CoreHypercall {
    private final IrqLines lines;
    private final DomainTable domains;
    private final byte[] buf = new byte[PhysdevMapPirqDescriptor.SIZE];

    public PhysdevOpHypercall(IrqLines lines, DomainTable domains) {
        this.lines = lines;
        this.domains = domains;
    }

    @Override
    public long invoke(HypercallFrame f, long cmd, long arg, long a3, long a4, long a5) {
        PhysdevOp op = PhysdevOp.ofCode((int) cmd);
        if (op == null) {
            return Errno.ENOSYS.neg();
        }
        switch (op) {
            case PHYSDEVOP_map_pirq:
                return mapPirq(f, arg);
            case PHYSDEVOP_unmap_pirq:
                return unmapPirq(f, arg);
            case PHYSDEVOP_eoi:
                if (f.copyFromGuest(arg, buf, 0, PhysdevEoiDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                return lines.eoi(f.callerDomid(), LittleEndian.getI32(buf, PhysdevEoiDescriptor.IRQ_OFFSET), f.now());
            case PHYSDEVOP_irq_status_query:
                return irqStatusQuery(f, arg);
            case PHYSDEVOP_set_iopl: {
                if (f.copyFromGuest(arg, buf, 0, PhysdevSetIoplDescriptor.SIZE) != 0) {
                    return Errno.EFAULT.neg();
                }
                long iopl = LittleEndian.getU32(buf, PhysdevSetIoplDescriptor.IOPL_OFFSET);
                if (iopl > 3) {
                    return Errno.EINVAL.neg();
                }
                f.vcpu().setIopl((int) iopl);
                return 0;
            }
            default:
                return Errno.ENOSYS.neg();
        }
    }

    private Domain byAnyId(HypercallFrame f, int domid) {
        return domid == DomId.DOMID_SELF ? f.domain() : domains.get(domid);
    }

    private long mapPirq(HypercallFrame f, long arg) {
        if (f.copyFromGuest(arg, buf, 0, PhysdevMapPirqDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        Domain d = byAnyId(f, LittleEndian.getU16(buf, PhysdevMapPirqDescriptor.DOMID_OFFSET));
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int rc = DummyXsm.dmPriv(f.domain(), d.domid());
        if (rc != 0) {
            return rc;
        }
        int type = LittleEndian.getI32(buf, PhysdevMapPirqDescriptor.TYPE_OFFSET);
        if (type != PhysdevMapPirqDescriptor.MAP_PIRQ_TYPE_GSI) {
            return Errno.EINVAL.neg(); // MSI is not modelled; an unknown type is -EINVAL in Xen too
        }
        int gsi = LittleEndian.getI32(buf, PhysdevMapPirqDescriptor.INDEX_OFFSET);
        if (gsi < 0 || gsi >= IrqLines.NR_IRQS_GSI) {
            return Errno.EINVAL.neg();
        }
        // the caller's own PIRQ for that GSI, or the GSI itself for the hardware domain
        int irq = lines.irqOf(f.callerDomid(), gsi);
        if (irq <= 0) {
            if (!f.domain().isHardwareDomain()) {
                return Errno.EINVAL.neg();
            }
            irq = gsi;
        }
        int pirq = lines.mapGsi(d.domid(), irq, LittleEndian.getI32(buf, PhysdevMapPirqDescriptor.PIRQ_OFFSET));
        if (pirq < 0) {
            return pirq;
        }
        LittleEndian.putI32(buf, PhysdevMapPirqDescriptor.PIRQ_OFFSET, pirq);
        if (f.copyToGuest(arg, buf, 0, PhysdevMapPirqDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        return 0;
    }

    private long unmapPirq(HypercallFrame f, long arg) {
        if (f.copyFromGuest(arg, buf, 0, PhysdevUnmapPirqDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        Domain d = byAnyId(f, LittleEndian.getU16(buf, PhysdevUnmapPirqDescriptor.DOMID_OFFSET));
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int rc = DummyXsm.dmPriv(f.domain(), d.domid());
        if (rc != 0) {
            return rc;
        }
        return lines.unmap(d.domid(), LittleEndian.getI32(buf, PhysdevUnmapPirqDescriptor.PIRQ_OFFSET));
    }

    private long irqStatusQuery(HypercallFrame f, long arg) {
        if (f.copyFromGuest(arg, buf, 0, PhysdevIrqStatusQueryDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        long pirq = LittleEndian.getU32(buf, PhysdevIrqStatusQueryDescriptor.IRQ_OFFSET);
        if (pirq >= IrqLines.NR_PIRQS) {
            return Errno.EINVAL.neg();
        }
        int flags =
                lines.isMapped(f.callerDomid(), (int) pirq) ? PhysdevIrqStatusQueryDescriptor.XENIRQSTAT_needs_eoi : 0;
        LittleEndian.putI32(buf, PhysdevIrqStatusQueryDescriptor.FLAGS_OFFSET, flags);
        if (f.copyToGuest(arg, buf, 0, PhysdevIrqStatusQueryDescriptor.SIZE) != 0) {
            return Errno.EFAULT.neg();
        }
        return 0;
    }
}
