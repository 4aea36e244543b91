package org.pvsim.hypervisor.paging;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * Reads and writes a guest's virtual memory through its page tables, page by page. Used both for the guest's own
 * loads and stores and for the hypervisor's {@code copy_from_guest} / {@code copy_to_guest}.
 *
 * <p>A read copies the pages it can translate in order and stops at the first fault; a write translates every page
 * first and writes nothing if any page faults, so a store is all or nothing. Loads (and only loads, and only guest
 * loads) may read the read-only machine-to-phys table in Xen's range. Translations go through a {@link
 * TranslationCache}, which returns what the walk would and charges nothing. Allocates nothing.
 */
public final class GuestMemoryAccess {
    private final MachineMemory memory;
    private final FrameTable frames;
    private final GuestPageWalker walker;
    private final TranslationCache tlb;
    private final byte[] m2pEntry = new byte[8];
    private final long[] pageMaddrs = new long[64];

    public GuestMemoryAccess(MachineMemory memory, FrameTable frames) {
        this.memory = memory;
        this.frames = frames;
        this.walker = new GuestPageWalker(memory);
        this.tlb = new TranslationCache(memory, walker);
    }

    /** The software TLB every access here goes through. */
    public TranslationCache translationCache() {
        return tlb;
    }

    public GuestPageWalker walker() {
        return walker;
    }

    /**
     * {@code __addr_ok}: whether {@code va} may start a guest buffer: in the lower half of the address space, or above
     * Xen's range ({@code xen/arch/x86/include/asm/x86_64/uaccess.h}).
     */
    public static boolean addrOk(long va) {
        return Long.compareUnsigned(va, 1L << 47) < 0
                || Long.compareUnsigned(va, XenAddressSpace.HYPERVISOR_VIRT_END) >= 0;
    }

    /**
     * {@code access_ok(va, len)}: whether a guest buffer of {@code len} bytes may start at {@code va}. As in Xen, only
     * the start is checked: a buffer that starts at a good address and runs on meets a non-canonical address, where
     * the page walk faults, before it can reach Xen's range.
     */
    public static boolean rangeOk(long va, long len) {
        return len >= 0 && addrOk(va);
    }

    /**
     * Reads {@code len} bytes at {@code va} into {@code dst}.
     *
     * @param allowM2p whether the read may come from the M2P table (a guest load, not a hypercall argument)
     * @return the number of bytes read before the first fault ({@code len} on success)
     */
    public int read(long l4mfn, long va, byte[] dst, int off, int len, boolean allowM2p) {
        int done = 0;
        while (done < len) {
            long cur = va + done;
            int chunk = (int) Math.min(len - done, PAGE_SIZE - (cur & (PAGE_SIZE - 1)));
            if (allowM2p && isM2p(cur)) {
                for (int i = 0; i < chunk; i++) {
                    long a = cur + i;
                    if (!isM2p(a)) {
                        return done + i;
                    }
                    long index = (a - XenAddressSpace.MACH2PHYS_VIRT_START) >>> 3;
                    long value = index < frames.nrFrames() ? frames.m2p(index) : XenAddressSpace.INVALID_M2P_ENTRY;
                    LittleEndian.putI64(m2pEntry, 0, value);
                    dst[off + done + i] = m2pEntry[(int) (a & 7)];
                }
            } else {
                long maddr = tlb.translate(l4mfn, cur, false);
                if (GuestPageWalker.isFault(maddr)) {
                    return done;
                }
                memory.read(maddr >>> PAGE_SHIFT, (int) (maddr & (PAGE_SIZE - 1)), dst, off + done, chunk);
            }
            done += chunk;
        }
        return done;
    }

    /**
     * The fault a read of {@code va} takes, as an x86 error code; used after {@link #read} came back short.
     */
    public int readFaultCode(long l4mfn, long va) {
        long r = tlb.translate(l4mfn, va, false);
        return GuestPageWalker.isFault(r) ? GuestPageWalker.faultCode(r) : 0;
    }

    /**
     * Translates every page a write of {@code len} bytes at {@code va} touches.
     *
     * @return the machine address of the first byte, or a fault result ({@link GuestPageWalker#isFault}) for the
     *     first page that cannot be written
     */
    public long translateForWrite(long l4mfn, long va, int len) {
        long first = -1;
        int done = 0;
        int page = 0;
        while (done < len || (len == 0 && page == 0)) {
            long cur = va + done;
            long maddr = tlb.translate(l4mfn, cur, true);
            if (GuestPageWalker.isFault(maddr)) {
                return maddr;
            }
            if (first < 0) {
                first = maddr;
            }
            if (page < pageMaddrs.length) {
                pageMaddrs[page] = maddr;
            }
            page++;
            done += (int) Math.min(len - done, PAGE_SIZE - (cur & (PAGE_SIZE - 1)));
            if (len == 0) {
                break;
            }
        }
        return first;
    }

    /** The virtual address a failed {@link #translateForWrite} faulted at. */
    public long writeFaultAddress(long l4mfn, long va, int len) {
        int done = 0;
        while (done < len) {
            long cur = va + done;
            if (GuestPageWalker.isFault(tlb.translate(l4mfn, cur, true))) {
                return cur;
            }
            done += (int) Math.min(len - done, PAGE_SIZE - (cur & (PAGE_SIZE - 1)));
        }
        return va;
    }

    /**
     * Writes {@code len} bytes at {@code va}: all of them, or, if some page cannot be written, none.
     *
     * @return {@code len} on success, or a fault result for the first page that cannot be written
     */
    public long write(long l4mfn, long va, byte[] src, int off, int len) {
        long first = translateForWrite(l4mfn, va, len);
        if (GuestPageWalker.isFault(first)) {
            return first;
        }
        writeTranslated(l4mfn, va, src, off, len);
        return len;
    }

    /**
     * Writes up to {@code len} bytes at {@code va}, page by page, stopping at the first page that cannot be written
     * (as {@code copy_to_user} does).
     *
     * @return the number of bytes written
     */
    public int writePartial(long l4mfn, long va, byte[] src, int off, int len) {
        int done = 0;
        while (done < len) {
            long cur = va + done;
            int chunk = (int) Math.min(len - done, PAGE_SIZE - (cur & (PAGE_SIZE - 1)));
            long maddr = tlb.translate(l4mfn, cur, true);
            if (GuestPageWalker.isFault(maddr)) {
                return done;
            }
            memory.write(maddr >>> PAGE_SHIFT, (int) (maddr & (PAGE_SIZE - 1)), src, off + done, chunk);
            done += chunk;
        }
        return done;
    }

    private void writeTranslated(long l4mfn, long va, byte[] src, int off, int len) {
        int done = 0;
        int page = 0;
        while (done < len) {
            long cur = va + done;
            int chunk = (int) Math.min(len - done, PAGE_SIZE - (cur & (PAGE_SIZE - 1)));
            long maddr = page < pageMaddrs.length ? pageMaddrs[page] : tlb.translate(l4mfn, cur, true);
            memory.write(maddr >>> PAGE_SHIFT, (int) (maddr & (PAGE_SIZE - 1)), src, off + done, chunk);
            done += chunk;
            page++;
        }
    }

    private static boolean isM2p(long va) {
        return Long.compareUnsigned(va, XenAddressSpace.MACH2PHYS_VIRT_START) >= 0
                && Long.compareUnsigned(va, XenAddressSpace.MACH2PHYS_VIRT_END) < 0;
    }
}
