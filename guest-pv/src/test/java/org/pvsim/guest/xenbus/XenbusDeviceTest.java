package org.pvsim.guest.xenbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.guest.xenstore.FakeXenstored;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenbusState;

/** The xenbus core (probe, otherend watch, switch_state) against a fake xenstored playing the toolstack and backend. */
class XenbusDeviceTest {
    private static final String BACKEND = "/local/domain/0/backend/vif/1/0";
    private final FakeGuestCpu cpu = new FakeGuestCpu(0, 4, (c, n, a1, a2, a3, a4, a5) -> 0);
    private final long page = FakeGuestCpu.BASE;
    private final FakeXenstored dom0 = new FakeXenstored();
    private final XenstoreClient xs = new XenstoreClient(page, 5, c -> 0, null).bind(cpu);

    private void settle() {
        for (int i = 0; i < 10_000; i++) {
            boolean moved = dom0.service(cpu, page);
            xs.handleEvent(cpu, 5);
            if (!moved && dom0.pendingOutput() == 0 && xs.queuedBytes() == 0 && xs.inFlight() == 0) {
                return;
            }
        }
        throw new AssertionError("never settled");
    }

    /** A netfront-like driver: publishes a ring reference and goes Initialised, Connected when the backend is. */
    private static final class Front implements XenbusDriver {
        final List<String> seen = new ArrayList<>();

        @Override
        public int probe(GuestCpu cpu, XenbusDevice dev) {
            seen.add("probe " + dev.otherend() + " d" + dev.otherendId());
            return 0;
        }

        @Override
        public void otherendChanged(GuestCpu cpu, XenbusDevice dev, XenbusState state) {
            seen.add("backend " + state);
            // netfront's network_connect happens in xenbus's work when the backend waits for us
            if (state == XenbusState.XenbusStateInitWait) {
                dev.switchState(cpu, XenbusState.XenbusStateInitialised, null);
            } else if (state == XenbusState.XenbusStateConnected) {
                dev.switchState(cpu, XenbusState.XenbusStateConnected, null);
            } else if (state == XenbusState.XenbusStateClosing) {
                dev.switchState(cpu, XenbusState.XenbusStateClosed, null);
            }
        }
    }

    private void toolstackAddsVif() {
        dom0.write(BACKEND + "/state", "1");
        dom0.write("device/vif/0/backend-id", "0");
        dom0.write("device/vif/0/backend", BACKEND);
        dom0.write("device/vif/0/state", "1");
    }

    @Test
    void theBusProbesANewDeviceAndTheStateMachineFollowsTheBackend() {
        XenbusFrontendBus bus = new XenbusFrontendBus(xs);
        Front front = new Front();
        bus.register("vif", () -> front);
        bus.start(cpu);
        settle();
        assertThat(bus.devices()).isEmpty();
        toolstackAddsVif();
        settle();
        XenbusDevice dev = bus.device("device/vif/0");
        assertThat(dev).isNotNull();
        assertThat(front.seen).containsExactly("probe " + BACKEND + " d0", "backend XenbusStateInitialising");

        dom0.write(BACKEND + "/state", "2");
        settle();
        assertThat(dom0.read("device/vif/0/state")).isEqualTo("3");
        assertThat(dev.state()).isEqualTo(XenbusState.XenbusStateInitialised);

        dom0.write(BACKEND + "/state", "4");
        settle();
        assertThat(dom0.read("device/vif/0/state")).isEqualTo("4");
        assertThat(dev.otherendState()).isEqualTo(XenbusState.XenbusStateConnected);

        dom0.write(BACKEND + "/state", "5");
        settle();
        assertThat(dom0.read("device/vif/0/state")).isEqualTo("6");
        assertThat(front.seen)
                .containsSubsequence(
                        "backend XenbusStateInitWait", "backend XenbusStateConnected", "backend XenbusStateClosing");
        assertThat(dom0.requests).anyMatch(r -> r.startsWith("XS_WATCH tx=0 " + BACKEND + "/state|otherend:"));
    }

    @Test
    void switchStateRunsInATransactionAndRetriesOnEagain() {
        toolstackAddsVif();
        XenbusDevice dev = new XenbusDevice(xs, "device/vif/0", "vif", new Front());
        dom0.failCommits = 2;
        dev.switchState(cpu, XenbusState.XenbusStateConnected, null);
        settle();
        assertThat(dom0.read("device/vif/0/state")).isEqualTo("4");
        assertThat(dev.state()).isEqualTo(XenbusState.XenbusStateConnected);
        assertThat(dom0.refusedCommits).isEqualTo(2);
        assertThat(dom0.requests.stream()
                        .filter(r -> r.startsWith("XS_TRANSACTION_START"))
                        .count())
                .isEqualTo(3);
        int before = dom0.requests.size();
        dev.switchState(cpu, XenbusState.XenbusStateConnected, null);
        settle();
        assertThat(dom0.requests).as("already in that state: nothing sent").hasSize(before);
    }

    @Test
    void missingBackendDetailsAreAFatalDeviceErrorAndAHostileStateReadsAsUnknown() {
        dom0.write("device/vbd/768/state", "1");
        dom0.write("device/vbd/768/backend-id", "zero");
        XenbusDevice dev = new XenbusDevice(xs, "device/vbd/768", "vbd", new Front());
        dev.probe(cpu);
        settle();
        assertThat(dom0.read("error/device/vbd/768/error"))
                .isEqualTo("EINVAL reading other end details from device/vbd/768");
        assertThat(dom0.read("device/vbd/768/state")).isEqualTo("5");

        toolstackAddsVif();
        dom0.write(BACKEND + "/state", "banana");
        Front front = new Front();
        XenbusDevice vif = new XenbusDevice(xs, "device/vif/0", "vif", front);
        vif.probe(cpu);
        settle();
        assertThat(vif.otherendState()).isEqualTo(XenbusState.XenbusStateUnknown);
        assertThat(front.seen).contains("backend XenbusStateUnknown");
    }
}
