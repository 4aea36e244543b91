package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Hypercall;

/** The same setup run twice does the same things: a run is a function of its inputs. */
class DeterminismTest {
    private record Outcome(String counts, String memory, String console, long steps, List<Long> progress) {}

    private static Outcome run() {
        GuestHost host = GuestHost.boot(3, 16384, 1024, 2, "workload=idle", WorkloadCatalog.standard());
        host.domU(1, 512, 2, "workload=cpu burst=700us");
        host.domU(2, 2048, 2, "workload=pagetable pages=24 runtime=30us");
        host.domU(3, 1024, 1, "workload=memory step=12 max=60");
        host.domU(4, 512, 1, "workload=cpu burst=3ms iterations=7");
        host.runUntil(60 * MS);
        host.assertAuditClean();
        List<Long> progress = new ArrayList<>();
        for (int d = 0; d <= 4; d++) {
            progress.add(host.kernel(d).workload().progress());
        }
        return new Outcome(
                host.hypercallCounts(),
                host.memoryDigest(),
                host.console(),
                host.execution().steps(),
                progress);
    }

    @Test
    void twoRunsOfOneSetupGiveTheSameHypercallsMemoryAndConsole() {
        Outcome a = run();
        Outcome b = run();
        assertThat(b.counts()).isEqualTo(a.counts());
        assertThat(b.memory()).isEqualTo(a.memory());
        assertThat(b.console()).isEqualTo(a.console());
        assertThat(b.steps()).isEqualTo(a.steps());
        assertThat(b.progress()).isEqualTo(a.progress());
        assertThat(a.progress()).allSatisfy(p -> assertThat(p).isPositive());
        assertThat(a.counts()).contains("d2 " + Hypercall.multicall + "=").contains("d3 " + Hypercall.memory_op + "=");
    }
}
