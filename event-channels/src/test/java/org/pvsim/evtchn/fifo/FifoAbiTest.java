package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.hypervisor.abi.Errno;

/** {@code EVTCHNOP_init_control}, {@code EVTCHNOP_expand_array} and teardown, against {@code common/event_fifo.c}. */
class FifoAbiTest {
    private static final int EINVAL = Errno.EINVAL.neg();
    private static final int ENOENT = Errno.ENOENT.neg();

    private static void assertOnTwoLevelHoldingNothing(FifoFixture f) {
        assertSame(f.twoLevel, f.d.ops());
        assertNull(f.d.abiState());
        assertEquals(0, f.mem.totalReferences());
    }

    @Test
    void initControlSwitchesTheDomainToFifoAndHoldsTheControlBlock() {
        FifoFixture f = new FifoFixture(2, 64);
        long cb = f.frame();
        assertEquals(0, f.abi.initControl(f.d, cb, 64, 1));
        assertSame(f.abi.ops(), f.d.ops());
        assertTrue(f.state().hasControlBlock(1));
        assertFalse(f.state().hasControlBlock(0));
        assertEquals(cb, f.state().controlBlockMfn(1));
        assertEquals(64, f.state().controlBlockOffset(1));
        assertEquals(1, f.mem.references(cb));
        assertEquals(0, FifoAbi.eventWords(f.d));
        assertEquals(EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS, f.d.ops().maxPorts(f.d));
    }

    @Test
    void initControlAcceptsTheLastOffsetWhereTheControlBlockFitsInThePage() {
        FifoFixture f = new FifoFixture(1, 64);
        assertEquals(4096 - 72, FifoAbi.MAX_CONTROL_BLOCK_OFFSET);
        assertEquals(0, f.abi.initControl(f.d, f.frame(), 4024, 0));
    }

    @Test
    void initControlRejectsAnOffsetThatIsNotEightByteAligned() {
        FifoFixture f = new FifoFixture(1, 64);
        for (int offset : new int[] {1, 4, 7, 12, 4020}) {
            assertEquals(EINVAL, f.abi.initControl(f.d, f.frame(), offset, 0), "offset " + offset);
        }
        assertOnTwoLevelHoldingNothing(f);
    }

    @Test
    void initControlRejectsAControlBlockCrossingThePage() {
        FifoFixture f = new FifoFixture(1, 64);
        // 4032 is aligned but the block would end past the page; negative offsets are huge unsigned ones
        for (int offset : new int[] {4032, 4096, 8192, -8, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertEquals(EINVAL, f.abi.initControl(f.d, f.frame(), offset, 0), "offset " + offset);
        }
        assertOnTwoLevelHoldingNothing(f);
    }

    @Test
    void initControlRejectsAVcpuThatDoesNotExistBeforeLookingAtTheOffset() {
        FifoFixture f = new FifoFixture(2, 64);
        for (int vcpu : new int[] {2, 3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
            assertEquals(ENOENT, f.abi.initControl(f.d, f.frame(), 0, vcpu), "vcpu " + vcpu);
            assertEquals(ENOENT, f.abi.initControl(f.d, f.frame(), 5, vcpu), "vcpu " + vcpu + ", bad offset");
        }
        assertOnTwoLevelHoldingNothing(f);
    }

    @Test
    void initControlRejectsAFrameThatCannotBeMappedWritable() {
        FifoFixture f = new FifoFixture(1, 64);
        for (long gfn : new long[] {99_999, FifoFixture.FOREIGN_FRAME, -1, Long.MIN_VALUE}) {
            assertEquals(EINVAL, f.abi.initControl(f.d, gfn, 0, 0), "gfn " + gfn);
        }
        assertOnTwoLevelHoldingNothing(f);
    }

    @Test
    void failedFirstInitControlLeavesTheDomainOnTwoLevelAndALaterOneStillWorks() {
        FifoFixture f = new FifoFixture(2, 128);
        f.twoLevel.pending[5] = true;
        assertEquals(EINVAL, f.abi.initControl(f.d, 99_999, 0, 0));
        assertOnTwoLevelHoldingNothing(f);
        assertEquals(Errno.EOPNOTSUPP.neg(), f.abi.expandArray(f.d, f.frame(), f.now));
        f.abi.teardown(f.d);
        assertOnTwoLevelHoldingNothing(f);

        long cb = f.frame();
        assertEquals(0, f.abi.initControl(f.d, cb, 0, 0));
        assertSame(f.abi.ops(), f.d.ops());
        assertEquals(1, f.mem.totalReferences());
    }

    @Test
    void initControlTwiceOnOneVcpuIsRejectedAndTakesNoSecondReference() {
        FifoFixture f = new FifoFixture(2, 64);
        long first = f.frame();
        long second = f.frame();
        assertEquals(0, f.abi.initControl(f.d, first, 0, 0));
        assertEquals(EINVAL, f.abi.initControl(f.d, second, 0, 0));
        assertEquals(EINVAL, f.abi.initControl(f.d, 99_999, 0, 0));
        assertEquals(1, f.mem.references(first));
        assertEquals(0, f.mem.references(second));
        assertEquals(first, f.state().controlBlockMfn(0));
        // the other vCPU may share the frame at another offset
        assertEquals(0, f.abi.initControl(f.d, first, 2048, 1));
        assertEquals(2, f.mem.references(first));
    }

    @Test
    void failedInitControlOnALaterVcpuKeepsTheDomainOnFifo() {
        FifoFixture f = new FifoFixture(2, 64);
        assertEquals(0, f.abi.initControl(f.d, f.frame(), 0, 0));
        assertEquals(EINVAL, f.abi.initControl(f.d, 99_999, 0, 1));
        assertSame(f.abi.ops(), f.d.ops());
        assertFalse(f.state().hasControlBlock(1));
        assertEquals(1, f.mem.totalReferences());
    }

    @Test
    void expandArrayBeforeInitControlIsNotSupported() {
        FifoFixture f = new FifoFixture(1, 64);
        long page = f.frame();
        assertEquals(Errno.EOPNOTSUPP.neg(), f.abi.expandArray(f.d, page, f.now));
        assertOnTwoLevelHoldingNothing(f);
    }

    @Test
    void expandArrayRejectsAFrameThatCannotBeMappedWritable() {
        FifoFixture f = new FifoFixture(1, 64).initAll();
        for (long gfn : new long[] {99_999, FifoFixture.FOREIGN_FRAME, -1}) {
            assertEquals(EINVAL, f.abi.expandArray(f.d, gfn, f.now), "gfn " + gfn);
        }
        assertEquals(0, FifoAbi.eventWords(f.d));
        assertEquals(1, f.mem.totalReferences());
    }

    @Test
    void expandArrayAddsOnePageOfWordsAtATimeUntilEnospcAt128Pages() {
        FifoFixture f = new FifoFixture(1, 64).initAll();
        for (int i = 1; i <= EvtchnFifo.MAX_EVENT_ARRAY_PAGES; i++) {
            assertEquals(0, f.abi.expandArray(f.d, f.frame(), f.now));
            assertEquals(1024 * i, FifoAbi.eventWords(f.d));
        }
        assertEquals(EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS, FifoAbi.eventWords(f.d));
        long extra = f.frame();
        assertEquals(Errno.ENOSPC.neg(), f.abi.expandArray(f.d, extra, f.now));
        // ENOSPC is found before the frame is looked at, even a bad one
        assertEquals(Errno.ENOSPC.neg(), f.abi.expandArray(f.d, 99_999, f.now));
        assertEquals(0, f.mem.references(extra));
        assertEquals(1 + 128, f.mem.totalReferences());
        assertEquals(128, f.state().eventArrayPages());
    }

    @Test
    void frameReferencesReportsEveryPageHeldOnce() {
        FifoFixture f = new FifoFixture(3, 64).initAll().expand(4);
        List<Long> reported = new ArrayList<>();
        f.abi.frameReferences(f.d, (mfn, holder) -> {
            assertTrue(holder.contains("d" + FifoFixture.DOMID), holder);
            reported.add(mfn);
        });
        assertEquals(7, reported.size());
        assertEquals(f.mem.totalReferences(), reported.size());
        for (long mfn : reported) {
            assertEquals(1, f.mem.references(mfn));
        }
    }

    @Test
    void teardownReleasesEveryReferenceAndReturnsTheDomainToTwoLevel() {
        FifoFixture f = new FifoFixture(2, 64).initAll().expand(3);
        assertEquals(5, f.mem.totalReferences());
        f.abi.teardown(f.d);
        assertOnTwoLevelHoldingNothing(f);
        List<Long> reported = new ArrayList<>();
        f.abi.frameReferences(f.d, (mfn, holder) -> reported.add(mfn));
        assertTrue(reported.isEmpty());
        // a second teardown (domain death after reset) has nothing left to release
        f.abi.teardown(f.d);
        assertOnTwoLevelHoldingNothing(f);
        // and the domain may come back to FIFO
        assertEquals(0, f.abi.initControl(f.d, f.frame(), 0, 0));
        assertSame(f.abi.ops(), f.d.ops());
    }

    @Test
    void portsPendingUnderTwoLevelAreRaisedWhenTheirArrayPageArrives() {
        FifoFixture f = new FifoFixture(2, 1088);
        f.bind(5, 1, 7);
        f.bind(1030, 0, 7);
        f.bind(6, 0, 7);
        f.d.setPriority(5, 2);
        f.twoLevel.pending[5] = true;
        f.twoLevel.pending[1030] = true;
        f.initAll();
        // setup_ports: every bound port back to the default priority, nothing visible before the array exists
        assertEquals(EvtchnFifo.EVTCHN_FIFO_PRIORITY_DEFAULT, f.d.priority(5));
        assertTrue(f.state().savedPending(5));
        assertFalse(f.state().savedPending(6));
        assertFalse(f.d.ops().isPending(f.d, 5));
        assertTrue(f.d.ops().isMasked(f.d, 5));
        assertFalse(f.services.upcallPending[1]);

        f.expand(1);
        assertTrue(f.d.ops().isPending(f.d, 5));
        assertTrue(f.d.ops().isBusy(f.d, 5));
        assertFalse(f.d.ops().isPending(f.d, 6));
        assertFalse(f.d.ops().isPending(f.d, 1030), "port 1030 has no word yet");
        assertTrue(f.services.upcallPending[1]);
        assertEquals(List.of(5), f.guest.handleEvents(1));

        f.expand(1);
        assertTrue(f.d.ops().isPending(f.d, 1030));
        assertEquals(List.of(1030), f.guest.handleEvents(0));
    }
}
