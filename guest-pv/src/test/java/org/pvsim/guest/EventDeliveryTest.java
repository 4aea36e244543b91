package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.guest.evtchn.EventAbi;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.evtchn.PortStatus;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.domain.Domain;

/**
 * The kernel with the real hypervisor and event channels: its boot sets events up, upcalls reach handlers on the
 * right vCPU, an upcall at an address the kernel did not register is a panic, and every workload still runs.
 */
class EventDeliveryTest {
    private static final long MS = GuestHost.MS;

    private static int upcallMask(GuestHost host, int domid, int vcpu) {
        Domain d = host.domain(domid);
        return host.hv
                .machine()
                .memory()
                .read8(
                        d.sharedInfoMfn(),
                        SharedInfoDescriptor.vcpuInfoOffset(vcpu) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2l", "fifo"})
    void everyWorkloadRunsToItsEndWithEventsDelivered(String abi) {
        String evtchn = " evtchn=" + abi;
        GuestHost host = GuestHost.bootWithEvents(4, "credit2", "workload=idle" + evtchn);
        host.domU(1, 512, 2, "workload=cpu burst=1ms iterations=50" + evtchn);
        host.domU(2, 512, 2, "workload=interactive burst=100us sleep=2ms iterations=20" + evtchn);
        host.domU(3, 512, 1, "workload=pagetable processes=20" + evtchn);
        host.domU(4, 512, 1, "workload=memory cycles=2 step=8 max=32" + evtchn);
        host.domU(5, 512, 2, "workload=timer period=1ms count=50" + evtchn);
        host.auditEveryHypercall();
        host.runUntil(100 * MS);

        for (int d = 0; d <= 5; d++) {
            assertThat(host.kernel(d).eventLayer().abi().word)
                    .as("d%d's ABI", d)
                    .isEqualTo(abi);
        }
        for (int d = 1; d <= 4; d++) {
            assertThat(host.domain(d).shutdownCode())
                    .as("d%d powered off when done", d)
                    .isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        }
        assertThat(host.kernel(5).workload().progress()).isEqualTo(50);
        // the CPU hog's 10 ms periodic tick and the sleepers' single-shot timers came as VIRQ_TIMER upcalls
        assertThat(host.kernel(1).eventLayer().timerTicks()).isPositive();
        assertThat(host.kernel(2).eventLayer().timerTicks()).isGreaterThanOrEqualTo(18);
        assertThat(host.kernel(5).eventLayer().upcalls()).isGreaterThanOrEqualTo(50);
        assertThat(host.execution().upcalls()).isPositive();
        // dom0, idle with no timer, was never woken
        assertThat(host.kernel(0).eventLayer().upcalls()).isZero();
        host.assertAuditClean();
    }

    @Test
    void bootBindsVirqTimerOnEachVcpuAndEnablesEvents() {
        List<PortStatus> seen = new ArrayList<>();
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            GuestEvents events = kernel.events(cpu);
            for (int v = 0; v < 2; v++) {
                seen.add(events.status(DomId.DOMID_SELF, events.bindVirq(Virq.VIRQ_TIMER, v, null)));
            }
        });
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=idle", catalog);
        host.domU(1, 512, 2, "workload=script");
        host.runUntil(5 * MS);

        assertThat(seen)
                .containsExactly(
                        new PortStatus(0, EvtchnStat.EVTCHNSTAT_virq, 0, 0, 0, Virq.VIRQ_TIMER.code),
                        new PortStatus(0, EvtchnStat.EVTCHNSTAT_virq, 1, 0, 0, Virq.VIRQ_TIMER.code));
        assertThat(host.console())
                .contains("(d1) events: 2-level ABI, shared_info at pfn ")
                .contains(", callback at 0xffff880000000100");
        assertThat(host.hv.vcpu(1, 0).eventCallbackEip).isEqualTo(0xFFFF_8800_0000_0100L);
        assertThat(host.hv.vcpu(1, 1).eventCallbackEip)
                .as("in the context VCPUOP_initialise loaded")
                .isEqualTo(0xFFFF_8800_0000_0100L);
        assertThat(upcallMask(host, 1, 0)).isZero();
        assertThat(upcallMask(host, 1, 1)).isZero();
        assertThat(host.kernel(1).eventLayer().abi()).isEqualTo(EventAbi.TWO_LEVEL);
        host.assertAuditClean();
    }

    @Test
    void withFifoEachVcpuHasAControlBlockAndItsTimerWakesIt() {
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=idle");
        host.domU(1, 512, 2, "workload=timer period=1ms count=20 evtchn=fifo");
        host.auditEveryHypercall();
        host.runUntil(30 * MS);
        assertThat(host.console()).contains("(d1) events: FIFO ABI, shared_info at pfn ");
        assertThat(host.kernel(1).eventLayer().abi()).isEqualTo(EventAbi.FIFO);
        assertThat(host.kernel(1).workload().progress()).isEqualTo(20);
        assertThat(upcallMask(host, 1, 1)).isZero();
        host.assertAuditClean();
    }

    @Test
    void anIpiRunsItsHandlerOnTheVcpuItIsBoundTo() {
        List<Integer> ranOn = new ArrayList<>();
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            GuestEvents events = kernel.events(cpu);
            int port = events.bindIpi(1, (c, p) -> ranOn.add(c.vcpuId()));
            assertThat(port).isPositive();
            assertThat(events.send(port)).isZero();
        });
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=idle", catalog);
        host.domU(1, 512, 2, "workload=script");
        host.runUntil(5 * MS);
        assertThat(ranOn).containsExactly(1);
        host.assertAuditClean();
    }

    @Test
    void anUpcallAtAnAddressWithoutAHandlerIsAKernelPanic() {
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            kernel.hypercalls(cpu).callbackRegister(CallbackType.CALLBACKTYPE_event, 0, cpu.bootRip() + 0x200);
            GuestEvents events = kernel.events(cpu);
            events.send(events.bindIpi(0, (c, p) -> {}));
        });
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=idle", catalog);
        host.domU(1, 512, 1, "workload=script");
        host.runUntil(5 * MS);
        assertThat(host.console())
                .contains("(d1) kernel panic: event upcall at 0xffff880000000200, where the kernel has no handler"
                        + " (xen_hypervisor_callback is at 0xffff880000000100)");
        assertThat(host.domain(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }

    @Test
    void anUnknownAbiOnTheCommandLineIsAPanicNamingTheChoices() {
        GuestHost host = GuestHost.bootWithEvents(2, "credit2", "workload=idle");
        host.domU(1, 512, 1, "workload=idle evtchn=lifo");
        host.runUntil(5 * MS);
        assertThat(host.console()).contains("(d1) kernel panic: bad evtchn=\"lifo\": write evtchn=2l or evtchn=fifo");
        assertThat(host.console()).doesNotContain("ignoring command-line words");
        assertThat(host.domain(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }

    @Test
    void withoutEventChannelsTheKernelSaysSoAndRunsAsBefore() {
        GuestHost host = GuestHost.boot("workload=idle");
        host.domU(1, 512, 2, "workload=interactive burst=100us sleep=1ms iterations=10");
        host.runUntil(50 * MS);
        assertThat(host.console())
                .contains("(d1) events: the hypervisor has no event channels (event_channel_op: -ENOSYS); timers"
                        + " wake vCPUs without them");
        assertThat(host.kernel(1).eventLayer().isAvailable()).isFalse();
        assertThat(host.domain(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(host.execution().upcalls()).isZero();
        host.assertAuditClean();
    }
}
