package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.FrameTable;

class MemoryWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void dataWrittenToBalloonedPagesSurvivesAndTheDomainEndsWhole() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        Domain d = host.domU(1, 1024, 1, "workload=memory step=8 max=32 cycles=2");
        host.auditEveryHypercall();
        host.runUntil(50 * MS);

        MemoryWorkload w = (MemoryWorkload) host.workload(1);
        assertThat(d.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(w.cycles()).isEqualTo(2);
        assertThat(w.pagesOut()).isEqualTo(64);
        assertThat(w.pagesIn()).isEqualTo(64);
        assertThat(w.shortfalls()).isZero();
        // 3 pattern words per page, checked as each page goes out and again after it comes back in
        assertThat(w.wordsVerified()).isEqualTo(2 * 64 * 3);
        assertThat(w.lowestReservation()).isEqualTo(1024 - 32);
        assertThat(d.totPages()).isEqualTo(1024);
        host.assertAuditClean();
        assertP2mMatchesM2p(host, 1, 1024);
        // out: 4 multicalls + 4 decrease per cycle; in: 4 multicalls + 4 populate (or increase) per cycle;
        // one current_reservation after each operation but the last
        assertThat(host.count(1, Hypercall.multicall)).isEqualTo(16);
        // 128, and the boot's mapping of shared_info
        assertThat(host.count(1, Hypercall.update_va_mapping)).isEqualTo(128 + 1);
        assertThat(host.count(1, Hypercall.memory_op)).isEqualTo(16 + 15);
        // the second cycle takes frames with increase_reservation and sets their M2P entries itself
        assertThat(host.count(1, Hypercall.mmu_update)).isEqualTo(4);
    }

    @Test
    void aBalloonedPageHasNoFrameNoMappingAndAnInvalidP2mEntry() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        Domain d = host.domU(1, 1024, 1, "workload=memory step=16 max=64");
        host.runUntilBooted(1);
        long t = host.hv().now();
        MemoryWorkload w = (MemoryWorkload) host.workload(1);
        while (w.pagesOutNow() < 32) {
            t += 1000;
            host.runUntil(t);
        }
        assertThat(d.totPages()).isEqualTo(1024 - w.pagesOutNow());
        PvKernel k = host.kernel(1);
        long pfn = StartOfDayLayout.plan(1024, true).firstFreePfn() + ArgumentArea.PAGES + 1;
        // the arena starts right after vCPU 0's argument area and the page shared_info is mapped over
        assertThat(k.mfn(pfn)).isEqualTo(Kernel.INVALID_MFN);
        byte[] b = new byte[8];
        assertThatThrownBy(() -> host.hv().guestRead(host.hv().vcpu(1, 0), k.va(pfn), b, 0, 8))
                .isInstanceOf(GuestPageFault.class);
        host.assertAuditClean();
    }

    static void assertP2mMatchesM2p(GuestHostAccess host, int domid, long pages) {
        PvKernel k = host.kernel(domid);
        FrameTable ft = host.hv().machine().frames();
        for (long pfn = 0; pfn < pages; pfn++) {
            long mfn = k.mfn(pfn);
            assertThat(ft.owner(mfn)).as("owner of pfn %d", pfn).isEqualTo(domid);
            assertThat(ft.m2p(mfn)).as("M2P of pfn %d", pfn).isEqualTo(pfn);
            byte[] b = new byte[8];
            host.hv().guestRead(host.hv().vcpu(domid, 0), k.startInfo().mfnList() + 8 * pfn, b, 0, 8);
            assertThat(LittleEndian.getI64(b, 0)).isEqualTo(mfn);
        }
    }
}
