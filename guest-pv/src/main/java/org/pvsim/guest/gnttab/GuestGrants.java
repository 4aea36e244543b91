package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GnttabGetStatusFramesDescriptor;
import org.pvsim.gnttab.abi.GnttabGetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabQuerySizeDescriptor;
import org.pvsim.gnttab.abi.GnttabSetVersionDescriptor;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantEntryV2Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * The guest kernel's grant table, the counterpart of Linux's {@code drivers/xen/grant-table.c}: it sets the table up
 * on first use, hands out free references, writes and revokes grants in the table's frames with the guest rules of
 * {@code xen/include/public/grant_table.h}, and maps, unmaps and copies other domains' grants.
 *
 * <p><b>Set-up</b> ({@code gnttab_init} / {@code gnttab_map}): {@code GNTTABOP_query_size} for the most frames this
 * domain may have, {@code GNTTABOP_get_version}, then {@code GNTTABOP_setup_table(DOMID_SELF, 1)}: Xen returns the
 * machine frames of the table, and the kernel maps each one writable into its grant area (a {@code VmArea} the kernel provides through {@link GrantKernel}, at {@link
 * #AREA_BASE}) with a validated {@code mmu_update} naming its own domain. When the free references run out, the table
 * grows one frame at a time ({@code gnttab_expand}) up to {@code max_nr_frames}. In version 2 the status frames
 * ({@code GNTTABOP_get_status_frames}) are mapped read-only as well: the kernel only reads them.
 *
 * <p><b>References</b>: 0-7 are the toolstack's ({@code GNTTAB_NR_RESERVED_ENTRIES}) and never handed out; the rest
 * come lowest first. <b>Granting</b> ({@code gnttab_grant_foreign_access_ref}) writes {@code domid}, then {@code
 * frame}, then {@code flags} last, so Xen never sees a valid type with a stale frame. <b>Ending</b> ({@code
 * gnttab_end_foreign_access_ref}): version 1 reads {@code flags} and, unless {@code GTF_reading} or {@code GTF_writing}
 * is set, clears them (the step is the compare-and-exchange: a guest step runs alone in pvsim); version 2 clears
 * {@code hdr.flags} and then looks at the status word, as Linux does. While the peer still maps the grant, ending
 * fails and the caller tries again later.
 *
 * <p><b>Mapping</b>: {@link #reserveVa()} gives a kernel address whose L1 table exists (Linux's {@code
 * gnttab_alloc_pages}); {@link #map}, {@link #unmap} and {@link #copy} take arrays of reusable op holders and return
 * the hypercall's result, each element's {@code GNTST_*} in its {@code status} ({@code gnttab_map_refs}, {@code
 * gnttab_batch_copy}).
 *
 * <p>Errors are values: a negative errno for calls Xen answers with one ({@code -ENOSYS} when the hypervisor has no
 * grant tables, {@code -ENOSPC} when no reference is left), a {@code GNTST_*} code per element. A kernel bug (granting
 * or freeing a reference this table did not hand out) is a kernel panic, where Linux would BUG. One instance serves
 * every vCPU; {@link #bind} names the vCPU acting. Apart from set-up and growth, nothing here allocates.
 */
public final class GuestGrants {
    /** Where the grant area starts: L4 slot 403, next to the foreign-mapping window in Linux's vmalloc space. */
    public static final long AREA_BASE = 0xFFFF_C980_0000_0000L;
    /**
     * The most grant frames this kernel uses: as many as one {@code setup_table} frame list holds in the call page
     * (Xen's default limit is 64).
     */
    public static final int MAX_FRAMES = (ArgumentArea.CALL_BYTES - GnttabSetupTableDescriptor.SIZE) / 8;
    /** Frames the table starts with ({@code gnttab_init}: one). */
    public static final int INITIAL_FRAMES = 1;
    /** PTE flags of a grant frame mapping ({@code PAGE_KERNEL}, no execute). */
    public static final int FRAME_FLAGS = X86Paging._PAGE_PRESENT
            | X86Paging._PAGE_RW
            | X86Paging._PAGE_ACCESSED
            | X86Paging._PAGE_DIRTY
            | X86Paging._PAGE_NX;
    /** PTE flags of a status frame mapping: read-only, since the kernel only reads its status words. */
    public static final int STATUS_FRAME_FLAGS =
            X86Paging._PAGE_PRESENT | X86Paging._PAGE_ACCESSED | X86Paging._PAGE_DIRTY | X86Paging._PAGE_NX;

    private static final int IN_USE = GrantFlags.GTF_reading | GrantFlags.GTF_writing;

    private final GrantBatch batch = new GrantBatch();
    private final GrantMapOp[] one = {new GrantMapOp()};
    private final GrantUnmapOp[] oneUnmap = {new GrantUnmapOp()};
    private final GrantCopyOp[] oneCopy = {new GrantCopyOp()};

    private GrantKernel kernel;
    private GuestCpu cpu;
    private Hypercalls hc;

    private boolean ready;
    private long unavailable;
    private int version = 1;
    private int nrFrames;
    private int maxFrames;
    private long[] frameVa = new long[0];
    private long[] frameMfn = new long[0];
    private int nrStatusFrames;
    private long[] statusVa = new long[0];
    /** Bit per reference: handed out by {@link #allocRef()}. */
    private long[] allocated = new long[0];

    private int nrAllocated;
    private int hint = GrantFlags.GNTTAB_NR_RESERVED_ENTRIES;

    /** A grant table not yet set up: the first call that needs it sets it up. */
    public GuestGrants() {}

    /** Acts as {@code cpu} of {@code kernel} from now on; returns {@code this}. */
    public GuestGrants bind(GrantKernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        this.cpu = cpu;
        this.hc = kernel.hypercalls(cpu);
        return this;
    }

    // -------------------------------------------------------------------------------------------------------------
    // set-up

    /**
     * Sets the table up if it is not yet (see the class comment).
     *
     * @return 0, or {@code -ENOSYS} if the hypervisor has no grant tables (every later call answers the same)
     * @throws RuntimeException the kernel's panic, if Xen refuses the set-up otherwise, as Linux BUGs in {@code gnttab_map}
     */
    public long start() {
        check();
        if (ready) {
            return 0;
        }
        if (unavailable != 0) {
            return unavailable;
        }
        QuerySize q = querySize(DomId.DOMID_SELF);
        if (q.rc() == Errno.ENOSYS.neg()) {
            unavailable = q.rc();
            return unavailable;
        }
        if (q.rc() != 0 || q.status() != GnttabStatus.GNTST_okay.code || q.maxNrFrames() <= 0) {
            throw kernel.panic(cpu, "gnttab: GNTTABOP_query_size failed: " + q);
        }
        maxFrames = (int) Math.min(q.maxNrFrames(), MAX_FRAMES);
        long v = getVersion();
        version = v == 2 ? 2 : 1;
        allocated = new long[(maxFrames * GrantFlags.V1_ENTRIES_PER_FRAME + 63) / 64];
        frameVa = new long[maxFrames];
        frameMfn = new long[maxFrames];
        statusVa = new long[statusFramesFor(maxFrames)];
        long rc = grow(Math.max(INITIAL_FRAMES, (int) Math.min(q.nrFrames(), maxFrames)));
        if (rc != 0) {
            throw kernel.panic(cpu, "gnttab: cannot set the grant table up: " + describe(rc));
        }
        ready = true;
        return 0;
    }

    /**
     * {@code GNTTABOP_setup_table(DOMID_SELF, n)}, then maps the frames not yet mapped (and, in version 2, the status
     * frames).
     *
     * @return 0, or a negative errno, or a negative {@code GNTST_*} offset by -1000 (so it cannot be mistaken for an
     *     errno; {@link #describe} names either)
     */
    private long grow(int n) {
        long va = hc.area().callVa();
        long list = va + GnttabSetupTableDescriptor.SIZE;
        cpu.write16(va + GnttabSetupTableDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        cpu.write16(va + GnttabSetupTableDescriptor.DOM_OFFSET + 2, 0);
        cpu.write32(va + GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, n);
        cpu.write32(va + GnttabSetupTableDescriptor.STATUS_OFFSET, 0);
        cpu.write32(va + GnttabSetupTableDescriptor.STATUS_OFFSET + 4, 0);
        cpu.write64(va + GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, list);
        long rc = hc.grantTableOp(GnttabOp.GNTTABOP_setup_table, va, 1);
        if (rc != 0) {
            return rc;
        }
        int status = (short) cpu.read16(va + GnttabSetupTableDescriptor.STATUS_OFFSET);
        if (status != GnttabStatus.GNTST_okay.code) {
            return STATUS_BIAS + status;
        }
        for (int i = nrFrames; i < n; i++) {
            long mfn = cpu.read64(list + 8L * i);
            long at = mapFrame(mfn, FRAME_FLAGS);
            if (isError(at)) {
                return at;
            }
            frameVa[i] = at;
            frameMfn[i] = mfn;
            nrFrames = i + 1;
        }
        return version == 2 ? mapStatusFrames() : 0;
    }

    /** {@code GNTTABOP_get_status_frames} for what the table needs now, and maps the new ones read-only. */
    private long mapStatusFrames() {
        int n = statusFramesFor(nrFrames);
        if (n <= nrStatusFrames) {
            return 0;
        }
        long va = hc.area().callVa();
        long list = va + GnttabGetStatusFramesDescriptor.SIZE;
        cpu.write32(va + GnttabGetStatusFramesDescriptor.NR_FRAMES_OFFSET, n);
        cpu.write16(va + GnttabGetStatusFramesDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        cpu.write16(va + GnttabGetStatusFramesDescriptor.STATUS_OFFSET, 0);
        cpu.write64(va + GnttabGetStatusFramesDescriptor.FRAME_LIST_OFFSET, list);
        long rc = hc.grantTableOp(GnttabOp.GNTTABOP_get_status_frames, va, 1);
        if (rc != 0) {
            return rc;
        }
        int status = (short) cpu.read16(va + GnttabGetStatusFramesDescriptor.STATUS_OFFSET);
        if (status != GnttabStatus.GNTST_okay.code) {
            return STATUS_BIAS + status;
        }
        for (int i = nrStatusFrames; i < n; i++) {
            long at = mapFrame(cpu.read64(list + 8L * i), STATUS_FRAME_FLAGS);
            if (isError(at)) {
                return at;
            }
            statusVa[i] = at;
            nrStatusFrames = i + 1;
        }
        return 0;
    }

    /** Unmaps every status frame (before a switch to version 1: Xen refuses to free mapped ones). */
    private void unmapStatusFrames() {
        for (int i = nrStatusFrames - 1; i >= 0; i--) {
            unmapFrame(statusVa[i]);
        }
        nrStatusFrames = 0;
    }

    private long mapFrame(long mfn, int flags) {
        long at = kernel.reserveVa();
        if (isError(at)) {
            return at;
        }
        long rc = hc.mmuUpdate(kernel.pteMachineAddress(at), X86Paging.entry(mfn, flags), DomId.DOMID_SELF);
        if (rc != 0) {
            kernel.releaseVa(at);
            return rc;
        }
        return at;
    }

    private void unmapFrame(long at) {
        long rc = hc.updateVaMapping(at, 0, UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL);
        if (rc != 0) {
            throw kernel.panic(cpu, String.format("gnttab: cannot unmap the frame at %#x: %s", at, Errno.describe(rc)));
        }
        kernel.releaseVa(at);
    }

    /** Status frames for {@code frames} grant frames of version 2 ({@code grant_to_status_frames}). */
    private static int statusFramesFor(int frames) {
        long entries = (long) frames * GrantFlags.V2_ENTRIES_PER_FRAME;
        return (int) ((entries + GrantFlags.STATUS_ENTRIES_PER_FRAME - 1) / GrantFlags.STATUS_ENTRIES_PER_FRAME);
    }

    /** Offset added to a {@code GNTST_*} code that set-up returns, so that it reads apart from an errno. */
    public static final long STATUS_BIAS = -1000;

    /** Names a result of this class: an errno, or a {@link #STATUS_BIAS}-offset {@code GNTST_*} code. */
    public static String describe(long rc) {
        return rc <= STATUS_BIAS ? GnttabStatus.nameOf(rc - STATUS_BIAS) : Errno.describe(rc);
    }

    // -------------------------------------------------------------------------------------------------------------
    // references

    /**
     * A free reference, now the caller's ({@code gnttab_claim_grant_reference}): the lowest one from 8 up, growing the
     * table by a frame if none is free.
     *
     * @return the reference, or {@code -ENOSPC} (the table is at {@code max_nr_frames}, or cannot grow), or {@code
     *     -ENOSYS}
     */
    public int allocRef() {
        long rc = start();
        if (rc != 0) {
            return (int) rc;
        }
        int ref = lowestFree();
        while (ref < 0 && nrFrames < maxFrames) {
            if (grow(nrFrames + 1) != 0) {
                return Errno.ENOSPC.neg();
            }
            ref = lowestFree();
        }
        if (ref < 0) {
            return Errno.ENOSPC.neg();
        }
        allocated[ref >>> 6] |= 1L << ref;
        nrAllocated++;
        return ref;
    }

    /**
     * Returns a reference {@link #allocRef()} gave ({@code gnttab_free_grant_reference}); its grant must have ended.
     *
     * @throws RuntimeException the kernel's panic, if the reference is not allocated (a double free)
     */
    public void freeRef(int ref) {
        checkAllocated(ref, "free");
        allocated[ref >>> 6] &= ~(1L << ref);
        nrAllocated--;
        if (ref < hint) {
            hint = ref;
        }
    }

    /**
     * Grants domain {@code domid} access to machine frame {@code frame} through {@code ref} ({@code
     * gnttab_grant_foreign_access_ref}): {@code domid}, then {@code frame}, then {@code flags} = {@code
     * GTF_permit_access} (plus {@code GTF_readonly}).
     *
     * @throws RuntimeException the kernel's panic, if {@code ref} is not allocated
     */
    public void grantAccess(int ref, int domid, long frame, boolean readonly) {
        checkAllocated(ref, "grant");
        long e = entryVa(ref);
        int flags = GrantFlags.GTF_permit_access | (readonly ? GrantFlags.GTF_readonly : 0);
        if (version == 1) {
            cpu.write16(e + GrantEntryV1Descriptor.DOMID_OFFSET, domid);
            cpu.write32(e + GrantEntryV1Descriptor.FRAME_OFFSET, (int) frame);
            cpu.write16(e + GrantEntryV1Descriptor.FLAGS_OFFSET, flags);
        } else {
            cpu.write16(e + GrantEntryV2Descriptor.HDR_DOMID_OFFSET, domid);
            cpu.write64(e + GrantEntryV2Descriptor.FULL_PAGE_FRAME_OFFSET, frame);
            cpu.write16(e + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET, flags);
        }
    }

    /**
     * Allocates a reference and grants {@code frame} to {@code domid} through it ({@code
     * gnttab_grant_foreign_access}).
     *
     * @return the reference, or a negative errno from {@link #allocRef()}
     */
    public int grantForeignAccess(int domid, long frame, boolean readonly) {
        int ref = allocRef();
        if (ref >= 0) {
            grantAccess(ref, domid, frame, readonly);
        }
        return ref;
    }

    /**
     * Ends the grant in {@code ref} unless the grantee still uses it ({@code gnttab_end_foreign_access_ref}): see the
     * class comment. The reference stays allocated.
     *
     * @return true if the grant is ended; false if Xen has {@code GTF_reading} or {@code GTF_writing} set (a mapping
     *     or a copy is live): try again later
     * @throws RuntimeException the kernel's panic, if {@code ref} is not allocated
     */
    public boolean endAccess(int ref) {
        checkAllocated(ref, "end");
        long e = entryVa(ref);
        if (version == 1) {
            int flags = cpu.read16(e + GrantEntryV1Descriptor.FLAGS_OFFSET);
            if ((flags & IN_USE) != 0) {
                return false;
            }
            cpu.write16(e + GrantEntryV1Descriptor.FLAGS_OFFSET, 0);
            return true;
        }
        cpu.write16(e + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET, 0);
        return (cpu.read16(statusEntryVa(ref)) & IN_USE) == 0;
    }

    /**
     * {@link #endAccess} and, if it succeeded, {@link #freeRef} ({@code gnttab_try_end_foreign_access}).
     *
     * @return whether the grant ended and the reference is free again
     */
    public boolean endForeignAccess(int ref) {
        if (!endAccess(ref)) {
            return false;
        }
        freeRef(ref);
        return true;
    }

    /** Whether Xen has {@code GTF_reading} or {@code GTF_writing} set on {@code ref} ({@code gnttab_query_foreign_access}). */
    public boolean isInUse(int ref) {
        checkInTable(ref);
        return (statusWord(ref) & IN_USE) != 0;
    }

    /** The entry's {@code flags} with, in version 2, the status word's bits or-ed in: what Xen and the guest see. */
    public int statusWord(int ref) {
        checkInTable(ref);
        if (version == 1) {
            return cpu.read16(entryVa(ref) + GrantEntryV1Descriptor.FLAGS_OFFSET);
        }
        return cpu.read16(entryVa(ref) + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET) | cpu.read16(statusEntryVa(ref));
    }

    // -------------------------------------------------------------------------------------------------------------
    // mapping other domains' grants

    /**
     * A kernel virtual address to map a grant at: its L1 table exists and its entry is empty ({@code
     * gnttab_alloc_pages}).
     *
     * @return the address, or a negative errno ({@link ForeignMappings#isError(long)} tells them apart)
     */
    public long reserveVa() {
        check();
        return kernel.reserveVa();
    }

    /** Gives back an address {@link #reserveVa()} gave; nothing may be mapped there any more. */
    public void releaseVa(long va) {
        check();
        kernel.releaseVa(va);
    }

    /** The machine address of the L1 entry behind a {@link #reserveVa()} address ({@code GNTMAP_contains_pte}). */
    public long pteMachineAddress(long va) {
        check();
        return kernel.pteMachineAddress(va);
    }

    /**
     * {@code GNTTABOP_map_grant_ref} of {@code ops[0..n)}.
     *
     * @return 0 (each element's result in its {@code status}), or the hypercall's negative errno
     */
    public long map(GrantMapOp[] ops, int n) {
        check();
        return batch.map(hc, ops, n);
    }

    /** One {@code GNTTABOP_map_grant_ref}: {@code op.status} is the result, 0 or a negative errno returned. */
    public long map(GrantMapOp op) {
        one[0] = op;
        return map(one, 1);
    }

    /** {@code GNTTABOP_unmap_grant_ref} of {@code ops[0..n)}, as {@link #map(GrantMapOp[], int)}. */
    public long unmap(GrantUnmapOp[] ops, int n) {
        check();
        return batch.unmap(hc, ops, n);
    }

    /** One {@code GNTTABOP_unmap_grant_ref}. */
    public long unmap(GrantUnmapOp op) {
        oneUnmap[0] = op;
        return unmap(oneUnmap, 1);
    }

    /** {@code GNTTABOP_copy} of {@code ops[0..n)}, as {@link #map(GrantMapOp[], int)}. */
    public long copy(GrantCopyOp[] ops, int n) {
        check();
        return batch.copy(hc, ops, n);
    }

    /** One {@code GNTTABOP_copy}. */
    public long copy(GrantCopyOp op) {
        oneCopy[0] = op;
        return copy(oneCopy, 1);
    }

    // -------------------------------------------------------------------------------------------------------------
    // size and version

    /** {@code GNTTABOP_query_size} of {@code dom} ({@code DOMID_SELF} for this domain). */
    public QuerySize querySize(int dom) {
        check();
        long va = hc.area().callVa();
        cpu.write64(va, 0);
        cpu.write64(va + 8, 0);
        cpu.write16(va + GnttabQuerySizeDescriptor.DOM_OFFSET, dom);
        long rc = hc.grantTableOp(GnttabOp.GNTTABOP_query_size, va, 1);
        if (rc != 0) {
            return new QuerySize(rc, GnttabStatus.GNTST_general_error.code, 0, 0);
        }
        return new QuerySize(
                0,
                (short) cpu.read16(va + GnttabQuerySizeDescriptor.STATUS_OFFSET),
                cpu.read32(va + GnttabQuerySizeDescriptor.NR_FRAMES_OFFSET) & 0xFFFF_FFFFL,
                cpu.read32(va + GnttabQuerySizeDescriptor.MAX_NR_FRAMES_OFFSET) & 0xFFFF_FFFFL);
    }

    /**
     * {@code GNTTABOP_get_version} of this domain.
     *
     * @return 1 or 2, or a negative errno
     */
    public long getVersion() {
        check();
        long va = hc.area().callVa();
        cpu.write64(va, 0);
        cpu.write16(va + GnttabGetVersionDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        long rc = hc.grantTableOp(GnttabOp.GNTTABOP_get_version, va, 1);
        return rc != 0 ? rc : cpu.read32(va + GnttabGetVersionDescriptor.VERSION_OFFSET);
    }

    /**
     * {@code GNTTABOP_set_version}: switches the table's layout to {@code v}. As Linux does, the kernel switches only
     * while it has granted nothing: with a reference from 8 up allocated it answers {@code -EBUSY} itself (Xen would
     * wipe the entries). Going to version 2 maps the status frames; going back to 1 unmaps them first, since Xen
     * refuses to free a status frame that is still mapped.
     *
     * @return 0, or a negative errno ({@code -EINVAL} for a version other than 1 or 2, {@code -ENOSYS} if the domain
     *     may not use version 2, {@code -EBUSY} while grants are in use)
     */
    public long setVersion(int v) {
        long rc = start();
        if (rc != 0) {
            return rc;
        }
        if (nrAllocated > 0) {
            return Errno.EBUSY.neg();
        }
        boolean hadStatus = nrStatusFrames > 0;
        if (v == 1 && hadStatus) {
            unmapStatusFrames();
        }
        long va = hc.area().callVa();
        cpu.write32(va + GnttabSetVersionDescriptor.VERSION_OFFSET, v);
        rc = hc.grantTableOp(GnttabOp.GNTTABOP_set_version, va, 1);
        int now = cpu.read32(va + GnttabSetVersionDescriptor.VERSION_OFFSET);
        if (rc == 0 && (now == 1 || now == 2)) {
            version = now;
        }
        if (version == 2) {
            long mapped = mapStatusFrames();
            if (mapped != 0) {
                throw kernel.panic(cpu, "gnttab: cannot map the status frames: " + describe(mapped));
            }
        }
        return rc;
    }

    // -------------------------------------------------------------------------------------------------------------
    // what the table knows

    /** Whether the table is set up. */
    public boolean isReady() {
        return ready;
    }

    /** The layout in use: 1 or 2. */
    public int version() {
        return version;
    }

    /** Grant frames mapped. */
    public int nrFrames() {
        return nrFrames;
    }

    /** The most grant frames Xen allows this domain ({@code max_nr_frames}). */
    public int maxFrames() {
        return maxFrames;
    }

    /** Status frames mapped (version 2 only). */
    public int nrStatusFrames() {
        return nrStatusFrames;
    }

    /** The machine frame of grant frame {@code i}. */
    public long frameMfn(int i) {
        if (i < 0 || i >= nrFrames) {
            throw new IllegalArgumentException("grant frame " + i + " of " + nrFrames);
        }
        return frameMfn[i];
    }

    /** References the table holds now ({@code nr_grant_entries}). */
    public int capacity() {
        return nrFrames * entriesPerFrame();
    }

    /** References handed out and not freed. */
    public int allocatedRefs() {
        return nrAllocated;
    }

    // -------------------------------------------------------------------------------------------------------------

    private int entriesPerFrame() {
        return version == 1 ? GrantFlags.V1_ENTRIES_PER_FRAME : GrantFlags.V2_ENTRIES_PER_FRAME;
    }

    private long entryVa(int ref) {
        int per = entriesPerFrame();
        int size = version == 1 ? GrantEntryV1Descriptor.SIZE : GrantEntryV2Descriptor.SIZE;
        return frameVa[ref / per] + (long) (ref % per) * size;
    }

    private long statusEntryVa(int ref) {
        return statusVa[ref / GrantFlags.STATUS_ENTRIES_PER_FRAME] + 2L * (ref % GrantFlags.STATUS_ENTRIES_PER_FRAME);
    }

    private int lowestFree() {
        int cap = capacity();
        for (int r = Math.max(hint, GrantFlags.GNTTAB_NR_RESERVED_ENTRIES); r < cap; r++) {
            if ((allocated[r >>> 6] & (1L << r)) == 0) {
                hint = r;
                return r;
            }
        }
        return -1;
    }

    private void checkAllocated(int ref, String what) {
        check();
        if (!ready
                || ref < GrantFlags.GNTTAB_NR_RESERVED_ENTRIES
                || ref >= capacity()
                || (allocated[ref >>> 6] & (1L << ref)) == 0) {
            throw kernel.panic(cpu, "gnttab: " + what + " of grant reference " + ref + ", which is not allocated");
        }
    }

    private void checkInTable(int ref) {
        check();
        if (!ready || ref < 0 || ref >= capacity()) {
            throw kernel.panic(cpu, "gnttab: grant reference " + ref + " is outside the table (" + capacity() + ")");
        }
    }

    /** Whether a {@link #reserveVa()} result is an errno (-4095 to -1, Linux's {@code IS_ERR_VALUE}), not an address. */
    public static boolean isError(long result) {
        return result < 0 && result >= -4095;
    }

    private void check() {
        if (kernel == null) {
            throw new IllegalStateException("the grant table is used before being bound to a vCPU");
        }
    }
}
