package org.pvsim.guest.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * The {@code io/ring.h} protocol between a {@link FrontRing} and a {@link BackRing} on one shared page: sizes,
 * wrap-around of the free-running indices, notification suppression, the final check, and hostile indices.
 */
class SharedRingTest {
    private static final RingLayout BLKIF = new RingLayout("blkif", 112, 16);
    private static final RingLayout SMALL = new RingLayout("test", 8, 8);

    private final FakeGuestCpu cpu = new FakeGuestCpu(0, 4, (c, n, a1, a2, a3, a4, a5) -> 0);
    private final long page = FakeGuestCpu.BASE;

    @Test
    void ringSizesRoundDownToAPowerOfTwo() {
        assertEquals(32, BLKIF.size()); // (4096 - 64) / 112 = 36 -> 32
        assertEquals(256, new RingLayout("netif_tx", 12, 4).size()); // 336 -> 256
        assertEquals(256, new RingLayout("netif_rx", 8, 8).size()); // 504 -> 256
        assertEquals(256, SMALL.size());
        assertEquals(112, BLKIF.slotSize());
        assertEquals(page + 64 + 112, BLKIF.slotVa(page, 33)); // masked
        assertThrows(IllegalArgumentException.class, () -> SharedRingDescriptor.ringSize(4096));
    }

    @Test
    void initWritesXensFreshRing() {
        cpu.write32(page, 77);
        FrontRing front = new FrontRing(BLKIF);
        front.init(cpu, page);
        assertEquals(0, cpu.read32(page + SharedRingDescriptor.REQ_PROD_OFFSET));
        assertEquals(1, cpu.read32(page + SharedRingDescriptor.REQ_EVENT_OFFSET));
        assertEquals(0, cpu.read32(page + SharedRingDescriptor.RSP_PROD_OFFSET));
        assertEquals(1, cpu.read32(page + SharedRingDescriptor.RSP_EVENT_OFFSET));
        assertEquals(32, front.freeRequests());
    }

    @Test
    void requestsAndResponsesCrossTheRingAndTheIndicesWrapAt2To32() {
        FrontRing front = new FrontRing(SMALL);
        BackRing back = new BackRing(SMALL);
        front.init(cpu, page);
        back.attach(page);
        // Start both ends just below 2^32 so that the free-running indices wrap during the test.
        int start = -5;
        rebase(front, back, start);
        byte[] copy = new byte[8];
        for (int i = 0; i < 20; i++) {
            cpu.write64(front.requestVa(), 1000 + i);
            front.produceRequest();
            front.pushRequestsAndCheckNotify(cpu);
            assertEquals(1, back.unconsumedRequests(cpu));
            back.copyRequest(cpu, copy);
            cpu.write64(back.responseVa(), 2000 + i);
            back.produceResponse();
            back.pushResponsesAndCheckNotify(cpu);
            assertEquals(1, front.unconsumedResponses(cpu));
            assertEquals(2000 + i, cpu.read64(front.responseVa()));
            front.consumeResponse();
        }
        assertEquals(start + 20, front.reqProdPvt());
        assertEquals(start + 20, back.rspProdPvt());
        assertTrue(Integer.compareUnsigned(front.reqProdPvt(), 20) < 0, "the index wrapped");
    }

    /** Moves both ends and the shared indices to index {@code to}, as on a ring that has carried 2^32 + to requests. */
    private void rebase(FrontRing front, BackRing back, int to) {
        cpu.write32(page + SharedRingDescriptor.REQ_PROD_OFFSET, to);
        cpu.write32(page + SharedRingDescriptor.RSP_PROD_OFFSET, to);
        cpu.write32(page + SharedRingDescriptor.REQ_EVENT_OFFSET, to + 1);
        cpu.write32(page + SharedRingDescriptor.RSP_EVENT_OFFSET, to + 1);
        setIndices(front, back, to);
    }

    private static void setIndices(FrontRing front, BackRing back, int to) {
        try {
            for (String name : new String[] {"reqProdPvt", "rspCons"}) {
                var field = FrontRing.class.getDeclaredField(name);
                field.setAccessible(true);
                field.setInt(front, to);
            }
            for (String name : new String[] {"reqCons", "rspProdPvt", "reqProdSeen"}) {
                var field = BackRing.class.getDeclaredField(name);
                field.setAccessible(true);
                field.setInt(back, to);
            }
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theFrontNotifiesOnlyWhenReqEventFallsInThePushedRange() {
        FrontRing front = new FrontRing(SMALL);
        BackRing back = new BackRing(SMALL);
        front.init(cpu, page);
        back.attach(page);
        front.produceRequest();
        assertTrue(front.pushRequestsAndCheckNotify(cpu), "req_event 1 is in (0, 1]");
        front.produceRequest();
        assertFalse(front.pushRequestsAndCheckNotify(cpu), "the back end has not asked again: suppressed");
        byte[] copy = new byte[8];
        assertEquals(2, back.unconsumedRequests(cpu));
        back.copyRequest(cpu, copy);
        back.copyRequest(cpu, copy);
        assertFalse(back.finalCheckForRequests(cpu), "nothing more: the back end goes idle");
        assertEquals(3, cpu.read32(page + SharedRingDescriptor.REQ_EVENT_OFFSET), "req_event = req_cons + 1");
        front.produceRequest();
        front.produceRequest();
        assertTrue(front.pushRequestsAndCheckNotify(cpu), "req_event 3 is in (2, 4]");
    }

    @Test
    void theBackNotifiesOnlyWhenRspEventFallsInThePushedRange() {
        FrontRing front = new FrontRing(SMALL);
        BackRing back = new BackRing(SMALL);
        front.init(cpu, page);
        back.attach(page);
        byte[] copy = new byte[8];
        for (int i = 0; i < 3; i++) {
            front.produceRequest();
        }
        front.pushRequestsAndCheckNotify(cpu);
        back.unconsumedRequests(cpu);
        back.copyRequest(cpu, copy);
        back.copyRequest(cpu, copy);
        back.copyRequest(cpu, copy);
        back.produceResponse();
        assertTrue(back.pushResponsesAndCheckNotify(cpu), "rsp_event 1 is in (0, 1]");
        back.produceResponse();
        assertFalse(back.pushResponsesAndCheckNotify(cpu), "suppressed until the front asks again");
        assertEquals(2, front.unconsumedResponses(cpu));
        front.consumeResponse();
        front.consumeResponse();
        assertFalse(front.finalCheckForResponses(cpu));
        back.produceResponse();
        assertTrue(back.pushResponsesAndCheckNotify(cpu), "rsp_event 3 is in (2, 3]");
    }

    @Test
    void theFinalCheckSeesARequestPublishedBeforeTheEventIndexWasSet() {
        FrontRing front = new FrontRing(SMALL);
        BackRing back = new BackRing(SMALL);
        front.init(cpu, page);
        back.attach(page);
        front.produceRequest();
        assertTrue(front.pushRequestsAndCheckNotify(cpu));
        back.unconsumedRequests(cpu);
        back.copyRequest(cpu, new byte[8]);
        // The front publishes another request while the back still has req_event 1: no notification is sent...
        front.produceRequest();
        assertFalse(front.pushRequestsAndCheckNotify(cpu));
        // ...so the back end must find it in its final check instead of going idle and losing the wake-up.
        assertTrue(back.finalCheckForRequests(cpu));
        assertEquals(1, back.unconsumedRequests(cpu));
    }

    @Test
    void theFrontNeverHasMoreThanRingSizeOutstanding() {
        FrontRing front = new FrontRing(BLKIF);
        front.init(cpu, page);
        for (int i = 0; i < 32; i++) {
            front.produceRequest();
        }
        assertTrue(front.isFull());
        assertThrows(IllegalStateException.class, front::produceRequest);
    }

    @Test
    void absurdIndicesFromThePeerAreReportedAsCorrupt() {
        FrontRing front = new FrontRing(BLKIF);
        BackRing back = new BackRing(BLKIF);
        front.init(cpu, page);
        back.attach(page);
        cpu.write32(page + SharedRingDescriptor.REQ_PROD_OFFSET, 33); // more than the ring holds
        assertEquals(BackRing.CORRUPT, back.unconsumedRequests(cpu));
        assertTrue(back.finalCheckForRequests(cpu), "corrupt means look again (and disconnect)");
        cpu.write32(page + SharedRingDescriptor.REQ_PROD_OFFSET, -1); // backwards
        assertEquals(BackRing.CORRUPT, back.unconsumedRequests(cpu));
        cpu.write32(page + SharedRingDescriptor.REQ_PROD_OFFSET, 32); // exactly full: fine
        assertEquals(32, back.unconsumedRequests(cpu));

        cpu.write32(page + SharedRingDescriptor.RSP_PROD_OFFSET, 1); // a response to no request
        assertEquals(FrontRing.CORRUPT, front.unconsumedResponses(cpu));
        front.produceRequest();
        assertEquals(1, front.unconsumedResponses(cpu));
    }

    @Test
    void aRequestIsCopiedOnceAndLaterRewritesOfItsSlotDoNotReachTheCopy() {
        FrontRing front = new FrontRing(BLKIF);
        BackRing back = new BackRing(BLKIF);
        front.init(cpu, page);
        back.attach(page);
        cpu.write64(front.requestVa(), 0x1122334455667788L);
        front.produceRequest();
        front.pushRequestsAndCheckNotify(cpu);
        byte[] copy = new byte[112];
        back.unconsumedRequests(cpu);
        back.copyRequest(cpu, copy);
        byte[] before = copy.clone();
        cpu.write64(BLKIF.slotVa(page, 0), -1); // the front rewrites the slot afterwards
        assertArrayEquals(before, copy);
        assertThrows(IllegalStateException.class, () -> back.copyRequest(cpu, copy), "no request beyond req_prod");
    }

    @Test
    void randomProducerConsumerInterleavingsLoseAndDuplicateNothing() {
        long seed = Long.getLong("pvsim.seed", 0x5eed_0007L);
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int round = 0; round < 50; round++) {
            FrontRing front = new FrontRing(SMALL);
            BackRing back = new BackRing(SMALL);
            front.init(cpu, page);
            back.attach(page);
            ArrayDeque<Long> inFlight = new ArrayDeque<>();
            long next = 0;
            long answered = 0;
            byte[] copy = new byte[8];
            boolean backIdle = true;
            int notifications = 0;
            for (int step = 0; step < 2000; step++) {
                switch (rnd.nextInt(3)) {
                    case 0 -> {
                        int n = rnd.nextInt(1, 8);
                        for (int i = 0; i < n && !front.isFull(); i++) {
                            cpu.write64(front.requestVa(), next);
                            inFlight.add(next++);
                            front.produceRequest();
                        }
                        if (front.pushRequestsAndCheckNotify(cpu)) {
                            notifications++;
                            backIdle = false;
                        }
                    }
                    case 1 -> {
                        if (backIdle) {
                            break; // only a notification wakes the back end
                        }
                        int n = back.unconsumedRequests(cpu);
                        assertTrue(n >= 0, "seed " + seed);
                        for (int i = 0; i < n; i++) {
                            back.copyRequest(cpu, copy);
                            cpu.write64(back.responseVa(), org.pvsim.hypervisor.abi.LittleEndian.getI64(copy, 0));
                            back.produceResponse();
                        }
                        back.pushResponsesAndCheckNotify(cpu);
                        backIdle = !back.finalCheckForRequests(cpu);
                    }
                    default -> {
                        int n = front.unconsumedResponses(cpu);
                        assertTrue(n >= 0, "seed " + seed);
                        for (int i = 0; i < n; i++) {
                            assertEquals(inFlight.poll(), cpu.read64(front.responseVa()), "seed " + seed);
                            front.consumeResponse();
                            answered++;
                        }
                    }
                }
            }
            // A back end that went idle must have been woken (notified) for everything published since.
            assertFalse(
                    backIdle && back.unconsumedRequests(cpu) > 0,
                    "lost wake-up: requests waiting and the back end idle, seed " + seed);
            assertTrue(notifications > 0, "seed " + seed);
            assertTrue(answered <= next, "seed " + seed);
        }
    }
}
