package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.ring.PcpuKickRings;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.evtchn.testing.Rc;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.HypercallHandler;
import org.pvsim.hypervisor.spi.testing.FakeGuest;
import org.pvsim.hypervisor.spi.testing.FakeHost;
import org.pvsim.hypervisor.spi.testing.FlatFrameMemory;

/**
 * The ring only carries kicks: with a tiny ring that nobody drains, every notification still reaches the guest's
 * pending bits and {@code evtchn_upcall_pending}, every pCPU is still interrupted, and only the drop counter grows.
 */
class KickRingOverflowTest {
    @Test
    void aTinyRingOverflowsButEveryEventReachesTheGuest() {
        EvtchnTestBed bed = new EvtchnTestBed(2, 2);
        bed.domain(1, 2);
        bed.domain(2, 1);
        bed.host.domains.get(1).runningOn[0] = 1;
        int offer = bed.allocUnbound(1, Rc.SELF, 2);
        int lp = bed.bindInterdomain(2, 1, offer);
        PcpuKickRings kicks = bed.evtchn.kicks();
        int n = 200;
        for (int i = 0; i < n; i++) {
            // the guest handled the previous event: cleared upcall_pending, the selector and the port
            bed.guestAck(1, 0);
            bed.guestClearPending(1, offer);
            assertThat(bed.send(2, lp)).isZero();
            assertThat(bed.pending(1, offer)).as("event %d pending", i).isTrue();
            assertThat(bed.upcallPending(1, 0)).as("event %d upcall", i).isTrue();
            assertThat(bed.pendingSel(1, 0)).isEqualTo(1L);
        }
        assertThat(kicks.kicksPublished(1)).isEqualTo(2);
        assertThat(kicks.kicksDropped(1)).isEqualTo(n - 2);
        assertThat(kicks.kicksDropped()).isPositive();
        assertThat(bed.host.vcpus.count("interrupt"))
                .as("the IPI happens even when the kick is dropped")
                .isEqualTo(n);
        assertThat(bed.host.vcpus.calls.stream().filter(c -> c.what().equals("unblock") && c.domid() == 1))
                .hasSize(n);
        assertThat(bed.audit()).isEmpty();
        assertThat(bed.host.kicks.drain(1)).isEqualTo(2);
        assertThat(kicks.kicksConsumed(1)).isEqualTo(2);
        bed.guestAck(1, 0);
        bed.guestClearPending(1, offer);
        assertThat(bed.send(2, lp)).isZero();
        assertThat(kicks.kicksPublished(1)).as("published again once drained").isEqualTo(3);
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void kicksToSeveralVcpusOnSeveralPcpusAreAllDelivered() {
        EvtchnTestBed bed = new EvtchnTestBed(4, 2);
        bed.domain(1, 4);
        int[] ipi = new int[4];
        for (int v = 0; v < 4; v++) {
            bed.host.domains.get(1).runningOn[v] = v;
            ipi[v] = bed.bindIpi(1, v);
        }
        for (int round = 0; round < 10; round++) {
            for (int v = 0; v < 4; v++) {
                bed.guestAck(1, v);
                bed.guestClearPending(1, ipi[v]);
                assertThat(bed.send(1, ipi[v])).isZero();
                assertThat(bed.upcallPending(1, v)).isTrue();
            }
            if (round % 3 == 0) {
                for (int p = 0; p < 4; p++) {
                    bed.host.kicks.drain(p);
                }
            }
        }
        PcpuKickRings k = bed.evtchn.kicks();
        assertThat(k.kicksPublished() + k.kicksDropped()).isEqualTo(40);
        assertThat(k.kicksDropped()).isPositive();
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void sendingUnmaskingPollingAndKickingAllocateNothing() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FakeHost host = new FakeHost(2);
        host.frames = new FlatFrameMemory(0x1000, 8);
        EventChannels ec = new EventChannels(4);
        ec.install(host);
        for (int domid = 1; domid <= 2; domid++) {
            host.domains.add(domid, 1);
            host.hooks.get(0).domainCreated(domid, 0);
        }
        host.domains.get(1).runningOn[0] = 1;
        FakeGuest g1 = new FakeGuest(64);
        g1.domid = 1;
        FakeGuest g2 = new FakeGuest(64);
        g2.domid = 2;
        HypercallHandler op = host.hypercalls[Hypercall.event_channel_op.number];
        LittleEndian.putU16(g1.memory, 0, Rc.SELF);
        LittleEndian.putU16(g1.memory, 2, 2);
        assertThat(op.invoke(g1, EvtchnOp.EVTCHNOP_alloc_unbound.code, FakeGuest.BASE, 0, 0, 0))
                .isZero();
        int offer = LittleEndian.getI32(g1.memory, 4);
        LittleEndian.putU16(g2.memory, 0, 1);
        LittleEndian.putI32(g2.memory, 4, offer);
        assertThat(op.invoke(g2, EvtchnOp.EVTCHNOP_bind_interdomain.code, FakeGuest.BASE, 0, 0, 0))
                .isZero();
        LittleEndian.putI32(g2.memory, 0, LittleEndian.getI32(g2.memory, 8)); // send's port at offset 0
        LittleEndian.putI32(g1.memory, 0, offer); // unmask's port
        long si = host.domains.get(1).sharedInfoMfn;
        host.journal.keep = false;
        host.vcpus.keep = false;
        Runnable round = () -> {
            host.frames.write8(si, 0, 0); // the guest takes the upcall and handles the port
            host.frames.write64(si, 8, 0);
            host.frames.write64(si, 2048, 0);
            op.invoke(g2, EvtchnOp.EVTCHNOP_send.code, FakeGuest.BASE, 0, 0, 0);
            op.invoke(g1, EvtchnOp.EVTCHNOP_unmask.code, FakeGuest.BASE, 0, 0, 0);
            host.portPoll.poll(1, offer);
            host.virqSink.raise(1, 0, 0, 0);
            host.kicks.drain(1);
        };
        for (int i = 0; i < 20_000; i++) {
            round.run(); // warm up
        }
        long tid = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 100_000; i++) {
            round.run();
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        System.out.printf(
                "event channels: %d bytes allocated over 100000 send/unmask/poll/VIRQ/drain rounds%n", allocated);
        assertThat(allocated).as("bytes allocated over 100000 rounds").isLessThan(10_000);
        assertThat(ec.kicks().kicksPublished()).isGreaterThanOrEqualTo(100_000);
        assertThat(host.journal.total).isGreaterThan(300_000);
    }
}
