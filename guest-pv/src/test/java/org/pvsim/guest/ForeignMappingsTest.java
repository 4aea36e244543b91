package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.mm.ForeignWindow;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;

class ForeignMappingsTest {
    private static final long PATTERN = 0xFEED_FACE_CAFE_F00DL;

    /** The machine frame backing page {@code pfn} of domain {@code domid}, from Xen's M2P. */
    private static long mfnOf(GuestHost host, int domid, long pfn) {
        FrameTable ft = host.hv.machine().frames();
        for (long mfn = 0; mfn < host.hv.machine().nrFrames(); mfn++) {
            if (ft.owner(mfn) == domid && ft.m2p(mfn) == pfn) {
                return mfn;
            }
        }
        throw new AssertionError("d" + domid + " has no frame for pfn " + pfn);
    }

    @Test
    void dom0MapsADomUFrameUsesItAndUnmapsItLeavingNoReference() {
        long[] frames = new long[3];
        long[] during = new long[4];
        GuestHost[] hostRef = new GuestHost[1];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            FrameTable ft = hostRef[0].hv.machine().frames();
            long data = frames[0];
            long l4 = frames[1];
            ForeignMappings fm = kernel.foreign(cpu);

            long va = fm.map(1, data, true);
            assertThat(ForeignMappings.isError(va)).isFalse();
            assertThat(va).isEqualTo(ForeignWindow.BASE);
            cpu.write64(va + 16, PATTERN);
            assertThat(cpu.read64(va + 16)).isEqualTo(PATTERN);

            long ro = fm.map(1, l4, false);
            assertThat(ro).isEqualTo(ForeignWindow.BASE + 4096);
            int slot = 8 * org.pvsim.hypervisor.abi.X86Paging.tableIndex(StartOfDayLayout.VIRT_BASE, 4);
            assertThat(cpu.read64(ro + slot))
                    .isEqualTo(hostRef[0].hv.machine().memory().read64(l4, slot));
            assertThatThrownBy(() -> cpu.write64(ro, 0)).isInstanceOf(GuestPageFault.class);

            assertThat(fm.map(1, l4, true)).as("a page table mapped writable").isEqualTo(Errno.EBUSY.neg());
            assertThat(fm.map(1, frames[2], false))
                    .as("a frame d1 does not own")
                    .isEqualTo(Errno.EBUSY.neg());
            assertThat(fm.map(77, data, false)).as("no such domain").isEqualTo(Errno.ESRCH.neg());
            assertThat(ForeignMappings.isError(Errno.ESRCH.neg())).isTrue();
            assertThat(fm.mapped()).isEqualTo(2);
            during[0] = ft.count(data);
            during[1] = ft.typeCount(data);
            during[2] = ft.count(l4);
            during[3] = ft.typeCount(l4);

            fm.unmap(va);
            fm.unmap(ro);
            assertThat(fm.mapped()).isZero();
            assertThatThrownBy(() -> cpu.read64(va)).isInstanceOf(GuestPageFault.class);
            assertThatThrownBy(() -> fm.unmap(va)).isInstanceOf(IllegalArgumentException.class);
            long again = fm.map(1, data, false);
            assertThat(again).as("the lowest slot is reused").isEqualTo(ForeignWindow.BASE);
            assertThat(cpu.read64(again + 16)).isEqualTo(PATTERN);
            fm.unmap(again);
        });
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=script", catalog);
        hostRef[0] = host;
        host.domU(1, 512, 1, "workload=idle");
        long dataPfn = StartOfDayLayout.plan(512, true).firstFreePfn() + 100;
        frames[0] = mfnOf(host, 1, dataPfn);
        frames[1] = host.hv.vcpu(1, 0).guestTable();
        frames[2] = mfnOf(host, 0, 700);
        FrameTable ft = host.hv.machine().frames();
        long dataCount = ft.count(frames[0]);
        long dataTypeCount = ft.typeCount(frames[0]);
        long l4Count = ft.count(frames[1]);
        long l4TypeCount = ft.typeCount(frames[1]);
        host.auditEveryHypercall();

        host.runUntil(5 * MS);

        assertThat(host.kernel(0).workload().progress()).isEqualTo(1);
        // while mapped: one more general reference on each, one more writable type reference on the data page
        assertThat(during).containsExactly(dataCount + 1, dataTypeCount + 1, l4Count + 1, l4TypeCount);
        // after unmapping: exactly as before
        assertThat(ft.count(frames[0])).isEqualTo(dataCount);
        assertThat(ft.typeCount(frames[0])).isEqualTo(dataTypeCount);
        assertThat(ft.count(frames[1])).isEqualTo(l4Count);
        assertThat(ft.typeCount(frames[1])).isEqualTo(l4TypeCount);
        assertThat(ft.type(frames[1])).isEqualTo(PageType.PGT_l4_page_table);
        // the store went to d1's page, which d1 sees through its own mapping
        byte[] b = new byte[8];
        host.hv.guestRead(host.hv.vcpu(1, 0), StartOfDayLayout.va(dataPfn) + 16, b, 0, 8);
        assertThat(org.pvsim.hypervisor.abi.LittleEndian.getI64(b, 0)).isEqualTo(PATTERN);
        // the window: L3 and L2 hooked once, one L1; 4 maps that worked and 3 Xen refused; unmaps via uvm; and the
        // boot's mapping of shared_info
        assertThat(host.count(0, Hypercall.mmu_update)).isEqualTo(2 + 6);
        assertThat(host.count(0, Hypercall.update_va_mapping)).isEqualTo(3 + 3 + 1);
        host.assertAuditClean();
    }

    @Test
    void anUnprivilegedDomainCannotMapAForeignFrame() {
        long[] result = new long[2];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            assertThat(kernel.isPrivileged()).isFalse();
            result[0] = kernel.foreign(cpu).map(0, 300, false);
            result[1] = kernel.foreign(cpu).mapped();
        });
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=idle", catalog);
        host.domU(1, 512, 1, "workload=script");
        host.runUntil(5 * MS);
        assertThat(result).containsExactly(Errno.EPERM.neg(), 0);
        host.assertAuditClean();
    }
}
