package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Hypercall;

/**
 * How much each standard workload does per virtual second, with a pCPU of its own: figures for the documentation,
 * printed to the test's output, with loose bounds so that a change in the cost model is noticed.
 */
class GuestThroughputTest {
    private static final long RUN_NS = 200 * MS;

    private static long hypercalls(GuestHost host, int domid) {
        long n = 0;
        for (Hypercall h : Hypercall.values()) {
            n += host.count(domid, h);
        }
        return n;
    }

    @Test
    void eachWorkloadOnItsOwnPcpu() {
        GuestHost host = GuestHost.boot(4, 16384, 1024, 1, "workload=idle", WorkloadCatalog.standard());
        host.domU(1, 512, 1, "workload=cpu burst=1ms");
        host.domU(2, 1024, 1, "workload=pagetable pages=16 runtime=100us");
        host.domU(3, 1024, 1, "workload=memory step=16 max=64");
        long wallStart = System.nanoTime();
        host.runUntil(RUN_NS);
        long wallMs = (System.nanoTime() - wallStart) / 1_000_000;
        host.assertAuditClean();

        double seconds = RUN_NS / 1e9;
        StringBuilder report = new StringBuilder("virtual time " + RUN_NS / MS + " ms, wall " + wallMs + " ms, "
                + host.execution().steps() + " guest steps ("
                + Math.round(host.execution().steps() / seconds)
                + " per virtual second)\n");
        String[] units = {"idle ticks", "bursts", "processes", "balloon operations"};
        for (int d = 0; d <= 3; d++) {
            long progress = host.kernel(d).workload().progress();
            report.append(String.format(
                    "d%d %-9s %8.0f %s/s, %8.0f hypercalls/s%n",
                    d, host.kernel(d).workloadName(), progress / seconds, units[d], hypercalls(host, d) / seconds));
        }
        System.out.print(report);

        assertThat(host.kernel(1).workload().progress() / seconds).isBetween(900.0, 1000.0);
        assertThat(host.kernel(2).workload().progress() / seconds).isGreaterThan(5000.0);
        assertThat(host.kernel(3).workload().progress() / seconds).isGreaterThan(5000.0);
    }
}
