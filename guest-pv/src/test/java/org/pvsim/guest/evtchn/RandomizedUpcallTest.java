package org.pvsim.guest.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random raises, masks, unmasks, moves between vCPUs and upcalls on two vCPUs, against {@link FakeEventXen}, with a
 * model of what the guest owes: a port raised becomes owed; an upcall never handles a port that is masked or not
 * owed, and handles it once; at the end, with everything unmasked and delivered, nothing is owed.
 *
 * <p>On the 2-level ABI, moreover, an upcall handles every owed, unmasked port of its own vCPU and none of another's.
 * Not so on FIFO, as in Xen: an event already linked in one vCPU's queue stays there when its port moves to another
 * vCPU ({@code bind_vcpu}), and the first vCPU handles it.
 *
 * <p>Seeded: {@code -Dpvsim.seed=N} replays a failure, whose message gives the seed.
 */
class RandomizedUpcallTest {
    private static final int PORTS = 12;
    private static final int OPS = 20_000;

    @ParameterizedTest
    @EnumSource(EventAbi.class)
    void everyOwedUnmaskedPortIsHandledOnceByItsVcpuAndNoOtherIs(EventAbi abi) {
        long seed = Long.getLong("pvsim.seed", 20_261_122L);
        try {
            run(abi, new SplittableRandom(seed));
        } catch (AssertionError e) {
            throw new AssertionError(
                    "seed " + seed + " (-Dpvsim.seed=" + seed + "), " + abi + ": " + e.getMessage(), e);
        }
    }

    private static void run(EventAbi abi, SplittableRandom random) {
        FakeEventXen xen = new FakeEventXen(2);
        xen.skipTo(60); // so that the ports straddle two 2-level words
        GuestEvents events = new GuestEvents(xen.pages());
        events.bind(xen.vcpus[0], xen.hc[0]).start(FakeEventXen.SHARED_INFO_VA, abi);
        events.startVcpu(1);
        events.enable();
        events.bind(xen.vcpus[1], xen.hc[1]).enable();

        int[] ports = new int[PORTS];
        boolean[] owed = new boolean[128];
        boolean[] masked = new boolean[128];
        int[] handledOn = new int[128];
        for (int i = 0; i < PORTS; i++) {
            int vcpu = i % 2;
            ports[i] = events.bind(xen.vcpus[0], xen.hc[0]).allocUnbound(0, (cpu, port) -> {
                assertThat(owed[port]).as("port %d handled but not owed", port).isTrue();
                assertThat(masked[port])
                        .as("port %d handled while masked", port)
                        .isFalse();
                if (abi == EventAbi.TWO_LEVEL) {
                    assertThat(cpu.vcpuId()).as("vCPU handling port %d", port).isEqualTo(events.notifyVcpu(port));
                }
                owed[port] = false;
                handledOn[port]++;
            });
            if (vcpu == 1) {
                events.bind(xen.vcpus[0], xen.hc[0]).bindVcpu(ports[i], 1);
            }
        }
        for (int op = 0; op < OPS; op++) {
            int port = ports[random.nextInt(PORTS)];
            int v = random.nextInt(2);
            GuestEvents on = events.bind(xen.vcpus[v], xen.hc[v]);
            switch (random.nextInt(6)) {
                case 0, 1 -> {
                    xen.raise(port);
                    owed[port] = true;
                }
                case 2 -> {
                    on.mask(port);
                    masked[port] = true;
                }
                case 3 -> {
                    masked[port] = false;
                    on.unmask(port);
                }
                case 4 -> on.bindVcpu(port, random.nextInt(2));
                default -> {
                    xen.deliver(events, v);
                    if (abi == EventAbi.TWO_LEVEL) {
                        assertNothingOwedAndUnmaskedOn(v, ports, owed, masked, events);
                    }
                }
            }
        }
        for (int port : ports) {
            masked[port] = false;
            events.bind(xen.vcpus[0], xen.hc[0]).unmask(port);
        }
        while (xen.deliver(events, 0) | xen.deliver(events, 1)) {
            // until neither vCPU has an upcall due
        }
        for (int port : ports) {
            assertThat(owed[port]).as("port %d still owed at the end", port).isFalse();
            assertThat(handledOn[port]).as("port %d handled", port).isPositive();
        }
        assertThat(events.spurious()).isZero();
    }

    private static void assertNothingOwedAndUnmaskedOn(
            int v, int[] ports, boolean[] owed, boolean[] masked, GuestEvents events) {
        for (int port : ports) {
            if (events.notifyVcpu(port) == v && owed[port] && !masked[port]) {
                throw new AssertionError("port " + port + " owed, unmasked, on vCPU " + v + ", not handled");
            }
        }
    }
}
