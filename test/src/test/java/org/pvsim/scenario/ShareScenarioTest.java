package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.WorkloadCatalog;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;

/**
 * The built-in {@code share} scenario end to end through the command line: it runs with the auditor after every
 * hypercall, both domUs end blocked with the grant-table calls a successful exchange makes (the granter's set-up, the
 * mapper's one map batch and one unmap batch), two runs give the same journal digest, and the journal replays with 0
 * divergences. The command line does not print guest consoles, so the same two workloads also run on a host booted
 * here, whose Xen console must show both result lines.
 */
class ShareScenarioTest {
    private static final String GRANTER_ARGS = "workload=share role=granter peer=2 pages=16 mode=map";
    private static final String MAPPER_ARGS = "workload=share role=mapper peer=1 pages=16 mode=map";

    @TempDir
    Path runs;

    @Test
    void runsAuditedDeterministicallyAndReplaysWithoutDivergence() throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(runs, "run", "share", "--audit", "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.err()).as("no warning: no guest failure").isEmpty();
        assertThat(first.out())
                .containsPattern("guest-granter +1 +64 +1 +-b----")
                .containsPattern("guest-mapper +2 +64 +1 +-b----")
                .containsPattern("guest-granter +1 +grant_table_op +3\n")
                .containsPattern("guest-mapper +2 +grant_table_op +2\n");
        assertThat(Pvsim.stats(a).get("warnings")).isEmpty();
        Pvsim second = Pvsim.run(runs, "run", "share", "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }

    @Test
    void bothSidesPrintTheirChecksumsOkLine() {
        BootParameters params =
                new BootParameters("test", "share", 1, 2, 65536, "credit2", 1024, 1, "pvsim-pv", "workload=idle");
        Hypervisor hv = HostBoot.boot(params, Journal.OFF, List.of(new EventChannels(), new GrantTables()));
        PvDomainBuilder.build(hv, 1, false, 16384, 1, "pvsim-pv", GRANTER_ARGS);
        PvDomainBuilder.build(hv, 2, false, 16384, 1, "pvsim-pv", MAPPER_ARGS);
        Auditor auditor = new Auditor(hv);
        GuestExecution exec = new GuestExecution(
                hv,
                (domid, image) -> image.equals("pvsim-pv") ? new PvKernel(WorkloadCatalog.standard()) : null,
                ExecutionCosts.DEFAULT);
        exec.runUntil(100_000_000L);
        assertThat(exec.failures()).isEmpty();
        assertThat(auditor.audit()).isEmpty();
        assertThat(hv.console().text())
                .contains("(d1) share: granter: 16 pages granted to d2 as refs 8-23 (even read-only), port 2 offered\n")
                .contains("(d2) share: 16 pages mapped, read and written, checksums ok (8 written back to d1)\n")
                .contains("(d1) share: granter: 16 pages shared with d2 by map, 16 ends refused while mapped, 8"
                        + " written back, checksums ok, 16 grants ended\n")
                .doesNotContain("FAILED");
    }
}
