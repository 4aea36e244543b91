package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.api.StartInfo;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.FrameTable;

class BootTest {
    @Test
    void domUKernelReadsItsStartInfo() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 1, "workload=cpu burst=1ms");
        host.runUntil(5 * MS);

        PvKernel k = host.kernel(1);
        assertThat(k.isRunning()).isTrue();
        StartInfo si = k.startInfo();
        StartOfDayLayout layout = StartOfDayLayout.plan(512, true);
        assertThat(si.magic()).isEqualTo(StartInfoDescriptor.MAGIC_X86_64);
        assertThat(si.nrPages()).isEqualTo(512);
        assertThat(si.isPrivileged()).isFalse();
        assertThat(si.isInitialDomain()).isFalse();
        assertThat(si.cmdLine()).isEqualTo("workload=cpu burst=1ms");
        assertThat(si.ptBase()).isEqualTo(StartOfDayLayout.va(layout.l4Pfn()));
        assertThat(si.nrPtFrames()).isEqualTo(layout.nrPtFrames());
        assertThat(si.mfnList()).isEqualTo(StartOfDayLayout.va(layout.p2mPfn()));
        assertThat(si.storeMfn()).isNotZero();
        assertThat(k.workloadName()).isEqualTo("cpu");
        assertThat(k.args()).containsEntry("burst", "1ms").containsEntry("iterations", "0");
        assertThat(k.kernelL4Pfn()).isEqualTo(layout.l4Pfn());
        assertThat(k.kernelL4Mfn()).isEqualTo(host.hv.vcpu(1, 0).guestTable());
        assertThat(k.allocator().firstFree()).isEqualTo(layout.firstFreePfn());
    }

    @Test
    void theKernelsP2mMatchesXensM2pAndTheMfnListInGuestMemory() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 600, 1, "workload=cpu");
        host.runUntil(2 * MS);

        PvKernel k = host.kernel(1);
        FrameTable ft = host.hv.machine().frames();
        long mfnList = StartOfDayLayout.plan(600, true).p2mPfn();
        for (long pfn = 0; pfn < 600; pfn++) {
            long mfn = k.mfn(pfn);
            assertThat(ft.owner(mfn)).isEqualTo(1);
            assertThat(ft.m2p(mfn)).isEqualTo(pfn);
            long inGuest = host.hv.machine().memory().read64(k.mfn(mfnList + pfn / 512), (int) (pfn % 512) * 8);
            assertThat(inGuest).isEqualTo(mfn);
        }
    }

    @Test
    void dom0KernelKnowsItIsTheInitialDomain() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.runUntil(3 * MS);

        PvKernel k = host.kernel(0);
        assertThat(k.isRunning()).isTrue();
        assertThat(k.startInfo().isPrivileged()).isTrue();
        assertThat(k.startInfo().isInitialDomain()).isTrue();
        assertThat(k.isPrivileged()).isTrue();
        assertThat(k.startInfo().storeMfn()).isZero();
        assertThat(host.console())
                .contains("pvsim PV kernel: xen-3.0-x86_64, 1024 pages (4096 KiB), initial domain")
                .contains("\nrunning workload idle (no arguments) on 1 vCPU");
    }

    @Test
    void bootPrintsTheCommandLineAndTheWorkload() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(3, 512, 1, "workload=cpu burst=500us iterations=4");
        host.runUntil(20 * MS);

        assertThat(host.console())
                .contains("(d3) command line: workload=cpu burst=500us iterations=4")
                .contains("(d3) running workload cpu burst=500us iterations=4 yield=1 on 1 vCPU")
                .contains("(d3) cpu: 4 bursts done; powering off");
        Domain d = host.domain(3);
        assertThat(d.isShutDown()).isTrue();
        assertThat(d.shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        host.assertAuditClean();
    }
}
