package org.pvsim.hypervisor.machine;

import org.pvsim.hypervisor.abi.DomId;

/**
 * The simulated physical machine: its pCPUs, its RAM and the frame table that describes every frame.
 *
 * <p>As on a real x86 host, the first megabyte of RAM (frames 0-255) belongs to {@link DomId#DOMID_IO} and is
 * never handed to a domain ({@code arch_init_memory}); the rest starts in the free pool.
 */
public final class Machine {
    /** Frames of the first megabyte, which x86 reserves for I/O. */
    public static final int LOW_IO_FRAMES = 256;

    private final int nrPcpus;
    private final MachineMemory memory;
    private final FrameTable frames;
    private final FrameAllocator allocator;

    public Machine(int nrPcpus, int nrFrames) {
        if (nrPcpus < 1) {
            throw new IllegalArgumentException("a machine needs at least one pCPU, not " + nrPcpus);
        }
        if (nrFrames <= LOW_IO_FRAMES) {
            throw new IllegalArgumentException(
                    "a machine needs more than " + LOW_IO_FRAMES + " frames (1 MiB) of RAM, not " + nrFrames);
        }
        this.nrPcpus = nrPcpus;
        this.memory = new MachineMemory(nrFrames);
        this.frames = new FrameTable(nrFrames);
        this.allocator = new FrameAllocator(nrFrames);
        for (int mfn = 0; mfn < LOW_IO_FRAMES; mfn++) {
            // assign_io_page: owned by dom_io, allocated, one reference
            frames.setOwner(mfn, DomId.DOMID_IO);
            frames.setPgc(mfn, FrameTable.PGC_allocated, true);
            frames.setCount(mfn, 1);
        }
        for (int mfn = LOW_IO_FRAMES; mfn < nrFrames; mfn++) {
            allocator.free(mfn, 0);
        }
    }

    public int nrPcpus() {
        return nrPcpus;
    }

    public MachineMemory memory() {
        return memory;
    }

    public FrameTable frames() {
        return frames;
    }

    public FrameAllocator allocator() {
        return allocator;
    }

    /** Total RAM frames, including the reserved low megabyte. */
    public int nrFrames() {
        return memory.nrFrames();
    }
}
