package org.pvsim.hypervisor.machine;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * The machine's RAM: {@link #nrFrames()} frames of 4 KiB with real contents. A frame's bytes are allocated the first
 * time it is written; until then it reads as zeros, so a large host costs only what its guests touch.
 *
 * <p>Callers pass valid frame numbers and offsets that stay inside one frame; the hypervisor checks guest-supplied
 * values before they get here.
 *
 * <p><b>Page-table generation.</b> The software TLB ({@code paging.TranslationCache}) caches page walks; an entry is
 * valid only while {@link #ptGeneration()} is the generation it was filled in. Every byte of RAM is written through
 * this class, so this is the one place that sees every change a walk could observe: a walk that fills the cache
 * stamps each table frame it reads ({@link #noteTableRead}), and any write, copy or scrub of a frame stamped in the
 * current generation bumps it ({@code written}). Writes to frames no cached walk has read (data pages, the common
 * case) cost one array load and bump nothing. {@link #invalidateTranslations} bumps it by hand; the page-type and
 * lifecycle code calls it on type changes, pins, base switches, frees and death as a second line of defence.
 */
public final class MachineMemory {
    private static final byte[] ZERO_FRAME = new byte[PAGE_SIZE];

    private final byte[][] frames;

    /**
     * Per frame, the low 32 bits of the generation in which a caching walk last read it as a page table. A stale
     * stamp that wraps to the current value only causes one needless bump.
     */
    private final int[] tableReadStamp;

    /** The page-table generation; starts at 1 so that the zeroed stamps match no generation until 2^32 bumps. */
    private long ptGeneration = 1;

    public MachineMemory(int nrFrames) {
        if (nrFrames <= 0) {
            throw new IllegalArgumentException("RAM must hold at least one frame, not " + nrFrames);
        }
        this.frames = new byte[nrFrames][];
        this.tableReadStamp = new int[nrFrames];
    }

    /**
     * The page-table generation: it changes whenever a frame that a cached translation was walked through may have
     * changed, and whenever {@link #invalidateTranslations} is called. Cached translations of an older generation are
     * void.
     */
    public long ptGeneration() {
        return ptGeneration;
    }

    /** Voids every cached translation (a global TLB flush); for changes that do not go through a RAM write. */
    public void invalidateTranslations() {
        ptGeneration++;
    }

    /**
     * Records that a page walk whose result will be cached read frame {@code mfn} as a page table: the next write to
     * it voids the cached translations.
     */
    public void noteTableRead(long mfn) {
        tableReadStamp[(int) mfn] = (int) ptGeneration;
    }

    /** Called before every change to frame {@code mfn}'s bytes. */
    private void written(long mfn) {
        if (tableReadStamp[(int) mfn] == (int) ptGeneration) {
            ptGeneration++;
        }
    }

    /** The number of RAM frames: valid machine frame numbers are {@code 0 .. nrFrames()-1}. */
    public int nrFrames() {
        return frames.length;
    }

    /** Whether {@code mfn} names a RAM frame ({@code mfn_valid}). */
    public boolean isRam(long mfn) {
        return mfn >= 0 && mfn < frames.length;
    }

    private byte[] readable(long mfn) {
        byte[] f = frames[(int) mfn];
        return f == null ? ZERO_FRAME : f;
    }

    private byte[] writable(long mfn) {
        written(mfn);
        byte[] f = frames[(int) mfn];
        if (f == null) {
            f = new byte[PAGE_SIZE];
            frames[(int) mfn] = f;
        }
        return f;
    }

    public long read64(long mfn, int offset) {
        return LittleEndian.getI64(readable(mfn), offset);
    }

    public void write64(long mfn, int offset, long value) {
        LittleEndian.putI64(writable(mfn), offset, value);
    }

    public int read32(long mfn, int offset) {
        return LittleEndian.getI32(readable(mfn), offset);
    }

    public void write32(long mfn, int offset, int value) {
        LittleEndian.putI32(writable(mfn), offset, value);
    }

    public int read16(long mfn, int offset) {
        return LittleEndian.getU16(readable(mfn), offset);
    }

    public void write16(long mfn, int offset, int value) {
        LittleEndian.putU16(writable(mfn), offset, value);
    }

    /** Copies {@code len} bytes within or between frames ({@code memcpy}; the ranges lie within their frames). */
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        System.arraycopy(readable(srcMfn), srcOff, writable(dstMfn), dstOff, len);
    }

    public int read8(long mfn, int offset) {
        return readable(mfn)[offset] & 0xFF;
    }

    public void write8(long mfn, int offset, int value) {
        writable(mfn)[offset] = (byte) value;
    }

    /** Copies {@code len} bytes of frame {@code mfn} from {@code offset} into {@code dst[dstOff..]}. */
    public void read(long mfn, int offset, byte[] dst, int dstOff, int len) {
        System.arraycopy(readable(mfn), offset, dst, dstOff, len);
    }

    /** Copies {@code len} bytes from {@code src[srcOff..]} into frame {@code mfn} at {@code offset}. */
    public void write(long mfn, int offset, byte[] src, int srcOff, int len) {
        System.arraycopy(src, srcOff, writable(mfn), offset, len);
    }

    /** Copies a whole frame. */
    public void copyFrame(long srcMfn, long dstMfn) {
        byte[] src = frames[(int) srcMfn];
        if (src == null) {
            scrub(dstMfn);
        } else {
            System.arraycopy(src, 0, writable(dstMfn), 0, PAGE_SIZE);
        }
    }

    /** Zeroes a frame and releases its storage (Xen scrubs freed pages, so nothing leaks to the next owner). */
    public void scrub(long mfn) {
        written(mfn);
        frames[(int) mfn] = null;
    }

    /** Whether every byte of the frame is zero. */
    public boolean isZero(long mfn) {
        byte[] f = frames[(int) mfn];
        return f == null || Arrays.equals(f, ZERO_FRAME);
    }

    /** How many frames have storage allocated. */
    public int framesWithStorage() {
        int n = 0;
        for (byte[] f : frames) {
            if (f != null) {
                n++;
            }
        }
        return n;
    }
}
