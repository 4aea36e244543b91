package org.pvsim.guest.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the upcall tests of both ABIs start from: a {@link FakeEventXen} with two vCPUs, the kernel's event layer
 * started on the ABI the subclass names with events enabled on both vCPUs, and a handler that records {@code
 * "vcpu:port"} for each event it handles.
 */
abstract class TwoVcpuEventsTest {
    final FakeEventXen xen = new FakeEventXen(2);
    final GuestEvents events = new GuestEvents(xen.pages());
    final List<String> handled = new ArrayList<>();
    final EventHandler record = (cpu, port) -> handled.add(cpu.vcpuId() + ":" + port);

    /** The ABI the kernel asks for at boot. */
    abstract EventAbi abi();

    @BeforeEach
    void boot() {
        assertThat(events.bind(xen.vcpus[0], xen.hc[0]).start(FakeEventXen.SHARED_INFO_VA, abi()))
                .isZero();
        assertThat(events.startVcpu(1)).isZero();
        events.enable();
        events.bind(xen.vcpus[1], xen.hc[1]).enable();
    }

    /** The event layer as seen from vCPU {@code vcpu}. */
    GuestEvents on(int vcpu) {
        return events.bind(xen.vcpus[vcpu], xen.hc[vcpu]);
    }
}
