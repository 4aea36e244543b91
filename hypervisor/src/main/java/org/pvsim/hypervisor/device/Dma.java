package org.pvsim.hypervisor.device;

import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * A device's bus-master access to machine memory. pvsim's machine has no IOMMU in use, so a device reaches any RAM
 * frame, as a device programmed by Xen's dom0 does without one; an access that is not within one RAM frame is a master
 * abort: it moves nothing and reports failure.
 */
final class Dma {
    private static final int FRAME = 4096;
    private final MachineMemory memory;

    Dma(MachineMemory memory) {
        this.memory = memory;
    }

    /** Whether {@code len} bytes at {@code maddr} lie within one RAM frame. */
    boolean ok(long maddr, int len) {
        int off = (int) (maddr & (FRAME - 1));
        return maddr >= 0 && len >= 0 && off + len <= FRAME && memory.isRam(maddr >>> 12);
    }

    /** Reads {@code len} bytes at {@code maddr}; false (and nothing read) on a master abort. */
    boolean read(long maddr, byte[] dst, int off, int len) {
        if (!ok(maddr, len)) {
            return false;
        }
        memory.read(maddr >>> 12, (int) (maddr & (FRAME - 1)), dst, off, len);
        return true;
    }

    /** Writes {@code len} bytes at {@code maddr}; false (and nothing written) on a master abort. */
    boolean write(long maddr, byte[] src, int off, int len) {
        if (!ok(maddr, len)) {
            return false;
        }
        memory.write(maddr >>> 12, (int) (maddr & (FRAME - 1)), src, off, len);
        return true;
    }

    /** Writes a u32 at {@code maddr}; false on a master abort. */
    boolean write32(long maddr, int value) {
        if (!ok(maddr, 4)) {
            return false;
        }
        memory.write32(maddr >>> 12, (int) (maddr & (FRAME - 1)), value);
        return true;
    }

    /** Writes a u16 at {@code maddr}; false on a master abort. */
    boolean write16(long maddr, int value) {
        if (!ok(maddr, 2)) {
            return false;
        }
        memory.write16(maddr >>> 12, (int) (maddr & (FRAME - 1)), value);
        return true;
    }

    /** Writes a byte at {@code maddr}; false on a master abort. */
    boolean write8(long maddr, int value) {
        if (!ok(maddr, 1)) {
            return false;
        }
        memory.write8(maddr >>> 12, (int) (maddr & (FRAME - 1)), value);
        return true;
    }
}
