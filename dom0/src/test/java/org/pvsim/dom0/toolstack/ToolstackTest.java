package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.WorkloadCatalog;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.PageType;

/** dom0's toolstack builds domains through hypercalls alone, keeping every invariant, and cleans up a failed build. */
class ToolstackTest {
    private static final long MS = 1_000_000L;

    private final Toolstack toolstack = new Toolstack();
    private Hypervisor hv;
    private GuestExecution exec;

    private void boot(int hostFrames) {
        hv = HostBoot.boot(
                new BootParameters("test", "test", 1, 2, hostFrames, "rr", 4096, 1, "pvsim-pv", "workload=toolstack"),
                Journal.OFF);
        WorkloadCatalog catalog = WorkloadCatalog.standard().with(ToolstackWorkload.spec(toolstack));
        exec = new GuestExecution(hv, (domid, image) -> new PvKernel(catalog), ExecutionCosts.DEFAULT);
    }

    private static DomainBuildSpec spec(String name, long memoryKib, String cmdline) {
        return new DomainBuildSpec(name, new byte[16], memoryKib, 2, 1, "pvsim-pv", cmdline, 1023, 64, 1024, 2);
    }

    @Test
    void createPassesTheGrantVersionAndLimitsOfTheConfiguration() {
        boot(16384);
        Toolstack.Creation c = toolstack.create(
                new DomainBuildSpec("v1", new byte[16], 4096, 1, 1, "pvsim-pv", "workload=cpu", 1023, 32, 7, 1));
        exec.runUntil(20 * MS);

        assertThat(c.error()).isNull();
        var q = hv.subsystems().domains();
        assertThat(q.maxGrantVersion(c.domid())).isEqualTo(1);
        assertThat(q.maxGrantFrames(c.domid())).isEqualTo(32);
        assertThat(q.maxMaptrackFrames(c.domid())).isEqualTo(7);
    }

    @Test
    void createBuildsARunningDomainWithEveryInvariantKeptAfterEveryHypercall() {
        boot(16384);
        Auditor auditor = new Auditor(hv);
        List<String> problems = new ArrayList<>();
        hv.setHypercallObserver((v, op, r) -> {
            if (problems.isEmpty()) {
                for (Violation x : auditor.audit()) {
                    problems.add(v + " " + Hypercall.nameOf(op) + ": " + x);
                }
            }
        });
        Toolstack.Creation c = toolstack.create(spec("web", 4096, "workload=cpu burst=1ms"));
        exec.runUntil(20 * MS);

        assertThat(problems).isEmpty();
        assertThat(c.error()).isNull();
        assertThat(c.domid()).isEqualTo(1);
        assertThat(toolstack.name(1)).isEqualTo("web");
        Domain d = hv.domains().get(1);
        assertThat(d.totPages()).isEqualTo(1024);
        assertThat(d.maxGrantVersion()).as("grant_opts from max_grant_version").isEqualTo(2);
        assertThat(d.maxGrantFrames()).isEqualTo(64);
        assertThat(d.maxMaptrackFrames()).isEqualTo(1024);
        assertThat(d.maxPages()).isEqualTo((4096 + Toolstack.LIBXL_MAXMEM_CONSTANT_KIB) / 4);
        assertThat(d.controllerPauseCount()).isZero();
        assertThat(d.vcpu(0).isUp()).isTrue();
        assertThat(hv.machine().frames().type(d.vcpu(0).guestTable())).isEqualTo(PageType.PGT_l4_page_table);
        // its kernel booted and ran the workload
        assertThat(d.hypercallCount(Hypercall.sched_op.number)).isPositive();
        assertThat(hv.console().text()).contains("\nxl: created domain web (id 1)\n");
        // the bootstrap L4 is pinned, which Xen allows only once dom0 has dropped its writable mappings of the tables
        assertThat(hv.machine().frames().isPinned(d.vcpu(0).guestTable())).isTrue();
        assertThat(d.cpuTime(hv.now())).isPositive();
    }

    @Test
    void aDomainThatDoesNotFitFailsAndGivesEveryFrameBack() {
        boot(8192);
        int freeBefore = hv.machine().allocator().freeCount();
        Toolstack.Creation c = toolstack.create(spec("huge", 64 * 1024, "workload=cpu"));
        exec.runUntil(5 * MS);

        assertThat(c.isDone()).isTrue();
        assertThat(c.error()).contains("out of memory");
        assertThat(hv.domains().get(1)).isNull();
        assertThat(hv.machine().allocator().freeCount()).isEqualTo(freeBefore);
        assertThat(new Auditor(hv).audit()).isEmpty();
    }

    @Test
    void domainsAreCreatedInOrderWithIncreasingIds() {
        boot(16384);
        Toolstack.Creation a = toolstack.create(spec("a", 2048, "workload=idle"));
        Toolstack.Creation b = toolstack.create(spec("b", 2048, "workload=idle"));
        exec.runUntil(10 * MS);
        assertThat(a.domid()).isEqualTo(1);
        assertThat(b.domid()).isEqualTo(2);
        assertThat(toolstack.name(2)).isEqualTo("b");
    }
}
