package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.domain.Domain;

/** A command line the kernel cannot run is a kernel panic: a clear console line, then SHUTDOWN_crash. */
class KernelPanicTest {
    private static GuestHost run(String cmdline) {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 1, cmdline);
        host.runUntil(5 * MS);
        return host;
    }

    private static void assertCrashed(GuestHost host) {
        Domain d = host.domain(1);
        assertThat(d.isShutDown()).isTrue();
        assertThat(d.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
        assertThat(host.kernel(1).isRunning()).isFalse();
        assertThat(host.count(1, Hypercall.sched_op)).isEqualTo(1);
        assertThat(host.execution().failures()).isEmpty();
        host.assertAuditClean();
    }

    @Test
    void aMissingWorkloadPanicsNamingTheChoices() {
        GuestHost host = run("console=hvc0");
        assertThat(host.console())
                .contains("(d1) kernel panic: no workload on the command line: add workload=<name>, one of cpu,"
                        + " pagetable, memory, idle, interactive");
        assertCrashed(host);
    }

    @Test
    void anUnknownWorkloadPanicsNamingTheChoices() {
        GuestHost host = run("workload=bogus");
        assertThat(host.console())
                .contains("(d1) kernel panic: unknown workload \"bogus\": choose one of cpu, pagetable, memory, idle,"
                        + " interactive");
        assertCrashed(host);
    }

    @Test
    void aBadArgumentValuePanicsNamingTheArgumentAndTheRule() {
        GuestHost host = run("workload=pagetable pages=1000");
        assertThat(host.console())
                .contains("(d1) kernel panic: bad workload arguments: pagetable: pages=1000 is out of range: it must"
                        + " be from 1 to 512");
        assertCrashed(host);
    }

    @Test
    void argumentsThatDisagreePanicToo() {
        GuestHost host = run("workload=memory step=40 max=20");
        assertThat(host.console())
                .contains("(d1) kernel panic: bad workload arguments: memory: step=40 is more than max=20");
        assertCrashed(host);
    }

    @Test
    void aBadVcpuCountPanics() {
        GuestHost host = run("workload=cpu pvsim.vcpus=none");
        assertThat(host.console()).contains("(d1) kernel panic: bad pvsim.vcpus: \"none\" is not a whole number");
        assertCrashed(host);
    }

    @Test
    void unknownWordsAreIgnoredWithANote() {
        GuestHost host = run("root=/dev/xvda1 quiet workload=cpu brust=3ms");
        assertThat(host.console())
                .contains("(d1) ignoring command-line words cpu does not take: root=/dev/xvda1 quiet brust=3ms")
                .contains("(d1) running workload cpu burst=2ms iterations=0 yield=1 on 1 vCPU");
        assertThat(host.kernel(1).isRunning()).isTrue();
        assertThat(host.domain(1).isShuttingDown()).isFalse();
    }

    @Test
    void aWorkloadThatRunsOutOfMemoryPanicsAndSaysSo() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 1, "workload=memory max=1000 step=8");
        host.runUntil(5 * MS);
        // 496 free after boot's argument area, one of them then given to the shared_info mapping
        assertThat(host.console()).contains("(d1) kernel panic: memory: max=1000 pages, but only 495 are free");
        assertThat(host.domain(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
        host.assertAuditClean();
    }
}
