package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * A fixed region of a guest's memory for hypercall arguments, reused call after call (a test guest's scratch memory
 * only grows). Space is handed out from the start again after {@link #reset()}.
 */
final class ArgArea {
    private final TestGuest g;
    private final long base;
    private final int size;
    private int used;

    private final long guard;
    private final long[] frames;

    /**
     * {@code pages} pages of {@code g}'s free memory, followed by a page the area unmaps, so that an array that runs
     * past the area's end faults there.
     */
    ArgArea(TestGuest g, int pages) {
        this.g = g;
        this.frames = new long[pages];
        long first = g.allocPfn();
        this.base = g.va(first);
        frames[0] = g.mfn(first);
        for (int i = 1; i < pages; i++) {
            frames[i] = g.mfn(g.allocPfn());
        }
        this.size = pages * X86Paging.PAGE_SIZE;
        this.guard = g.va(g.allocPfn());
        if (guard != base + size || g.updateVaMapping(guard, 0, 0) != 0) {
            throw new IllegalStateException("cannot place the guard page of the argument area");
        }
    }

    /** The address {@code len} bytes before the unmapped page that follows the area. */
    long beforeGuard(int len) {
        return guard - len;
    }

    /** Whether machine frame {@code mfn} is one of the area's pages. */
    boolean holds(long mfn) {
        for (long f : frames) {
            if (f == mfn) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code va} lies in the area. */
    boolean contains(long va) {
        return va >= base && va < base + size;
    }

    void reset() {
        used = 0;
    }

    /** {@code len} bytes of the area, 8-byte aligned. */
    long alloc(int len) {
        int aligned = (len + 7) & ~7;
        if (used + aligned > size) {
            throw new IllegalStateException("argument area of " + size + " bytes is full");
        }
        long va = base + used;
        used += aligned;
        return va;
    }

    /** Stores {@code bytes} in the area and returns their address. */
    long put(byte[] bytes) {
        long va = alloc(bytes.length);
        g.write(va, bytes);
        return va;
    }
}
