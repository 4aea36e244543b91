package org.pvsim.guest.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Virq;

/**
 * The kernel's upcall on the 2-level ABI, against {@link FakeEventXen} playing Xen's {@code evtchn_2l_set_pending}
 * and {@code evtchn_2l_unmask}: the right handlers run, pending bits and the selector are cleared, events come back
 * on, masks hold events back, and the scan is Linux's.
 */
class TwoLevelUpcallTest extends TwoVcpuEventsTest {
    @Override
    EventAbi abi() {
        return EventAbi.TWO_LEVEL;
    }

    @Test
    void bootMasksEveryPortAndBindsVirqTimerOnEachVcpuUnmasked() {
        assertThat(events.abi()).isEqualTo(EventAbi.TWO_LEVEL);
        assertThat(events.isAvailable()).isTrue();
        // vCPU 1's timer port notifies vCPU 1: vCPU 0 unmasks it through Xen
        assertThat(xen.ops).containsExactly("EVTCHNOP_bind_virq", "EVTCHNOP_bind_virq", "EVTCHNOP_unmask");
        assertThat(events.timerPort(0)).isEqualTo(1);
        assertThat(events.timerPort(1)).isEqualTo(2);
        assertThat(xen.masked2l(1)).isFalse();
        assertThat(xen.masked2l(2)).isFalse();
        assertThat(xen.masked2l(3)).isTrue();
        assertThat(xen.masked2l(4095)).isTrue();
        assertThat(xen.upcallMasked(0)).isFalse();
        assertThat(xen.upcallMasked(1)).isFalse();
    }

    @Test
    void eachPendingPortGoesToItsHandlerWithItsPendingBitClearedAndEventsComeBackOn() {
        int a = on(0).bindIpi(0, record);
        int b = on(0).bindIpi(0, record);
        int c = on(0).bindIpi(0, (cpu, port) -> {
            // the upcall clears the pending bit before the handler runs, and runs with events masked
            assertThat(xen.pending2l(port)).isFalse();
            assertThat(xen.upcallMasked(0)).isTrue();
            handled.add("c");
        });
        xen.raise(c);
        xen.raise(a);
        assertThat(xen.upcallPending(0)).isTrue();

        assertThat(xen.deliver(events, 0)).isTrue();

        assertThat(handled).containsExactly("0:" + a, "c");
        assertThat(xen.pending2l(a)).isFalse();
        assertThat(xen.pending2l(b)).isFalse();
        assertThat(xen.pending2l(c)).isFalse();
        assertThat(xen.pendingSel(0)).isZero();
        assertThat(xen.upcallPending(0)).isFalse();
        assertThat(xen.upcallMasked(0)).isFalse();
        assertThat(events.upcalls()).isEqualTo(1);
        assertThat(events.dispatched()).isEqualTo(2);
        assertThat(xen.deliver(events, 0)).as("nothing left").isFalse();
    }

    @Test
    void aMaskedPortRaisesNoUpcallUntilTheGuestUnmasksItWithoutAHypercall() {
        int p = on(0).bindIpi(0, record);
        on(0).mask(p);
        assertThat(xen.masked2l(p)).isTrue();
        xen.raise(p);
        assertThat(xen.pending2l(p)).isTrue();
        assertThat(xen.upcallPending(0)).isFalse();
        assertThat(xen.deliver(events, 0)).isFalse();

        int calls = xen.ops.size();
        on(0).unmask(p);

        assertThat(xen.ops).hasSize(calls);
        assertThat(xen.masked2l(p)).isFalse();
        assertThat(xen.pendingSel(0) & (1L << (p >>> 6))).isNotZero();
        assertThat(xen.upcallPending(0)).isTrue();
        assertThat(xen.deliver(events, 0)).isTrue();
        assertThat(handled).containsExactly("0:" + p);
    }

    @Test
    void unmaskingAPortOfAnotherVcpuAsksXenWhichRaisesTheUpcallThere() {
        int p = on(0).bindIpi(1, record);
        on(0).mask(p);
        xen.raise(p);
        assertThat(xen.upcallPending(1)).isFalse();

        on(0).unmask(p);

        assertThat(xen.ops).last().isEqualTo("EVTCHNOP_unmask");
        assertThat(xen.upcallPending(0)).isFalse();
        assertThat(xen.deliver(events, 1)).isTrue();
        assertThat(handled).containsExactly("1:" + p);
    }

    @Test
    void anEdgeRaisedWhileMaskedAndClearedByTheGuestIsLost() {
        int p = on(0).bindIpi(0, record);
        on(0).mask(p);
        xen.raise(p);
        on(0).clearPending(p);
        on(0).unmask(p);
        assertThat(xen.upcallPending(0)).isFalse();
        assertThat(xen.deliver(events, 0)).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void eachVcpuHandlesOnlyThePortsBoundToIt() {
        int mine = on(0).bindIpi(0, record);
        int theirs = on(0).bindIpi(1, record);
        assertThat(mine >>> 6).isEqualTo(theirs >>> 6);
        xen.raise(theirs);
        xen.raise(mine);

        assertThat(xen.deliver(events, 0)).isTrue();
        assertThat(handled).containsExactly("0:" + mine);
        assertThat(xen.pending2l(theirs)).isTrue();

        assertThat(xen.deliver(events, 1)).isTrue();
        assertThat(handled).containsExactly("0:" + mine, "1:" + theirs);
    }

    @Test
    void anEventRaisedWhileAHandlerRunsIsHandledInTheSameUpcall() {
        int second = on(0).bindIpi(0, record);
        int first = on(0).bindIpi(0, (cpu, port) -> {
            handled.add("first");
            assertThat(events.send(second)).isZero();
        });
        xen.raise(first);

        assertThat(xen.deliver(events, 0)).isTrue();

        assertThat(handled).containsExactly("first", "0:" + second);
        assertThat(events.upcalls()).isEqualTo(1);
        assertThat(xen.upcallPending(0)).isFalse();
    }

    @Test
    void theVcpusTimerPortIsHandledFirst() {
        FakeEventXen x = new FakeEventXen(1);
        GuestEvents ev = new GuestEvents(x.pages());
        x.skipTo(70);
        ev.bind(x.vcpus[0], x.hc[0]).start(FakeEventXen.SHARED_INFO_VA, EventAbi.TWO_LEVEL);
        ev.enable();
        int timer = ev.bindVirq(Virq.VIRQ_TIMER, 0, record);
        assertThat(timer).as("the port bound at boot, with a new handler").isEqualTo(70);
        assertThat(ev.close(5)).isZero();
        int low = ev.bindIpi(0, record);
        assertThat(low).isEqualTo(5);
        x.raise(low);
        x.raise(timer);

        assertThat(x.deliver(ev, 0)).isTrue();

        assertThat(handled).containsExactly("0:70", "0:5");
    }

    @Test
    void theScanResumesAfterThePortItLastHandledSoALowPortCannotStarveTheOthers() {
        FakeEventXen x = new FakeEventXen(1);
        GuestEvents ev = new GuestEvents(x.pages());
        ev.bind(x.vcpus[0], x.hc[0]).start(FakeEventXen.SHARED_INFO_VA, EventAbi.TWO_LEVEL);
        ev.enable();
        int low = ev.bindIpi(0, record);
        x.skipTo(66);
        int high = ev.bindIpi(0, record);
        assertThat(low).isEqualTo(2);
        assertThat(high).isEqualTo(66);

        x.raise(low);
        x.deliver(ev, 0);
        x.raise(low);
        x.raise(high);
        x.deliver(ev, 0);

        // Linux's evtchn_2l_handle_events: the second scan starts after port 2, finds 66, then wraps to 2
        assertThat(handled).containsExactly("0:2", "0:66", "0:2");
    }

    @Test
    void aPortWithoutAHandlerIsAcknowledgedAndCountedAsSpurious() {
        int p = on(0).bindIpi(0, record);
        on(0).setHandler(p, null);
        xen.raise(p);
        xen.deliver(events, 0);
        assertThat(events.spurious()).isEqualTo(1);
        assertThat(xen.pending2l(p)).isFalse();
        assertThat(handled).isEmpty();
    }

    @Test
    void anUpcallCostsItsEntryAndACostPerPort() {
        int a = on(0).bindIpi(0, record);
        int b = on(0).bindIpi(0, record);
        xen.raise(a);
        xen.raise(b);
        long before = xen.vcpus[0].tsc();
        xen.deliver(events, 0);
        assertThat(xen.vcpus[0].tsc() - before).isEqualTo(GuestEvents.UPCALL_NS + 2 * GuestEvents.PORT_NS);
    }

    @Test
    void bindVcpuMovesAPortAndAnEventPendingOnItFollows() {
        int p = on(0).allocUnbound(0, record);
        on(0).mask(p);
        xen.raise(p);
        on(0).unmask(p);
        assertThat(xen.upcallPending(0)).isTrue();
        xen.deliver(events, 0);
        handled.clear();

        assertThat(on(0).bindVcpu(p, 1)).isZero();
        assertThat(events.notifyVcpu(p)).isEqualTo(1);
        xen.raise(p);

        assertThat(xen.deliver(events, 0)).isFalse();
        assertThat(xen.deliver(events, 1)).isTrue();
        assertThat(handled).containsExactly("1:" + p);
    }

    @Test
    void closeMasksThePortAndForgetsItsHandler() {
        int p = on(0).bindIpi(0, record);
        assertThat(on(0).close(p)).isZero();
        assertThat(xen.masked2l(p)).isTrue();
        assertThat(events.handler(p)).isNull();
        assertThat(on(0).close(p)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void portsTheAbiCannotNameGetXensAnswerFromHypercallsAndAnOopsFromBitOperations() {
        for (int port : new int[] {0, -1, 4096, 1 << 17, Integer.MAX_VALUE}) {
            assertThat(on(0).close(port)).as("close %d", port).isEqualTo(Errno.EINVAL.neg());
            assertThat(on(0).send(port)).as("send %d", port).isEqualTo(Errno.EINVAL.neg());
            assertThat(on(0).bindVcpu(port, 1)).as("bind_vcpu %d", port).isEqualTo(Errno.EINVAL.neg());
            assertThatThrownBy(() -> on(0).mask(port)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> on(0).unmask(port)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void bindingAVirqBoundAlreadyGivesItsPortANewHandlerWithoutAskingXen() {
        int calls = xen.ops.size();
        int port = on(0).bindVirq(Virq.VIRQ_TIMER, 1, record);
        assertThat(port).isEqualTo(events.timerPort(1));
        assertThat(xen.ops).hasSize(calls);
        xen.raise(port);
        xen.deliver(events, 1);
        assertThat(handled).containsExactly("1:" + port);
        assertThat(events.timerTicks()).isZero();
    }

    @Test
    void withoutEventChannelsTheLayerSaysSoAndStaysOut() {
        FakeEventXen x = new FakeEventXen(2);
        x.noEventChannels = true;
        GuestEvents ev = new GuestEvents(x.pages());
        assertThat(ev.bind(x.vcpus[0], x.hc[0]).start(FakeEventXen.SHARED_INFO_VA, EventAbi.FIFO))
                .isEqualTo(Errno.ENOSYS.neg());
        assertThat(ev.isAvailable()).isFalse();
        assertThat(ev.abi()).isEqualTo(EventAbi.TWO_LEVEL);
        assertThat(ev.fifoRefused()).isEqualTo(Errno.ENOSYS.neg());
        assertThat(x.kernelPagesUsed())
                .as("the refused control block page is given back")
                .isZero();
        int calls = x.ops.size();
        assertThat(ev.startVcpu(1)).isZero();
        assertThat(x.ops).hasSize(calls);
        assertThat(ev.send(1)).isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void anUpcallAllocatesNothing() {
        int[] count = new int[1];
        int a = on(0).bindIpi(0, (cpu, port) -> count[0]++);
        int b = on(0).bindIpi(0, (cpu, port) -> count[0]++);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 20_000; i++) {
            xen.raise(a);
            xen.raise(b);
            xen.deliver(events, 0);
        }
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            xen.raise(a);
            xen.raise(b);
            xen.deliver(events, 0);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(count[0]).isEqualTo(60_000);
        assertThat(allocated).as("bytes allocated by 10000 upcalls").isLessThan(1024);
    }
}
