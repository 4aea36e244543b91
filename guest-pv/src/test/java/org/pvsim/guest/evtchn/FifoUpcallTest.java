package org.pvsim.guest.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.hypervisor.abi.Errno;

/**
 * The kernel's upcall on the FIFO ABI, against {@link FakeEventXen} playing {@code evtchn_fifo_set_pending} and
 * {@code evtchn_fifo_unmask}: control blocks and event-array pages registered as needed, queues consumed in priority
 * order and in order within a queue, LINKED and PENDING cleared, masked ports held back until unmasked.
 */
class FifoUpcallTest extends TwoVcpuEventsTest {
    private static final int PENDING = 1 << EvtchnFifo.EVTCHN_FIFO_PENDING;
    private static final int MASKED = 1 << EvtchnFifo.EVTCHN_FIFO_MASKED;
    private static final int LINKED = 1 << EvtchnFifo.EVTCHN_FIFO_LINKED;

    @Override
    EventAbi abi() {
        return EventAbi.FIFO;
    }

    @Test
    void bootRegistersAControlBlockPerVcpuAndOneArrayPageWithEveryOtherPortMasked() {
        assertThat(events.abi()).isEqualTo(EventAbi.FIFO);
        assertThat(events.fifoRefused()).isZero();
        assertThat(xen.isFifo()).isTrue();
        assertThat(xen.ops)
                .containsExactly(
                        "EVTCHNOP_init_control",
                        "EVTCHNOP_bind_virq",
                        "EVTCHNOP_expand_array",
                        "EVTCHNOP_init_control",
                        "EVTCHNOP_bind_virq");
        assertThat(xen.controlBlockVa(0)).isNotZero().isNotEqualTo(xen.controlBlockVa(1));
        assertThat(xen.ready(0)).isZero();
        assertThat(xen.arrayPages()).isEqualTo(1);
        assertThat(xen.word(1)).as("vCPU 0's timer port, unmasked").isZero();
        assertThat(xen.word(2)).as("vCPU 1's timer port, unmasked").isZero();
        assertThat(xen.word(3)).isEqualTo(MASKED);
        assertThat(xen.word(1023)).isEqualTo(MASKED);
        assertThat(xen.kernelPagesUsed()).isEqualTo(3);
    }

    @Test
    void queuesAreConsumedInPriorityOrderAndEachWordIsUnlinkedAndAcknowledged() {
        int p = on(0).bindIpi(0, record);
        int q = on(0).bindIpi(0, record);
        int r = on(0).bindIpi(0, record);
        assertThat(on(0).setPriority(q, 3)).isZero();
        assertThat(on(0).setPriority(r, 10)).isZero();
        xen.raise(p);
        xen.raise(r);
        xen.raise(q);
        assertThat(xen.ready(0)).isEqualTo((1 << 3) | (1 << 7) | (1 << 10));

        assertThat(xen.deliver(events, 0)).isTrue();

        assertThat(handled).containsExactly("0:" + q, "0:" + p, "0:" + r);
        for (int port : new int[] {p, q, r}) {
            assertThat(xen.word(port) & (PENDING | LINKED | EvtchnFifo.EVTCHN_FIFO_LINK_MASK))
                    .isZero();
        }
        assertThat(xen.ready(0)).isZero();
        assertThat(xen.upcallPending(0)).isFalse();
        assertThat(xen.upcallMasked(0)).isFalse();
    }

    @Test
    void withinAQueueEventsComeInTheOrderTheyWereRaised() {
        int a = on(0).bindIpi(0, record);
        int b = on(0).bindIpi(0, record);
        int c = on(0).bindIpi(0, record);
        xen.raise(c);
        xen.raise(a);
        xen.raise(b);
        assertThat(xen.word(c) & EvtchnFifo.EVTCHN_FIFO_LINK_MASK)
                .as("c links to a")
                .isEqualTo(a);
        xen.deliver(events, 0);
        assertThat(handled).containsExactly("0:" + c, "0:" + a, "0:" + b);
    }

    @Test
    void aMaskedPortStaysPendingAndUnlinkedUntilUnmaskAsksXenToLinkIt() {
        int p = on(0).bindIpi(0, record);
        on(0).mask(p);
        xen.raise(p);
        assertThat(xen.word(p)).isEqualTo(PENDING | MASKED);
        assertThat(xen.upcallPending(0)).isFalse();

        on(0).unmask(p);

        assertThat(xen.ops).last().isEqualTo("EVTCHNOP_unmask");
        assertThat(xen.word(p) & (LINKED | MASKED)).isEqualTo(LINKED);
        assertThat(xen.deliver(events, 0)).isTrue();
        assertThat(handled).containsExactly("0:" + p);
    }

    @Test
    void unmaskingAPortThatIsNotPendingNeedsNoHypercall() {
        int p = on(0).bindIpi(0, record);
        on(0).mask(p);
        int calls = xen.ops.size();
        on(0).unmask(p);
        assertThat(xen.ops).hasSize(calls);
        assertThat(xen.word(p)).isZero();
    }

    @Test
    void aHigherPriorityEventRaisedByAHandlerIsHandledNext() {
        int urgent = on(0).bindIpi(0, record);
        on(0).setPriority(urgent, 2);
        int later = on(0).bindIpi(0, record);
        int first = on(0).bindIpi(0, (cpu, port) -> {
            handled.add("first");
            events.send(urgent);
        });
        xen.raise(first);
        xen.raise(later);

        xen.deliver(events, 0);

        assertThat(handled).containsExactly("first", "0:" + urgent, "0:" + later);
        assertThat(events.upcalls()).isEqualTo(1);
    }

    @Test
    void aQueueEmptiedAndFilledAgainIsReadFromTheControlBlockHead() {
        int a = on(0).bindIpi(0, record);
        int b = on(0).bindIpi(0, record);
        for (int i = 0; i < 50; i++) {
            xen.raise(i % 2 == 0 ? a : b);
            xen.raise(i % 2 == 0 ? b : a);
            assertThat(xen.deliver(events, 0)).isTrue();
        }
        assertThat(handled).hasSize(100);
        for (int i = 0; i < 50; i++) {
            assertThat(handled.get(2 * i)).isEqualTo("0:" + (i % 2 == 0 ? a : b));
            assertThat(handled.get(2 * i + 1)).isEqualTo("0:" + (i % 2 == 0 ? b : a));
        }
    }

    @Test
    void eachVcpuConsumesItsOwnQueues() {
        int mine = on(0).bindIpi(0, record);
        int theirs = on(0).bindIpi(1, record);
        xen.raise(theirs);
        xen.raise(mine);
        assertThat(xen.deliver(events, 0)).isTrue();
        assertThat(handled).containsExactly("0:" + mine);
        assertThat(xen.deliver(events, 1)).isTrue();
        assertThat(handled).containsExactly("0:" + mine, "1:" + theirs);
    }

    @Test
    void aPortBeyondTheArrayGrowsItByAPage() {
        xen.skipTo(1500);
        int p = on(0).bindIpi(0, record);
        assertThat(p).isEqualTo(1500);
        assertThat(xen.arrayPages()).isEqualTo(2);
        assertThat(xen.word(1499)).isEqualTo(MASKED);
        xen.raise(p);
        xen.deliver(events, 0);
        assertThat(handled).containsExactly("0:1500");
    }

    @Test
    void whenXenRefusesInitControlTheKernelStaysOnTwoLevelAndGivesThePageBack() {
        FakeEventXen x = new FakeEventXen(1);
        x.refuseInitControl = Errno.EINVAL.neg();
        GuestEvents ev = new GuestEvents(x.pages());
        assertThat(ev.bind(x.vcpus[0], x.hc[0]).start(FakeEventXen.SHARED_INFO_VA, EventAbi.FIFO))
                .isZero();
        assertThat(ev.abi()).isEqualTo(EventAbi.TWO_LEVEL);
        assertThat(ev.fifoRefused()).isEqualTo(Errno.EINVAL.neg());
        assertThat(x.kernelPagesUsed()).isZero();
        ev.enable();
        int p = ev.bindIpi(0, record);
        x.raise(p);
        assertThat(x.pending2l(p)).isTrue();
        assertThat(x.deliver(ev, 0)).isTrue();
        assertThat(handled).containsExactly("0:" + p);
    }

    @Test
    void anUpcallAllocatesNothing() {
        int[] count = new int[1];
        int a = on(0).bindIpi(0, (cpu, port) -> count[0]++);
        int b = on(0).bindIpi(0, (cpu, port) -> count[0]++);
        on(0).setPriority(b, 1);
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
