package org.pvsim.hypervisor.irq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestGeneralProtection;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.PhysdevIrqStatusQueryDescriptor;
import org.pvsim.hypervisor.abi.PhysdevMapPirqDescriptor;
import org.pvsim.hypervisor.abi.PhysdevOp;
import org.pvsim.hypervisor.abi.PhysdevUnmapPirqDescriptor;
import org.pvsim.hypervisor.abi.device.PvsimDiskDescriptor;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/** {@code PHYSDEVOP_*} and port I/O emulation, with Xen's checks and errors. */
class PhysdevOpTest {
    private final TestHost host = TestHost.boot();
    private final TestGuest dom0 = host.dom0();

    private static long call(TestGuest g, PhysdevOp op, long arg) {
        return g.call(Hypercall.physdev_op, op.code, arg);
    }

    private static long mapGsi(TestGuest g, int domid, int type, int gsi, int pirq) {
        byte[] b = new byte[PhysdevMapPirqDescriptor.SIZE];
        LittleEndian.putU16(b, PhysdevMapPirqDescriptor.DOMID_OFFSET, domid);
        LittleEndian.putI32(b, PhysdevMapPirqDescriptor.TYPE_OFFSET, type);
        LittleEndian.putI32(b, PhysdevMapPirqDescriptor.INDEX_OFFSET, gsi);
        LittleEndian.putI32(b, PhysdevMapPirqDescriptor.PIRQ_OFFSET, pirq);
        long va = g.put(b);
        long rc = call(g, PhysdevOp.PHYSDEVOP_map_pirq, va);
        return rc < 0 ? rc : g.read32(va + PhysdevMapPirqDescriptor.PIRQ_OFFSET);
    }

    private static long word(TestGuest g, PhysdevOp op, int value) {
        byte[] b = new byte[8];
        LittleEndian.putI32(b, 0, value);
        return call(g, op, g.put(b));
    }

    private static long setIopl(TestGuest g, int iopl) {
        return word(g, PhysdevOp.PHYSDEVOP_set_iopl, iopl);
    }

    @Test
    void setIoplTakesZeroToThreeAndPortIoNeedsOne() {
        assertThat(setIopl(dom0, 4)).isEqualTo(Errno.EINVAL.neg());
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_set_iopl, 0xdead0000L)).isEqualTo(Errno.EFAULT.neg());
        assertThatThrownBy(() -> host.hv.portIo(dom0.vcpu(), dom0.now(), PvsimDiskDescriptor.PORT_BASE, 4, false, 0))
                .isInstanceOf(GuestGeneralProtection.class)
                .hasMessageContaining("IOPL 0");
        assertThat(setIopl(dom0, 1)).isZero();
        assertThat(host.hv.portIo(dom0.vcpu(), dom0.now(), PvsimDiskDescriptor.PORT_BASE, 4, false, 0))
                .isEqualTo(PvsimDiskDescriptor.ID);
    }

    @Test
    void aDomUWithIoplReadsAllOnesAndItsWritesGoNowhere() {
        TestGuest domU = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        assertThat(setIopl(domU, 3)).isZero();
        int port = PvsimDiskDescriptor.PORT_BASE + PvsimDiskDescriptor.REG_CQ_BASE_LO;
        assertThat(host.hv.portIo(domU.vcpu(), domU.now(), port, 4, false, 0)).isEqualTo(-1);
        assertThat(host.hv.portIo(domU.vcpu(), domU.now(), port, 2, false, 0)).isEqualTo(0xFFFF);
        host.hv.portIo(domU.vcpu(), domU.now(), port, 4, true, 0x5000);

        setIopl(dom0, 1);
        assertThat(host.hv.portIo(dom0.vcpu(), dom0.now(), port, 4, false, 0)).isZero();
    }

    @Test
    void anUndecodedPortReadsAllOnesAndABadInstructionIsAGeneralProtectionFault() {
        setIopl(dom0, 1);
        assertThat(host.hv.portIo(dom0.vcpu(), dom0.now(), 0x80, 1, false, 0)).isEqualTo(0xFF);
        assertThatThrownBy(() -> host.hv.portIo(dom0.vcpu(), dom0.now(), 0xFFFF, 4, false, 0))
                .isInstanceOf(GuestGeneralProtection.class);
        assertThatThrownBy(() -> host.hv.portIo(dom0.vcpu(), dom0.now(), 0x80, 3, true, 0))
                .isInstanceOf(GuestGeneralProtection.class);
    }

    @Test
    void mapPirqFollowsXensChecksInOrder() {
        TestGuest domU = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        int gsi = PvsimDiskDescriptor.GSI;
        int type = PhysdevMapPirqDescriptor.MAP_PIRQ_TYPE_GSI;
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_map_pirq, 0xdead0000L)).isEqualTo(Errno.EFAULT.neg());
        assertThat(mapGsi(dom0, 77, type, gsi, gsi)).isEqualTo(Errno.ESRCH.neg());
        assertThat(mapGsi(domU, DomId.DOMID_SELF, type, gsi, gsi)).isEqualTo(Errno.EPERM.neg());
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, PhysdevMapPirqDescriptor.MAP_PIRQ_TYPE_MSI, gsi, gsi))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, IrqLines.NR_IRQS_GSI, -1))
                .isEqualTo(Errno.EINVAL.neg());
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, 0, -1)).isEqualTo(Errno.EINVAL.neg());
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, gsi, IrqLines.NR_PIRQS)).isEqualTo(Errno.EINVAL.neg());

        // Xen picks the highest free PIRQ above the GSIs when asked to choose
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, gsi, -1)).isEqualTo(IrqLines.NR_PIRQS - 1);
        // asking again gives the same PIRQ; another PIRQ for a mapped line is -EEXIST
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, gsi, -1)).isEqualTo(IrqLines.NR_PIRQS - 1);
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, gsi, 5)).isEqualTo(Errno.EEXIST.neg());
        assertThat(host.hv.irqLines().irqOf(0, IrqLines.NR_PIRQS - 1)).isEqualTo(gsi);
        // dom0 may map a line to a domU's PIRQ (passthrough), by its own PIRQ number
        assertThat(mapGsi(dom0, 1, type, 10, 10)).isEqualTo(10);
        assertThat(host.hv.irqLines().irqOf(1, 10)).isEqualTo(10);
    }

    @Test
    void unmapEoiAndStatusQuery() {
        int type = PhysdevMapPirqDescriptor.MAP_PIRQ_TYPE_GSI;
        assertThat(mapGsi(dom0, DomId.DOMID_SELF, type, 11, 11)).isEqualTo(11);

        byte[] q = new byte[PhysdevIrqStatusQueryDescriptor.SIZE];
        LittleEndian.putI32(q, PhysdevIrqStatusQueryDescriptor.IRQ_OFFSET, 11);
        long qva = dom0.put(q);
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_irq_status_query, qva)).isZero();
        assertThat(dom0.read32(qva + PhysdevIrqStatusQueryDescriptor.FLAGS_OFFSET))
                .isEqualTo(PhysdevIrqStatusQueryDescriptor.XENIRQSTAT_needs_eoi);
        LittleEndian.putI32(q, PhysdevIrqStatusQueryDescriptor.IRQ_OFFSET, IrqLines.NR_PIRQS);
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_irq_status_query, dom0.put(q)))
                .isEqualTo(Errno.EINVAL.neg());

        assertThat(word(dom0, PhysdevOp.PHYSDEVOP_eoi, 11)).isZero();
        assertThat(word(dom0, PhysdevOp.PHYSDEVOP_eoi, 12)).isEqualTo(Errno.EINVAL.neg());
        assertThat(word(dom0, PhysdevOp.PHYSDEVOP_eoi, IrqLines.NR_PIRQS)).isEqualTo(Errno.EINVAL.neg());

        byte[] u = new byte[PhysdevUnmapPirqDescriptor.SIZE];
        LittleEndian.putU16(u, PhysdevUnmapPirqDescriptor.DOMID_OFFSET, DomId.DOMID_SELF);
        LittleEndian.putI32(u, PhysdevUnmapPirqDescriptor.PIRQ_OFFSET, 11);
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_unmap_pirq, dom0.put(u))).isZero();
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_unmap_pirq, dom0.put(u))).isEqualTo(Errno.EINVAL.neg());
        assertThat(host.hv.irqLines().isMapped(0, 11)).isFalse();
        assertThat(word(dom0, PhysdevOp.PHYSDEVOP_eoi, 11)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void aBadArgumentIsEfaultAndAnUnservedCommandIsEnosys() {
        assertThat(call(dom0, PhysdevOp.PHYSDEVOP_eoi, 0xdead0000L)).isEqualTo(Errno.EFAULT.neg());
        assertThat(dom0.call(Hypercall.physdev_op, 29, 0)).isEqualTo(Errno.ENOSYS.neg());
    }
}
