package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;
import static org.pvsim.hypervisor.abi.X86Paging.PADDR_FRAME_MASK;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_AVAIL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_AVAIL_HIGH;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_DIRTY;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GLOBAL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GNTTAB;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_NX;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PAT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PCD;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PWT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_USER;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;

/**
 * Page types and page-table validation, after {@code xen/arch/x86/mm.c}: {@code get_page_type} /
 * {@code put_page_type}, the promotion and demotion of page tables, the reference each present entry holds
 * ({@code get_page_from_lNe} / {@code put_page_from_lNe}) and the validated update of one entry
 * ({@code mod_lN_entry}).
 *
 * <p>Invariants kept here (INVARIANTS.md I2-I5):
 *
 * <ul>
 *   <li>A frame's type changes only when its type count is 0. A frame used as a page table holds no writable
 *       mapping, because a writable L1 entry holds a {@code PGT_writable_page} type reference on its target.
 *   <li>A page-table frame with a non-zero type count is validated: every present entry holds the reference
 *       {@code get_page_from_lNe} took. When its type count drops to 0 it is devalidated and every entry's reference
 *       is dropped.
 *   <li>A linear (same-level) entry is read-only, stays within one domain, and a table either holds linear entries
 *       or is the target of them, never both.
 *   <li>Every path, failing or not, leaves counts consistent: a failed promotion undoes what it took.
 * </ul>
 *
 * <p>Grant PTEs (present L1 entries carrying {@code _PAGE_GNTTAB}, written only by {@link GrantPvMappings}) are never
 * changed through {@link #modL1Entry} while their domain is alive and not shutting down: Xen injects {@code #GP}
 * into a guest that tries such an "implicit unmap" ({@code put_page_from_l1e}); pvsim has no exception injection, so
 * the update is refused with {@code -EINVAL}, the entry stays as it was, and a warning goes to the console. When a
 * table holding grant PTEs is devalidated (unpinned, its last type reference dropped, or relinquished at death),
 * their references are dropped as any entry's are: that is how a dead PV mapper's host mappings are released.
 *
 * <p>pvsim validates a whole table in one step; Xen can preempt and continue ({@code PGT_partial}), which pvsim does
 * not model. Xen's own L4 slots (256-271) are not validated or referenced; guests cannot write them.
 */
public final class PageTypes {
    /** Flags a guest may change in a present L1 entry without revalidation ({@code FASTPATH_FLAG_WHITELIST}). */
    static final int FASTPATH_FLAG_WHITELIST =
            _PAGE_NX | _PAGE_AVAIL_HIGH | _PAGE_AVAIL | _PAGE_GLOBAL | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_USER;

    /** The cache-attribute flags ({@code PAGE_CACHE_ATTRS}). */
    static final int PAGE_CACHE_ATTRS = _PAGE_PAT | _PAGE_PCD | _PAGE_PWT;

    /** Uncacheable ({@code _PAGE_UC}). */
    static final int _PAGE_UC = _PAGE_PCD | _PAGE_PWT;

    /** The highest type count. */
    static final int MAX_TYPE_COUNT = Integer.MAX_VALUE - 1;

    private final PageRefs refs;
    private final FrameTable frames;
    private final MachineMemory memory;
    private final DomainTable domains;

    /** Where warnings go ({@code gprintk(XENLOG_WARNING, ...)}): the hypervisor's console. */
    private Consumer<String> warnings = line -> {};

    /** Page-table entries validated, a measure of work for the cost model. */
    private long entriesValidated;

    /**
     * L1 entries of one domain's table that the control domain pointed at another domain's frame (through a
     * page-table domain, {@code do_mmu_update}'s PFD): entry (frame * 512 + index) to the frame it was given. Xen keeps
     * no such record; the auditor needs it to tell these sanctioned foreign mappings from a broken isolation check.
     */
    private final Map<Long, Long> foreignEntries = new HashMap<>();

    public PageTypes(PageRefs refs, DomainTable domains) {
        this.refs = refs;
        this.frames = refs.frames();
        this.memory = refs.memory();
        this.domains = domains;
    }

    public PageRefs refs() {
        return refs;
    }

    /** Sends the MMU's warnings (an attempted implicit unmap of a grant PTE) to {@code console}. */
    public void setWarnings(Consumer<String> console) {
        this.warnings = console;
    }

    /** Logs one warning line on the hypervisor's console. */
    void warn(String line) {
        warnings.accept(line);
    }

    /** Present entries examined by validation so far. */
    public long entriesValidated() {
        return entriesValidated;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Type references

    /**
     * {@code get_page_type}: takes a type reference of type {@code t}. At type count 0 the type may change, and a
     * page-table type is validated (promoted), which takes a reference for every present entry.
     *
     * @return 0, or {@code -EINVAL} for a type conflict or overflow, or the error that failed validation
     */
    public int getPageType(long mfn, PageType t) {
        int count = frames.typeCount(mfn);
        if (count >= MAX_TYPE_COUNT) {
            return Errno.EINVAL.neg();
        }
        if (count > 0) {
            if (frames.type(mfn) != t || !frames.isValidated(mfn)) {
                return Errno.EINVAL.neg();
            }
            frames.setTypeCount(mfn, count + 1);
            return 0;
        }
        if (frames.type(mfn) != t) {
            if (t.isPageTable() || frames.type(mfn).isPageTable()) {
                // a frame becomes or stops being a page table: as Xen flushes TLBs on a type change
                memory.invalidateTranslations();
            }
            frames.setType(mfn, t);
            frames.setValidated(mfn, false);
        }
        frames.setTypeCount(mfn, 1);
        if (frames.isValidated(mfn)) {
            return 0;
        }
        if (!t.isPageTable()) {
            frames.setValidated(mfn, true);
            return 0;
        }
        frames.setLinear(mfn, 0);
        int rc = promote(mfn, t.level());
        memory.invalidateTranslations();
        if (rc != 0) {
            // validate_page: on failure the type information is reset
            frames.setType(mfn, PageType.PGT_none);
            frames.setTypeCount(mfn, 0);
            frames.setValidated(mfn, false);
            return rc;
        }
        frames.setValidated(mfn, true);
        return 0;
    }

    /** {@code put_page_type}: drops a type reference taken without a containing table. */
    public void putPageType(long mfn) {
        putPageType(mfn, -1);
    }

    /**
     * {@code _put_page_type}: drops a type reference. The last reference on a validated page table devalidates it.
     *
     * @param containerMfn the table whose entry held the reference, or -1; used for linear-entry accounting
     */
    public void putPageType(long mfn, long containerMfn) {
        int count = frames.typeCount(mfn);
        if (count <= 0) {
            throw new IllegalStateException("put_page_type on frame " + mfn + " with type count " + count);
        }
        PageType type = frames.type(mfn);
        boolean linear = containerMfn >= 0 && frames.type(containerMfn) == type && type.isPageTable();
        if (count == 1 && type.isPageTable() && frames.isValidated(mfn)) {
            frames.setValidated(mfn, false);
            frames.setTypeCount(mfn, 0);
            memory.invalidateTranslations();
            demote(mfn, type.level());
        } else {
            frames.setTypeCount(mfn, count - 1);
        }
        if (linear) {
            frames.setLinear(mfn, frames.linear(mfn) + 1);
            frames.setLinear(containerMfn, frames.linear(containerMfn) - 1);
        }
    }

    /** {@code put_page_and_type}. */
    public void putPageAndType(long mfn) {
        putPageType(mfn);
        refs.putPage(mfn);
    }

    /**
     * {@code get_page_and_type_from_mfn}: a general and a type reference on a frame owned by {@code domid}.
     *
     * @return 0, {@code -EINVAL} if the frame is not {@code domid}'s, or the type error (no reference kept)
     */
    public int getPageAndTypeFromMfn(long mfn, PageType t, int domid) {
        if (!refs.getPage(mfn, domid)) {
            return Errno.EINVAL.neg();
        }
        int rc = getPageType(mfn, t);
        if (rc != 0) {
            refs.putPage(mfn);
        }
        return rc;
    }

    /** {@code page_lock} precondition: a validated frame with a non-zero type count. */
    public boolean isLockable(long mfn) {
        return frames.typeCount(mfn) > 0 && frames.isValidated(mfn);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Promotion and demotion

    private int promote(long mfn, int level) {
        int owner = frames.owner(mfn);
        Domain d = domains.get(owner);
        if (d == null) {
            return Errno.EINVAL.neg();
        }
        for (int i = 0; i < ENTRIES_PER_TABLE; i++) {
            if (level == 4 && !XenAddressSpace.isGuestL4Slot(i)) {
                continue;
            }
            long e = memory.read64(mfn, i * ENTRY_SIZE);
            if ((e & _PAGE_PRESENT) == 0) {
                continue;
            }
            entriesValidated++;
            int rc;
            if (level == 1) {
                rc = getPageFromL1e(e, d, d.domid(), d);
                if (rc > 0) {
                    memory.write64(mfn, i * ENTRY_SIZE, e ^ rc);
                    rc = 0;
                }
            } else {
                rc = getPageFromLne(e, level, mfn, d);
            }
            if (rc < 0) {
                for (int j = i - 1; j >= 0; j--) {
                    if (level == 4 && !XenAddressSpace.isGuestL4Slot(j)) {
                        continue;
                    }
                    putPageFromEntry(memory.read64(mfn, j * ENTRY_SIZE), level, mfn, d);
                }
                return rc;
            }
        }
        return 0;
    }

    private void demote(long mfn, int level) {
        int owner = frames.owner(mfn);
        Domain d = domains.get(owner);
        for (int i = 0; i < ENTRIES_PER_TABLE; i++) {
            if (level == 4 && !XenAddressSpace.isGuestL4Slot(i)) {
                continue;
            }
            putPageFromEntry(memory.read64(mfn, i * ENTRY_SIZE), level, mfn, d);
        }
    }

    /**
     * Devalidates a page table whose type count is still non-zero, dropping every entry's reference: how a dying
     * domain breaks the references its page tables hold ({@code relinquish_memory}).
     */
    public void forceDevalidate(long mfn) {
        PageType type = frames.type(mfn);
        if (!type.isPageTable() || !frames.isValidated(mfn)) {
            return;
        }
        frames.setValidated(mfn, false);
        memory.invalidateTranslations();
        demote(mfn, type.level());
    }

    private void putPageFromEntry(long e, int level, long containerMfn, Domain d) {
        if (level == 1) {
            putPageFromL1e(e, d);
        } else {
            putPageFromLne(e, containerMfn);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // L1 entries

    /** {@code l1_disallow_mask}: flags refused in an L1 entry of {@code d}. */
    static int l1DisallowMask(Domain d) {
        return d.isHardwareDomain() ? X86Paging.L1_DISALLOW_MASK & ~PAGE_CACHE_ATTRS : X86Paging.L1_DISALLOW_MASK;
    }

    /** Whether {@code d} may map the I/O frame {@code mfn} ({@code iomem_access_permitted}). */
    static boolean iomemPermitted(Domain d, long mfn) {
        return d != null && d.isHardwareDomain() && mfn != INVALID_MFN;
    }

    /**
     * The frame number of an entry whose address bits are all set ({@code PADDR_MASK >> PAGE_SHIFT}): Xen's {@code
     * INVALID_MFN} as an entry can hold it. No domain's I/O memory covers it (the hardware domain's ends at its
     * physical-address width), and mapping it is {@code -EINVAL} rather than {@code -EPERM}.
     */
    static final long INVALID_MFN = X86Paging.PADDR_FRAME_MASK >>> X86Paging.PAGE_SHIFT;

    /**
     * {@code get_page_from_l1e}: the reference a present L1 entry of {@code l1eOwner} holds on its target, whose
     * owner should be {@code pgOwnerDomid} (the caller, or the foreign domain of a privileged mapping).
     *
     * @param caller the domain making the hypercall ({@code current->domain})
     * @return 0, a positive set of flags the caller must flip in the entry (I/O frames are forced uncacheable), or
     *     a negative errno: {@code -EINVAL} for a disallowed flag, {@code -EPERM} for an I/O frame without
     *     permission, {@code -EBUSY} for a frame that may not be mapped this way
     */
    public int getPageFromL1e(long e, Domain l1eOwner, int pgOwnerDomid, Domain caller) {
        int flags = X86Paging.flags24(e);
        int disallow = l1DisallowMask(l1eOwner);
        if ((flags & disallow) != 0) {
            return Errno.EINVAL.neg();
        }
        long mfn = X86Paging.mfn(e);
        boolean valid = memory.isRam(mfn);
        int realOwner = valid ? refs.getOwnerAndReference(mfn) : FrameTable.NO_OWNER;
        if (!valid || realOwner == DomId.DOMID_IO) {
            if (valid) {
                refs.putPage(mfn);
            }
            Domain pg = pgOwnerDomid == DomId.DOMID_IO ? caller : domains.get(pgOwnerDomid);
            if (!iomemPermitted(pg, mfn)) {
                return mfn == INVALID_MFN ? Errno.EINVAL.neg() : Errno.EPERM.neg();
            }
            if (pg != l1eOwner && !iomemPermitted(l1eOwner, mfn)) {
                return mfn == INVALID_MFN ? Errno.EINVAL.neg() : Errno.EPERM.neg();
            }
            int attrs = flags & PAGE_CACHE_ATTRS;
            return isUncacheable(attrs) ? 0 : attrs ^ _PAGE_UC;
        }
        if (realOwner != pgOwnerDomid) {
            Domain pg = domains.get(pgOwnerDomid);
            if (realOwner == FrameTable.NO_OWNER
                    || pgOwnerDomid == l1eOwner.domid()
                    || pg == null
                    || !pg.isPrivileged()) {
                if (realOwner != FrameTable.NO_OWNER) {
                    refs.putPage(mfn);
                }
                return Errno.EBUSY.neg();
            }
        }
        if ((flags & _PAGE_RW) != 0 && getPageType(mfn, PageType.PGT_writable_page) != 0) {
            refs.putPage(mfn);
            return Errno.EBUSY.neg();
        }
        return 0;
    }

    /**
     * Whether cache attributes select an uncacheable memory type (UC, UC- or WC) under Xen's PAT
     * ({@code XEN_MSR_PAT}: PAT indices 2, 3, 4, 6 and 7).
     */
    static boolean isUncacheable(int attrs) {
        int patIndex = ((attrs & _PAGE_PAT) != 0 ? 4 : 0)
                | ((attrs & _PAGE_PCD) != 0 ? 2 : 0)
                | ((attrs & _PAGE_PWT) != 0 ? 1 : 0);
        return patIndex >= 2 && patIndex != 5;
    }

    /**
     * Whether {@code e} is a grant PTE: present and carrying {@code _PAGE_GNTTAB}, which only a grant host mapping
     * writes ({@code create_grant_pv_mapping}); a guest can never write it ({@code L1_DISALLOW_MASK}).
     */
    public static boolean isGrantPte(long e) {
        return (e & _PAGE_PRESENT) != 0 && (X86Paging.flags24(e) & _PAGE_GNTTAB) != 0;
    }

    /**
     * Whether dropping a grant PTE of {@code l1eOwner}'s tables is an "implicit unmap" Xen punishes ({@code
     * put_page_from_l1e}): the domain is neither shutting down nor dying. A dying domain's grant PTEs go with its
     * page tables.
     */
    static boolean isImplicitUnmap(long e, Domain l1eOwner) {
        return isGrantPte(e) && l1eOwner != null && !l1eOwner.isShuttingDown() && l1eOwner.isAlive();
    }

    /** The warning Xen prints on an implicit unmap, naming the domain and the PTE. */
    void warnImplicitUnmap(Domain l1eOwner, long e) {
        warn("Attempt to implicitly unmap d" + l1eOwner.domid() + "'s grant PTE " + String.format("%016x", e));
    }

    /**
     * {@code put_page_from_l1e}: drops the reference a present L1 entry held. A grant PTE's references (taken by
     * {@code map_grant_ref}) are dropped the same way; if its domain is alive this is an implicit unmap, which is
     * logged (Xen also injects {@code #GP}).
     */
    public void putPageFromL1e(long e, Domain l1eOwner) {
        if ((e & _PAGE_PRESENT) == 0) {
            return;
        }
        long mfn = X86Paging.mfn(e);
        if (!memory.isRam(mfn) || frames.owner(mfn) == DomId.DOMID_IO) {
            return;
        }
        if (isImplicitUnmap(e, l1eOwner)) {
            warnImplicitUnmap(l1eOwner, e);
        }
        if ((e & _PAGE_RW) != 0) {
            putPageAndType(mfn);
        } else {
            refs.putPage(mfn);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // L2-L4 entries

    /** The flags refused in an entry of the given level. */
    static int disallowMask(int level) {
        switch (level) {
            case 2:
                return X86Paging.L2_DISALLOW_MASK;
            case 3:
                return X86Paging.L3_DISALLOW_MASK;
            default:
                return X86Paging.L4_DISALLOW_MASK;
        }
    }

    /**
     * {@code get_page_from_l2e/l3e/l4e}: a present entry of an L{@code level} table holds a general and a type
     * reference on the table one level down, which validates it; or, for a read-only linear entry, on a validated
     * table of the same level.
     *
     * @return 0, or {@code -EINVAL} (bad flags, foreign frame, wrong type) or the validation error below
     */
    public int getPageFromLne(long e, int level, long containerMfn, Domain d) {
        if ((X86Paging.flags24(e) & disallowMask(level)) != 0) {
            return Errno.EINVAL.neg();
        }
        long target = X86Paging.mfn(e);
        int rc = getPageAndTypeFromMfn(target, PageType.pageTable(level - 1), d.domid());
        if (rc == Errno.EINVAL.neg() && getLinearPagetable(e, level, containerMfn, d)) {
            rc = 0;
        }
        return rc;
    }

    /** {@code get_lN_linear_pagetable}: a read-only entry pointing at a validated table of its own level. */
    private boolean getLinearPagetable(long e, int level, long containerMfn, Domain d) {
        if ((e & _PAGE_RW) != 0) {
            return false;
        }
        long target = X86Paging.mfn(e);
        if (target == containerMfn) {
            return true;
        }
        if (frames.owner(containerMfn) != d.domid()) {
            return false;
        }
        if (!refs.getPage(target, d.domid())) {
            return false;
        }
        if (frames.linear(containerMfn) < 0) {
            refs.putPage(target);
            return false;
        }
        frames.setLinear(containerMfn, frames.linear(containerMfn) + 1);
        if (frames.linear(target) > 0) {
            frames.setLinear(containerMfn, frames.linear(containerMfn) - 1);
            refs.putPage(target);
            return false;
        }
        frames.setLinear(target, frames.linear(target) - 1);
        if (frames.typeCount(target) >= MAX_TYPE_COUNT
                || frames.type(target) != PageType.pageTable(level)
                || !frames.isValidated(target)) {
            frames.setLinear(target, frames.linear(target) + 1);
            frames.setLinear(containerMfn, frames.linear(containerMfn) - 1);
            refs.putPage(target);
            return false;
        }
        frames.setTypeCount(target, frames.typeCount(target) + 1);
        return true;
    }

    /** {@code put_page_from_l2e/l3e/l4e}: drops the references a present entry held (none for a self-map). */
    public void putPageFromLne(long e, long containerMfn) {
        if ((e & _PAGE_PRESENT) == 0) {
            return;
        }
        long target = X86Paging.mfn(e);
        if (target == containerMfn) {
            return;
        }
        putPageType(target, containerMfn);
        refs.putPage(target);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Entry updates

    /** {@code l1e_has_changed}: whether the frame or any flag outside {@code keepMask} differs. */
    static boolean hasChanged(long oldE, long newE, int keepMask24) {
        long putFlags = ((long) (~keepMask24 & 0xFF_F000) << 40) | (~keepMask24 & 0xFFF);
        return ((oldE ^ newE) & (PADDR_FRAME_MASK | putFlags)) != 0;
    }

    private static long preserveAd(long oldE, long newE, boolean preserve) {
        return preserve ? newE | (oldE & (_PAGE_ACCESSED | _PAGE_DIRTY)) : newE;
    }

    /**
     * {@code mod_l1_entry}: writes {@code newE} into entry {@code index} of the L1 table {@code l1mfn}, taking the
     * new entry's reference before dropping the old one's.
     *
     * @param ptDom the domain whose table it is
     * @param pgOwnerDomid the domain the new entry's frame should belong to
     * @param caller the domain making the hypercall
     * <p>An entry holding a grant PTE is refused ({@code -EINVAL}, logged) while {@code ptDom} is alive: whatever
     * the new value, it would drop the grant's PTE behind the grant table's back (an implicit unmap), and the fast
     * path below would even turn it into an ordinary entry that keeps the grant's references.
     *
     * @return 0 or a negative errno; on error the entry is unchanged
     */
    public int modL1Entry(
            long l1mfn, int index, long newE, boolean preserveAd, Domain ptDom, int pgOwnerDomid, Domain caller) {
        int off = index * ENTRY_SIZE;
        long oldE = memory.read64(l1mfn, off);
        if (isImplicitUnmap(oldE, ptDom)) {
            warnImplicitUnmap(ptDom, oldE);
            return Errno.EINVAL.neg();
        }
        if ((newE & _PAGE_PRESENT) != 0) {
            if ((X86Paging.flags24(newE) & l1DisallowMask(ptDom)) != 0) {
                return Errno.EINVAL.neg();
            }
            if (!hasChanged(oldE, newE, FASTPATH_FLAG_WHITELIST)) {
                memory.write64(l1mfn, off, preserveAd(oldE, newE, preserveAd));
                return 0;
            }
            int rc = getPageFromL1e(newE, ptDom, pgOwnerDomid, caller);
            if (rc < 0) {
                return rc;
            }
            newE ^= rc;
        }
        memory.write64(l1mfn, off, preserveAd(oldE, newE, preserveAd));
        putPageFromL1e(oldE, ptDom);
        long key = l1mfn * ENTRIES_PER_TABLE + index;
        long target = X86Paging.mfn(newE);
        if ((newE & _PAGE_PRESENT) != 0
                && caller != ptDom
                && memory.isRam(target)
                && frames.owner(target) != ptDom.domid()) {
            foreignEntries.put(key, target);
        } else if (!foreignEntries.isEmpty()) {
            foreignEntries.remove(key);
        }
        return 0;
    }

    /**
     * Writes entry {@code index} of the validated L1 table {@code l1mfn} without taking or dropping any reference
     * ({@code UPDATE_ENTRY}): the grant paths' write, whose references the grant table took or drops itself.
     *
     * @return the frame the old entry pointed at as a privileged caller's foreign mapping (see {@link
     *     #isForeignEntryByPrivilegedCaller}), or -1; the record moves with the entry only if the caller says so
     */
    long writeL1EntryRaw(long l1mfn, int index, long e) {
        memory.write64(l1mfn, index * ENTRY_SIZE, e);
        if (foreignEntries.isEmpty()) {
            return -1;
        }
        Long was = foreignEntries.remove(l1mfn * ENTRIES_PER_TABLE + index);
        return was == null ? -1 : was;
    }

    /** Records that entry {@code index} of {@code l1mfn} is a privileged caller's foreign mapping of {@code mfn}. */
    void recordForeignEntry(long l1mfn, int index, long mfn) {
        foreignEntries.put(l1mfn * ENTRIES_PER_TABLE + index, mfn);
    }

    /**
     * Whether entry {@code index} of the L1 table {@code l1mfn} was pointed at frame {@code mfn}, which its table's
     * domain does not own, by another (privileged) domain: a mapping Xen allows, which the auditor must not report.
     */
    public boolean isForeignEntryByPrivilegedCaller(long l1mfn, int index, long mfn) {
        Long target = foreignEntries.get(l1mfn * ENTRIES_PER_TABLE + index);
        return target != null && target == mfn;
    }

    /**
     * {@code mod_l2_entry} / {@code mod_l3_entry} / {@code mod_l4_entry}: writes {@code newE} into entry {@code
     * index} of the L{@code level} table {@code mfn} of domain {@code d}, validating what it points to.
     *
     * @return 0, or {@code -EINVAL} (an L4 slot that belongs to Xen, disallowed flags, or a bad target), or the
     *     validation error of the new target; on error the entry is unchanged
     */
    public int modLnEntry(long mfn, int index, long newE, int level, boolean preserveAd, Domain d) {
        if (level == 4 && !XenAddressSpace.isGuestL4Slot(index)) {
            return Errno.EINVAL.neg();
        }
        int off = index * ENTRY_SIZE;
        long oldE = memory.read64(mfn, off);
        if ((newE & _PAGE_PRESENT) != 0) {
            if ((X86Paging.flags24(newE) & disallowMask(level)) != 0) {
                return Errno.EINVAL.neg();
            }
            if (!hasChanged(oldE, newE, FASTPATH_FLAG_WHITELIST)) {
                memory.write64(mfn, off, preserveAd(oldE, newE, preserveAd));
                return 0;
            }
            int rc = getPageFromLne(newE, level, mfn, d);
            if (rc < 0) {
                return rc;
            }
        }
        memory.write64(mfn, off, preserveAd(oldE, newE, preserveAd));
        putPageFromLne(oldE, mfn);
        return 0;
    }
}
