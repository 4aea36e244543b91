package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.evtchn.EventChannelOp;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.guest.xenstore.FakeXenstored;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.machine.FrameTable;

/**
 * A domU kernel on the real hypervisor whose xenstore and console pages are served by a test dom0: dom0's workload
 * plays the toolstack (allocates the two ports in d1 for remote dom0, writes them into d1's {@code start_info}) and
 * the daemons (a {@link FakeXenstored} and a console reader over its foreign mappings of the pages, each behind an
 * interdomain port). The domU boots, prints into its console ring, writes its feature nodes, registers its watches,
 * and obeys {@code control/shutdown}, {@code memory/target} and {@code cpu/K/availability}.
 */
class ControlPlaneBootTest {
    private static final int PAGES = 2048;
    private static final long MS = 1_000_000L;

    /** dom0's side: set-up on its first step, then timed toolstack actions; ring service in port handlers. */
    private static final class Dom0 implements Workload {
        final FakeXenstored xsd = new FakeXenstored();
        final StringBuilder consoleLog = new StringBuilder();
        final List<long[]> times = new ArrayList<>();
        final List<Consumer<FakeXenstored>> actions = new ArrayList<>();
        GuestHost host;
        int vcpus;
        boolean ready;
        long storeVa;
        long consoleVa;
        int storeLocal;
        int consoleLocal;

        void at(long ns, Consumer<FakeXenstored> action) {
            times.add(new long[] {ns});
            actions.add(action);
        }

        @Override
        public void step(Kernel kernel, GuestCpu cpu) {
            if (cpu.vcpuId() != 0) {
                kernel.hypercalls(cpu).block();
                return;
            }
            if (!ready) {
                ready = true;
                setUp(kernel, cpu);
                return;
            }
            for (int i = 0; i < actions.size(); i++) {
                if (times.get(i)[0] >= 0 && cpu.rdtsc() >= times.get(i)[0]) {
                    times.get(i)[0] = -1;
                    actions.get(i).accept(xsd);
                }
            }
            if (xsd.service(cpu, storeVa)) {
                kernel.events(cpu).send(storeLocal);
            }
            cpu.compute(50_000);
            kernel.hypercalls(cpu).yield();
        }

        private void setUp(Kernel kernel, GuestCpu cpu) {
            StartOfDayLayout layout = StartOfDayLayout.plan(PAGES, true);
            long siMfn = mfnOf(host, 1, layout.startInfoPfn());
            long storeMfn = mfnOf(host, 1, layout.storePfn());
            long consoleMfn = mfnOf(host, 1, layout.consolePfn());
            int storePort = (int) EventChannelOp.allocUnbound(kernel.hypercalls(cpu), 1, 0);
            int consolePort = (int) EventChannelOp.allocUnbound(kernel.hypercalls(cpu), 1, 0);
            assertThat(storePort).isPositive();
            assertThat(consolePort).isPositive();
            long si = kernel.foreign(cpu).map(1, siMfn, true);
            cpu.write32(si + StartInfoDescriptor.STORE_EVTCHN_OFFSET, storePort);
            cpu.write32(si + StartInfoDescriptor.CONSOLE_DOMU_EVTCHN_OFFSET, consolePort);
            storeVa = kernel.foreign(cpu).map(1, storeMfn, true);
            consoleVa = kernel.foreign(cpu).map(1, consoleMfn, true);
            storeLocal = kernel.events(cpu).bindInterdomain(1, storePort, (c, p) -> {
                if (xsd.service(c, storeVa)) {
                    kernel.events(c).send(storeLocal);
                }
            });
            consoleLocal = kernel.events(cpu).bindInterdomain(1, consolePort, (c, p) -> readConsole(kernel, c));
            xsd.write("memory/target", Long.toString(PAGES * 4L));
            for (int k = 0; k < vcpus; k++) {
                xsd.write("cpu/" + k + "/availability", "online");
            }
            host.hv.lifecycle().unpauseByController(host.domain(1), host.hv.now());
        }

        private void readConsole(Kernel kernel, GuestCpu cpu) {
            SharedByteRing out = SharedByteRing.consoleOut();
            byte[] b = new byte[2048];
            int n;
            boolean any = false;
            while ((n = out.consume(cpu, consoleVa, b, 0, b.length)) > 0) {
                consoleLog.append(new String(b, 0, n, StandardCharsets.UTF_8));
                any = true;
            }
            if (any) {
                kernel.events(cpu).send(consoleLocal);
            }
        }

        @Override
        public long progress() {
            return 0;
        }
    }

    private static long mfnOf(GuestHost host, int domid, long pfn) {
        FrameTable ft = host.hv.machine().frames();
        for (long mfn = 0; mfn < host.hv.machine().nrFrames(); mfn++) {
            if (ft.owner(mfn) == domid && ft.m2p(mfn) == pfn) {
                return mfn;
            }
        }
        throw new AssertionError("d" + domid + " has no frame for pfn " + pfn);
    }

    private static Dom0 boot(int vcpus, GuestHost[] hostOut) {
        Dom0 dom0 = new Dom0();
        dom0.vcpus = vcpus;
        WorkloadCatalog catalog = WorkloadCatalog.standard()
                .with(WorkloadSpec.of("fake-dom0", "toolstack and daemons for a test", List.of(), a -> dom0));
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=fake-dom0", catalog);
        dom0.host = host;
        Domain d1 = host.domU(1, PAGES, vcpus, "workload=idle");
        host.hv.lifecycle().pauseByController(d1, host.hv.now());
        hostOut[0] = host;
        return dom0;
    }

    @Test
    void aDomUBootsOnItsConsoleRingWritesItsFeaturesAndRegistersLinuxsWatches() {
        GuestHost[] h = new GuestHost[1];
        Dom0 dom0 = boot(1, h);
        h[0].runUntil(20 * MS);
        PvKernel k = h[0].kernel(1);
        assertThat(k.isRunning()).isTrue();
        assertThat(k.hasXenstore()).isTrue();
        assertThat(dom0.consoleLog.toString())
                .contains("pvsim PV kernel: xen-3.0-x86_64, 2048 pages")
                .contains("xenbus: xenstore ring at pfn")
                .contains("running workload idle");
        assertThat(h[0].console())
                .as("the domU's lines go to its ring, not to Xen's console")
                .doesNotContain("running workload idle");
        assertThat(dom0.xsd.read("control/feature-poweroff")).isEqualTo("1");
        assertThat(dom0.xsd.read("control/feature-reboot")).isEqualTo("1");
        assertThat(dom0.xsd.requests)
                .contains(
                        "XS_WATCH tx=0 control/shutdown|shutdown",
                        "XS_WATCH tx=0 memory/target|memory-target",
                        "XS_WATCH tx=0 cpu|cpu-hotplug");
        h[0].assertAuditClean();
    }

    @Test
    void poweroffAndRebootRequestsAreAcknowledgedAndShutTheDomainDownWithTheirReason() {
        for (String cmd : List.of("poweroff", "reboot")) {
            GuestHost[] h = new GuestHost[1];
            Dom0 dom0 = boot(1, h);
            dom0.at(10 * MS, x -> x.write("control/shutdown", cmd));
            h[0].runUntil(30 * MS);
            Domain d1 = h[0].domain(1);
            assertThat(d1.isShutDown()).as(cmd).isTrue();
            assertThat(d1.shutdownCode())
                    .isEqualTo(
                            cmd.equals("poweroff")
                                    ? ShutdownReason.SHUTDOWN_poweroff.code
                                    : ShutdownReason.SHUTDOWN_reboot.code);
            assertThat(dom0.xsd.read("control/shutdown")).as("acknowledged").isEmpty();
            assertThat(dom0.consoleLog.toString())
                    .contains(cmd.equals("poweroff") ? "reboot: Power down" : "reboot: Restarting system");
        }
    }

    @Test
    void anUnknownShutdownCommandIsIgnoredAndNotAcknowledged() {
        GuestHost[] h = new GuestHost[1];
        Dom0 dom0 = boot(1, h);
        dom0.at(10 * MS, x -> x.write("control/shutdown", "explode"));
        h[0].runUntil(30 * MS);
        assertThat(h[0].domain(1).isShutDown()).isFalse();
        assertThat(dom0.xsd.read("control/shutdown")).isEqualTo("explode");
        assertThat(dom0.consoleLog.toString()).contains("Ignoring shutdown request: explode");
    }

    @Test
    void theBalloonFollowsMemoryTargetDownAndBackUp() {
        GuestHost[] h = new GuestHost[1];
        Dom0 dom0 = boot(1, h);
        long before = -1;
        dom0.at(10 * MS, x -> x.write("memory/target", Long.toString((PAGES - 700) * 4L)));
        h[0].runUntil(9 * MS);
        before = h[0].domain(1).totPages();
        h[0].runUntil(40 * MS);
        assertThat(h[0].domain(1).totPages()).as(dom0.consoleLog.toString()).isEqualTo(before - 700);
        assertThat(h[0].kernel(1).controlWatches().balloon().balloonedPages()).isEqualTo(700);
        dom0.at(45 * MS, x -> x.write("memory/target", Long.toString((PAGES - 100) * 4L)));
        h[0].runUntil(80 * MS);
        assertThat(h[0].domain(1).totPages()).isEqualTo(before - 100);
        assertThat(dom0.consoleLog.toString())
                .contains("xen:balloon: target " + (PAGES - 700) * 4 + " KiB")
                .contains("xen:balloon: reached " + (PAGES - 100) + " pages");
        h[0].assertAuditClean();
    }

    @Test
    void cpuAvailabilityTakesAVcpuDownAndBringsItBackButNeverVcpu0() {
        GuestHost[] h = new GuestHost[1];
        Dom0 dom0 = boot(2, h);
        dom0.at(10 * MS, x -> x.write("cpu/1/availability", "offline"));
        dom0.at(10 * MS, x -> x.write("cpu/0/availability", "offline"));
        h[0].runUntil(30 * MS);
        Domain d1 = h[0].domain(1);
        assertThat(d1.vcpu(1).isUp()).isFalse();
        assertThat(d1.vcpu(0).isUp()).isTrue();
        assertThat(h[0].kernel(1).onlineVcpus()).isEqualTo(1);
        dom0.at(35 * MS, x -> x.write("cpu/1/availability", "online"));
        h[0].runUntil(60 * MS);
        assertThat(d1.vcpu(1).isUp()).isTrue();
        assertThat(h[0].kernel(1).onlineVcpus()).isEqualTo(2);
        assertThat(dom0.consoleLog.toString())
                .contains("smpboot: CPU 1 is now offline")
                .contains("CPU0 is not hotpluggable")
                .contains("smpboot: Booting Node 0 Processor 1");
    }
}
