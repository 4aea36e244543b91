package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnHostServices;
import org.pvsim.evtchn.EvtchnPortOps;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * set_pending, unmask, clear_pending and the is_* queries allocate nothing per call once a port has been seen. Frames
 * and services here are allocation-free too, so what is measured is the FIFO code (HotSpot's {@code
 * getThreadAllocatedBytes}).
 */
class FifoAllocationTest {
    /** Frames in flat arrays, every frame the domain's: no boxing on access. */
    private static final class FlatMemory implements FrameMemory {
        final byte[][] frames = new byte[16][4096];

        @Override
        public int read8(long mfn, int offset) {
            return frames[(int) mfn][offset] & 0xFF;
        }

        @Override
        public void write8(long mfn, int offset, int value) {
            frames[(int) mfn][offset] = (byte) value;
        }

        @Override
        public int read16(long mfn, int offset) {
            return LittleEndian.getU16(frames[(int) mfn], offset);
        }

        @Override
        public void write16(long mfn, int offset, int value) {
            LittleEndian.putU16(frames[(int) mfn], offset, value);
        }

        @Override
        public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
            System.arraycopy(frames[(int) srcMfn], srcOff, frames[(int) dstMfn], dstOff, len);
        }

        @Override
        public int read32(long mfn, int offset) {
            return LittleEndian.getI32(frames[(int) mfn], offset);
        }

        @Override
        public void write32(long mfn, int offset, int value) {
            LittleEndian.putI32(frames[(int) mfn], offset, value);
        }

        @Override
        public long read64(long mfn, int offset) {
            return LittleEndian.getI64(frames[(int) mfn], offset);
        }

        @Override
        public void write64(long mfn, int offset, long value) {
            LittleEndian.putI64(frames[(int) mfn], offset, value);
        }

        @Override
        public long getWritablePage(int domid, long gfn) {
            return gfn;
        }

        @Override
        public void putWritablePage(long mfn) {}
    }

    private static final class QuietServices implements EvtchnHostServices {
        long calls;

        @Override
        public void markEventsPending(EvtchnDomain d, int vcpu, long now) {
            calls++;
        }

        @Override
        public void checkPollers(EvtchnDomain d, int port, long now) {
            calls++;
        }

        @Override
        public void pendingSet(EvtchnDomain d, int vcpu, int port, boolean newlyPending) {
            calls++;
        }

        @Override
        public void pendingCleared(EvtchnDomain d, int port) {
            calls++;
        }
    }

    @Test
    void theHotPathsAllocateNothingPerCall() {
        FlatMemory mem = new FlatMemory();
        QuietServices services = new QuietServices();
        FakeTwoLevelOps twoLevel = new FakeTwoLevelOps();
        FifoAbi abi = new FifoAbi(twoLevel);
        EvtchnDomain d = new EvtchnDomain(1, 2, 0, mem, services, twoLevel);
        for (int i = 0; i < 2; i++) {
            d.addBucket();
        }
        assertEquals(0, abi.initControl(d, 1, 0, 0));
        assertEquals(0, abi.initControl(d, 2, 0, 1));
        assertEquals(0, abi.expandArray(d, 3, 0));
        EvtchnPortOps ops = d.ops();
        for (int port = 1; port < d.validPorts(); port++) {
            d.setNotifyVcpu(port, port & 1);
            ops.setPriority(d, port, port % 16);
        }

        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] allocated = new long[2];
        for (int round = 0; round < 2; round++) {
            // round 0 warms up (JIT, first touch of every port); round 1 is measured
            long before = bean.getCurrentThreadAllocatedBytes();
            long sink = 0;
            for (int i = 0; i < 20_000; i++) {
                int port = 1 + i % (d.validPorts() - 1);
                ops.setPending(d, d.notifyVcpu(port), port, i);
                if (ops.isPending(d, port) && ops.isBusy(d, port) && !ops.isMasked(d, port)) {
                    sink++;
                }
                ops.unmask(d, port, i);
                ops.clearPending(d, port, i);
                // the guest consumes: clear LINKED and the link of every word, empty the ready word
                if (i % 64 == 63) {
                    for (int p = 1; p < d.validPorts(); p++) {
                        mem.write32(3, p * 4, 0);
                    }
                    mem.write32(1, 0, 0);
                    mem.write32(2, 0, 0);
                }
            }
            allocated[round] = bean.getCurrentThreadAllocatedBytes() - before;
            assertTrue(sink > 0);
        }
        assertEquals(0, allocated[1], "bytes allocated by 20000 rounds of set_pending/unmask/clear_pending");
    }
}
