package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pvsim.evtchn.fifo.FifoPortOps.L;
import static org.pvsim.evtchn.fifo.FifoPortOps.M;
import static org.pvsim.evtchn.fifo.FifoPortOps.P;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.hypervisor.abi.Errno;

/** {@code evtchn_port_ops_fifo} ({@code common/event_fifo.c}) as a guest consuming its queues sees it. */
class FifoPortOpsTest {
    private static final int LINK_MASK = EvtchnFifo.EVTCHN_FIFO_LINK_MASK;

    /** Two vCPUs with control blocks and one page of event words (ports 1..1023), 1088 ports in the table. */
    private static FifoFixture fifo() {
        return new FifoFixture(2, 1088).initAll().expand(1);
    }

    @Test
    void higherPriorityQueuesAreDeliveredFirstAndEachQueueInOrder() {
        FifoFixture f = fifo();
        f.bind(10, 0, 15);
        f.bind(11, 0, 7);
        f.bind(12, 0, 0);
        f.bind(13, 0, 7);
        f.bind(14, 0, 3);
        f.bind(15, 0, 0);
        for (int port = 10; port <= 15; port++) {
            f.send(port);
        }
        assertEquals(1 << 15 | 1 << 7 | 1 << 3 | 1, f.guest.ready(0));
        assertEquals(List.of(12, 15, 14, 11, 13, 10), f.guest.handleEvents(0));
        assertEquals(1, f.services.upcallsRaised[0]);
        assertEquals(0, f.guest.ready(0));
        for (int port = 10; port <= 15; port++) {
            assertFalse(f.d.ops().isPending(f.d, port));
            assertFalse(f.d.ops().isBusy(f.d, port));
        }
    }

    @Test
    void aHigherPriorityEventArrivingMidQueueOvertakesTheRest() {
        FifoFixture f = fifo();
        f.bind(20, 0, 9);
        f.bind(21, 0, 9);
        f.bind(22, 0, 1);
        f.send(20);
        f.send(21);
        assertEquals(20, f.guest.consumeOne(0));
        f.send(22);
        assertEquals(22, f.guest.consumeOne(0));
        assertEquals(21, f.guest.consumeOne(0));
        assertEquals(-1, f.guest.consumeOne(0));
    }

    @Test
    void thePortIsLinkedBehindTheTailAndOnlyAnEmptyQueueGetsANewHead() {
        FifoFixture f = fifo();
        f.bind(21, 0, 7);
        f.bind(22, 0, 7);
        f.send(21);
        assertEquals(21, f.guest.head(0, 7));
        assertEquals(1 << 7, f.guest.ready(0));
        f.send(22);
        assertEquals(21, f.guest.head(0, 7), "a non-empty queue keeps its head");
        assertEquals(P | L | 22, f.guest.word(21));
        assertEquals(P | L, f.guest.word(22));
        assertEquals(22, f.state().tail(0, 7));
        assertEquals(List.of(21, 22), f.guest.handleEvents(0));
    }

    @Test
    void theSamePortSetPendingTwiceIsLinkedOnce() {
        FifoFixture f = fifo();
        f.bind(20, 0, 7);
        f.send(20);
        f.send(20);
        assertEquals(P | L, f.guest.word(20), "no link to itself");
        assertEquals(2, f.services.pendingSets);
        assertEquals(1, f.services.newlyPendingSets);
        assertEquals(1, f.services.pollerChecks);
        assertEquals(List.of(20), f.guest.handleEvents(0));
        assertEquals(List.of(), f.guest.handleEvents(0));
    }

    @Test
    void theJournalSeesThePendingChangeBeforeTheUpcall() {
        FifoFixture f = fifo();
        f.bind(20, 1, 7);
        f.send(20);
        assertEquals(List.of("set 20 v1 new", "mark v1", "poll 20"), f.services.log);
    }

    @Test
    void aMaskedPortIsLinkedOnlyWhenUnmasked() {
        FifoFixture f = fifo();
        f.bind(30, 0, 7);
        f.guest.mask(30);
        f.send(30);
        assertEquals(P | M, f.guest.word(30));
        assertTrue(f.d.ops().isPending(f.d, 30));
        assertTrue(f.d.ops().isMasked(f.d, 30));
        assertEquals(0, f.guest.ready(0));
        assertFalse(f.services.upcallPending[0]);

        f.guest.unmask(f.d, 30, ++f.now);
        assertEquals(P | L, f.guest.word(30));
        assertEquals(30, f.guest.head(0, 7));
        assertTrue(f.services.upcallPending[0]);
        assertEquals(List.of(30), f.guest.handleEvents(0));
    }

    @Test
    void unmaskOfAPortThatIsNotPendingOnlyClearsTheMask() {
        FifoFixture f = fifo();
        f.bind(31, 0, 7);
        f.guest.mask(31);
        f.d.ops().unmask(f.d, 31, ++f.now);
        assertEquals(0, f.guest.word(31));
        assertEquals(0, f.guest.ready(0));
        assertEquals(0, f.services.pendingSets);
    }

    @Test
    void aPortMaskedWhileLinkedIsSkippedByTheGuestAndRelinkedOnUnmask() {
        FifoFixture f = fifo();
        f.bind(32, 0, 7);
        f.send(32);
        f.guest.mask(32);
        assertEquals(List.of(), f.guest.handleEvents(0));
        assertEquals(P | M, f.guest.word(32));
        f.guest.unmask(f.d, 32, ++f.now);
        assertEquals(List.of(32), f.guest.handleEvents(0));
    }

    @Test
    void aLinkedPortIsBusyUntilTheGuestConsumesIt() {
        FifoFixture f = fifo();
        f.bind(40, 0, 7);
        assertFalse(f.d.ops().isBusy(f.d, 40));
        f.send(40);
        assertTrue(f.d.ops().isBusy(f.d, 40));
        f.d.ops().clearPending(f.d, 40, ++f.now);
        assertTrue(f.d.ops().isBusy(f.d, 40), "clear_pending leaves the port linked");
        assertEquals(L, f.guest.word(40));
        assertEquals(1, f.services.pendingClears);
        assertEquals(0, f.guest.consumeOne(0), "the guest unlinks a port that is no longer pending");
        assertFalse(f.d.ops().isBusy(f.d, 40));
    }

    @Test
    void anEventAfterTheGuestConsumedTheTailStartsANewQueueAndANewUpcall() {
        FifoFixture f = fifo();
        f.bind(40, 0, 7);
        f.bind(41, 0, 7);
        f.send(40);
        assertEquals(List.of(40), f.guest.handleEvents(0));
        f.send(41);
        assertEquals(P | L, f.guest.word(41));
        assertEquals(0, f.guest.word(40), "the consumed tail is not linked to the new port");
        assertEquals(41, f.guest.head(0, 7));
        assertEquals(1 << 7, f.guest.ready(0));
        assertEquals(2, f.services.upcallsRaised[0]);
        assertEquals(List.of(41), f.guest.handleEvents(0));
    }

    @Test
    void anEventWhileTheGuestIsInsideTheQueueIsAppendedWithoutANewHead() {
        FifoFixture f = fifo();
        for (int port = 50; port <= 52; port++) {
            f.bind(port, 0, 7);
        }
        f.send(50);
        f.send(51);
        assertEquals(50, f.guest.consumeOne(0));
        f.send(52);
        assertEquals(50, f.guest.head(0, 7));
        assertEquals(0, f.guest.ready(0), "the queue was not empty: no new ready bit");
        assertEquals(51, f.guest.consumeOne(0));
        assertEquals(52, f.guest.consumeOne(0));
        assertEquals(-1, f.guest.consumeOne(0));
    }

    @Test
    void eventsGoToTheNotifyVcpusQueues() {
        FifoFixture f = fifo();
        f.bind(60, 1, 7);
        f.send(60);
        assertFalse(f.services.upcallPending[0]);
        assertTrue(f.services.upcallPending[1]);
        assertEquals(List.of(), f.guest.handleEvents(0));
        assertEquals(List.of(60), f.guest.handleEvents(1));
    }

    @Test
    void aPortThatMovedQueueLeavesItsOldQueueConsistent() {
        FifoFixture f = fifo();
        f.bind(70, 0, 7);
        f.bind(71, 0, 7);
        f.send(70);
        assertEquals(List.of(70), f.guest.handleEvents(0));
        // 70 was queue 7's tail; it moves to queue 3, so Xen forgets it as queue 7's tail
        assertEquals(0, f.d.ops().setPriority(f.d, 70, 3));
        f.send(70);
        assertEquals(0, f.state().tail(0, 7));
        assertEquals(70, f.state().tail(0, 3));
        assertEquals(0, f.state().lastVcpu(70));
        assertEquals(3, f.state().lastPriority(70));
        f.send(71);
        assertEquals(P | L, f.guest.word(70), "71 is not linked behind 70 in queue 3");
        assertEquals(71, f.guest.head(0, 7));
        assertEquals(List.of(70, 71), f.guest.handleEvents(0));
    }

    @Test
    void aPortMovedToAnotherVcpuWhileLinkedIsDeliveredWhereItWasLinked() {
        FifoFixture f = fifo();
        f.bind(72, 0, 7);
        f.send(72);
        f.d.setNotifyVcpu(72, 1);
        f.send(72);
        assertEquals(List.of(), f.guest.handleEvents(1));
        assertEquals(List.of(72), f.guest.handleEvents(0));
        f.send(72);
        assertEquals(List.of(72), f.guest.handleEvents(1));
        assertEquals(1, f.state().lastVcpu(72));
    }

    @Test
    void setPriorityAboveFifteenIsRejected() {
        FifoFixture f = fifo();
        f.bind(80, 0, 4);
        for (int bad : new int[] {16, 255, -1, Integer.MIN_VALUE}) {
            assertEquals(Errno.EINVAL.neg(), f.d.ops().setPriority(f.d, 80, bad), "priority " + bad);
        }
        assertEquals(4, f.d.priority(80));
        assertEquals(0, f.d.ops().setPriority(f.d, 80, 0));
        assertEquals(0, f.d.ops().setPriority(f.d, 80, 15));
        assertEquals(15, f.d.priority(80));
    }

    @Test
    void setPriorityOfALinkedPortAppliesToItsNextLink() {
        FifoFixture f = fifo();
        f.bind(81, 0, 7);
        f.send(81);
        assertEquals(0, f.d.ops().setPriority(f.d, 81, 2));
        assertEquals(81, f.guest.head(0, 7));
        assertEquals(List.of(81), f.guest.handleEvents(0));
        f.send(81);
        assertEquals(81, f.guest.head(0, 2));
        assertEquals(1 << 2, f.guest.ready(0));
    }

    @Test
    void aPortWithoutAnEventWordIsMaskedNotPendingAndItsEventWaitsForItsPage() {
        FifoFixture f = fifo();
        f.bind(1050, 1, 7);
        f.send(1050);
        f.send(1050);
        assertFalse(f.d.ops().isPending(f.d, 1050));
        assertTrue(f.d.ops().isMasked(f.d, 1050));
        assertFalse(f.d.ops().isBusy(f.d, 1050));
        assertTrue(f.state().savedPending(1050));
        assertEquals(2, f.services.pendingSets);
        assertEquals(0, f.services.newlyPendingSets);
        assertEquals(0, f.services.pollerChecks);
        f.d.ops().unmask(f.d, 1050, ++f.now);
        f.d.ops().clearPending(f.d, 1050, ++f.now);
        assertEquals(0, f.services.pendingClears, "nothing to clear without a word");
        assertFalse(f.services.upcallPending[1]);

        f.expand(1);
        assertTrue(f.d.ops().isPending(f.d, 1050));
        assertTrue(f.services.upcallPending[1]);
        assertEquals(1, f.services.pollerChecks);
        assertEquals(List.of(1050), f.guest.handleEvents(1));
    }

    @Test
    void anEventForAVcpuWithoutAControlBlockIsDropped() {
        FifoFixture f = new FifoFixture(2, 64);
        long cb = f.frame();
        assertEquals(0, f.abi.initControl(f.d, cb, 0, 0));
        f.guest.controlBlock(0, cb, 0);
        f.expand(1);
        f.bind(9, 1, 7);
        f.send(9);
        assertFalse(f.d.ops().isPending(f.d, 9));
        assertEquals(0, f.guest.word(9));
        assertFalse(f.services.upcallPending[1]);
        assertEquals(0, f.services.pollerChecks);
    }

    @Test
    void theLinkFieldHoldsSeventeenBitsOfPort() {
        FifoFixture f =
                new FifoFixture(1, EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS).initAll().expand(128);
        int last = EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS - 1;
        f.bind(1, 0, 7);
        f.bind(last, 0, 7);
        f.send(1);
        f.send(last);
        assertEquals(last, f.guest.word(1) & LINK_MASK);
        assertEquals(List.of(1, last), f.guest.handleEvents(0));
    }
}
