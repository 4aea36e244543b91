package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.workload.CpuWorkload;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.RunstateKind;
import org.pvsim.hypervisor.domain.Vcpu;

class SecondaryVcpusTest {
    @Test
    void bringsTheWantedVcpusOnlineWithTheKernelsPageTables() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 4, "workload=cpu burst=1ms pvsim.vcpus=3");
        host.runUntil(40 * MS);

        PvKernel k = host.kernel(1);
        assertThat(k.vcpusAvailable()).isEqualTo(4);
        assertThat(k.onlineVcpus()).isEqualTo(3);
        long now = host.hv.now();
        for (int i = 0; i < 3; i++) {
            Vcpu v = host.hv.vcpu(1, i);
            assertThat(v.isUp()).as("vCPU %d up", i).isTrue();
            assertThat(v.guestTable()).as("vCPU %d base", i).isEqualTo(k.kernelL4Mfn());
            assertThat(v.runstateTime(RunstateKind.RUNSTATE_running, now))
                    .as("vCPU %d ran", i)
                    .isPositive();
            assertThat(k.argumentAreaVa(i)).isNotEqualTo(-1L);
        }
        assertThat(host.hv.vcpu(1, 3).isUp()).isFalse();
        assertThat(host.console()).contains("(d1) vCPU 1 up, running cpu").contains("(d1) vCPU 2 up, running cpu");
        // is_up on 0..4 (the fifth answers -ENOENT), then initialise and up for vCPUs 1 and 2
        assertThat(host.count(1, Hypercall.vcpu_op)).isEqualTo(5 + 2 * 2);
        assertThat(((CpuWorkload) k.workload()).bursts()).isGreaterThan(40);
        host.assertAuditClean();
    }

    @Test
    void withoutPvsimVcpusEveryVcpuComesOnline() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 2, "workload=cpu");
        host.runUntil(10 * MS);
        assertThat(host.kernel(1).onlineVcpus()).isEqualTo(2);
        assertThat(host.hv.vcpu(1, 1).isUp()).isTrue();
    }

    @Test
    void askingForMoreVcpusThanTheDomainHasUsesThemAll() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 2, "workload=cpu pvsim.vcpus=8");
        host.runUntil(10 * MS);
        assertThat(host.console()).contains("(d1) pvsim.vcpus=8 but the domain has 2 vCPUs: using 2");
        assertThat(host.kernel(1).onlineVcpus()).isEqualTo(2);
    }

    @Test
    void oneVcpuLeavesTheOthersOffline() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 3, "workload=cpu pvsim.vcpus=1");
        host.runUntil(10 * MS);
        assertThat(host.kernel(1).onlineVcpus()).isEqualTo(1);
        assertThat(host.hv.vcpu(1, 1).isUp()).isFalse();
        assertThat(host.hv.vcpu(1, 1).isInitialised()).isFalse();
        assertThat(host.count(1, Hypercall.vcpu_op)).isEqualTo(4);
    }

    @Test
    void dom0BringsItsVcpusUpToo() {
        GuestHost host = GuestHost.boot(2, 8192, 1024, 2, "workload=idle", WorkloadCatalog.standard());
        host.runUntil(10 * MS);
        assertThat(host.kernel(0).onlineVcpus()).isEqualTo(2);
        assertThat(host.hv.vcpu(0, 1).isUp()).isTrue();
        host.assertAuditClean();
    }
}
