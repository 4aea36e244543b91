package org.pvsim.gnttab.table;

import static org.pvsim.gnttab.abi.GrantFlags.STATUS_ENTRIES_PER_FRAME;
import static org.pvsim.gnttab.abi.GrantFlags.V1_ENTRIES_PER_FRAME;
import static org.pvsim.gnttab.abi.GrantFlags.V2_ENTRIES_PER_FRAME;

import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantEntryV2Descriptor;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * The guest-writable grant entries of a table, read and written in its grant frames through {@link FrameMemory}
 * ({@code shared_entry_v1}, {@code shared_entry_v2}, {@code status_entry}, {@code xen/common/grant_table.c}), in the
 * table's current version. Every method takes a reference below {@link GrantTable#nrGrantEntries} (the caller checks
 * the bound first, as Xen does); nothing allocates.
 *
 * <p>The "status word" of an entry is where {@code GTF_reading} and {@code GTF_writing} live: the {@code flags} of
 * the v1 entry, or the {@code grant_status_t} in the status frames in v2.
 */
public final class SharedEntries {
    private final FrameMemory mem;

    /** Entries in the frames of {@code mem}. */
    public SharedEntries(FrameMemory mem) {
        this.mem = mem;
    }

    /** The frame memory underneath. */
    public FrameMemory memory() {
        return mem;
    }

    private static long entryFrame(GrantTable gt, int ref) {
        return gt.version() == 1
                ? gt.sharedFrame(ref / V1_ENTRIES_PER_FRAME)
                : gt.sharedFrame(ref / V2_ENTRIES_PER_FRAME);
    }

    private static int entryOffset(GrantTable gt, int ref) {
        return gt.version() == 1
                ? (ref % V1_ENTRIES_PER_FRAME) * GrantEntryV1Descriptor.SIZE
                : (ref % V2_ENTRIES_PER_FRAME) * GrantEntryV2Descriptor.SIZE;
    }

    /** The header's {@code flags} (v1: with the status bits; v2: without). */
    public int flags(GrantTable gt, int ref) {
        return mem.read16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV1Descriptor.FLAGS_OFFSET);
    }

    /** Writes the header's {@code flags}. */
    public void setFlags(GrantTable gt, int ref, int flags) {
        mem.write16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV1Descriptor.FLAGS_OFFSET, flags);
    }

    /** The header's {@code domid}: the domain granted access. */
    public int domid(GrantTable gt, int ref) {
        return mem.read16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV1Descriptor.DOMID_OFFSET);
    }

    /** Writes the header's {@code domid} (the toolstack's seeding and tests). */
    public void setDomid(GrantTable gt, int ref, int domid) {
        mem.write16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV1Descriptor.DOMID_OFFSET, domid);
    }

    /** {@code union grant_combo.raw}: flags in the low 16 bits, domid in the high 16. */
    public int combo(GrantTable gt, int ref) {
        return mem.read32(entryFrame(gt, ref), entryOffset(gt, ref));
    }

    /**
     * {@code guest_cmpxchg} of the combined flags and domid: writes {@code update} if the word is {@code expect}.
     *
     * @return the word found (equal to {@code expect} iff the write happened)
     */
    public int cmpxchgCombo(GrantTable gt, int ref, int expect, int update) {
        long f = entryFrame(gt, ref);
        int off = entryOffset(gt, ref);
        int prev = mem.read32(f, off);
        if (prev == expect) {
            mem.write32(f, off, update);
        }
        return prev;
    }

    /** The entry's frame: v1 {@code frame} (32 bits), v2 {@code full_page.frame} / {@code sub_page.frame}. */
    public long frame(GrantTable gt, int ref) {
        long f = entryFrame(gt, ref);
        int off = entryOffset(gt, ref);
        return gt.version() == 1
                ? mem.read32(f, off + GrantEntryV1Descriptor.FRAME_OFFSET) & 0xFFFF_FFFFL
                : mem.read64(f, off + GrantEntryV2Descriptor.FULL_PAGE_FRAME_OFFSET);
    }

    /** Writes the entry's frame (transfer; v1 keeps the low 32 bits). */
    public void setFrame(GrantTable gt, int ref, long frame) {
        long f = entryFrame(gt, ref);
        int off = entryOffset(gt, ref);
        if (gt.version() == 1) {
            mem.write32(f, off + GrantEntryV1Descriptor.FRAME_OFFSET, (int) frame);
        } else {
            mem.write64(f, off + GrantEntryV2Descriptor.FULL_PAGE_FRAME_OFFSET, frame);
        }
    }

    /** v2 {@code sub_page.page_off}. */
    public int subPageOff(GrantTable gt, int ref) {
        return mem.read16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV2Descriptor.SUB_PAGE_PAGE_OFF_OFFSET);
    }

    /** v2 {@code sub_page.length}. */
    public int subPageLength(GrantTable gt, int ref) {
        return mem.read16(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV2Descriptor.SUB_PAGE_LENGTH_OFFSET);
    }

    /** v2 {@code transitive.trans_domid}. */
    public int transDomid(GrantTable gt, int ref) {
        return mem.read16(
                entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV2Descriptor.TRANSITIVE_TRANS_DOMID_OFFSET);
    }

    /** v2 {@code transitive.gref}. */
    public long transGref(GrantTable gt, int ref) {
        return mem.read32(entryFrame(gt, ref), entryOffset(gt, ref) + GrantEntryV2Descriptor.TRANSITIVE_GREF_OFFSET)
                & 0xFFFF_FFFFL;
    }

    /** The v2 {@code grant_status_t} of {@code ref}. */
    public int status(GrantTable gt, int ref) {
        return mem.read16(gt.statusFrame(ref / STATUS_ENTRIES_PER_FRAME), (ref % STATUS_ENTRIES_PER_FRAME) * 2);
    }

    /** Writes the v2 {@code grant_status_t} of {@code ref}. */
    public void setStatus(GrantTable gt, int ref, int value) {
        mem.write16(gt.statusFrame(ref / STATUS_ENTRIES_PER_FRAME), (ref % STATUS_ENTRIES_PER_FRAME) * 2, value);
    }

    /** The status word: the v1 flags, or the v2 {@code grant_status_t}. */
    public int statusWord(GrantTable gt, int ref) {
        return gt.version() == 1 ? flags(gt, ref) : status(gt, ref);
    }

    /** {@code gnttab_set_flags}: ORs {@code bits} into the status word. */
    public void setStatusFlags(GrantTable gt, int ref, int bits) {
        if (gt.version() == 1) {
            setFlags(gt, ref, flags(gt, ref) | bits);
        } else {
            setStatus(gt, ref, status(gt, ref) | bits);
        }
    }

    /** {@code gnttab_clear_flags}: clears {@code bits} in the status word. */
    public void clearStatusFlags(GrantTable gt, int ref, int bits) {
        if (gt.version() == 1) {
            setFlags(gt, ref, flags(gt, ref) & ~bits);
        } else {
            setStatus(gt, ref, status(gt, ref) & ~bits);
        }
    }

    /** Zeroes every grant frame (set_version: "no crud left over from the old version"). */
    public void clearAll(GrantTable gt) {
        for (int i = 0; i < gt.nrGrantFrames(); i++) {
            long f = gt.sharedFrame(i);
            for (int off = 0; off < 4096; off += 8) {
                mem.write64(f, off, 0);
            }
        }
    }
}
