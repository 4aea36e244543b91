package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;

class PageTableWorkloadTest {
    private static final long MS = 1_000_000L;

    @Test
    void forkExecExitLeavesEveryFrameAsItFoundItAndKeepsEveryInvariant() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 1024, 1, "workload=pagetable processes=25 pages=12 runtime=50us");
        host.auditEveryHypercall();
        host.runUntilBooted(1);
        assertThat(host.workload(1).progress()).isZero();
        List<String> baseline = host.frameState(1);

        host.runUntil(50 * MS);

        PageTableWorkload w = (PageTableWorkload) host.workload(1);
        assertThat(w.processesCompleted()).isEqualTo(25);
        assertThat(w.pagesTouched()).isEqualTo(25 * 12);
        assertThat(host.hv().domains().get(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(host.frameState(1)).isEqualTo(baseline);
        host.assertAuditClean();
    }

    @Test
    void eachProcessBatchesItsPageTableWorkAsALinuxKernelWould() {
        GuestHostAccess host = GuestHostAccess.boot("workload=idle");
        host.domU(1, 1024, 1, "workload=pagetable processes=10");
        host.runUntil(50 * MS);

        assertThat(host.workload(1).progress()).isEqualTo(10);
        // fork: one multicall of 4 update_va_mapping (tables read-only) and 1 mmuext_op (pin)
        assertThat(host.count(1, Hypercall.multicall)).isEqualTo(10);
        // (and one at boot, mapping shared_info)
        assertThat(host.count(1, Hypercall.update_va_mapping)).isEqualTo(40 + 1);
        // exec: NEW_BASEPTR; exit: NEW_BASEPTR back + UNPIN in one batch; plus the pin inside the multicall
        assertThat(host.count(1, Hypercall.mmuext_op)).isEqualTo(30);
        // exit: one mmu_update batch makes the four tables writable again
        assertThat(host.count(1, Hypercall.mmu_update)).isEqualTo(10);
        assertThat(host.console())
                .contains("(d1) pagetable: processes of 16 user pages, 100us each, 10 in all")
                .contains("(d1) pagetable: 10 processes done; powering off");
    }

    @Test
    void runsOnEveryVcpuWithTheAuditorWatchingEachHypercall() {
        GuestHostAccess host = GuestHostAccess.boot(3, "workload=idle");
        host.domU(1, 2048, 2, "workload=pagetable pages=100 runtime=20us");
        host.auditEveryHypercall();
        host.runUntil(10 * MS);

        PageTableWorkload w = (PageTableWorkload) host.workload(1);
        assertThat(w.processesCompleted()).isGreaterThan(50);
        long now = host.hv().now();
        assertThat(host.hv().vcpu(1, 1).runstateTime(RunstateKind.RUNSTATE_running, now))
                .isPositive();
        host.assertAuditClean();
        // between processes no process table is left: only the kernel's bootstrap tables are page tables
        FrameTable ft = host.hv().machine().frames();
        long tables = 0;
        for (long mfn = 0; mfn < host.hv().machine().nrFrames(); mfn++) {
            if (ft.owner(mfn) == 1 && ft.type(mfn).isPageTable() && ft.typeCount(mfn) > 0) {
                tables++;
            }
        }
        assertThat(tables).isEqualTo(StartOfDayLayout.plan(2048, true).nrPtFrames());
        assertThat(ft.type(host.kernel(1).kernelL4Mfn())).isEqualTo(PageType.PGT_l4_page_table);
        assertThat(ft.isPinned(host.kernel(1).kernelL4Mfn())).isTrue();
    }
}
