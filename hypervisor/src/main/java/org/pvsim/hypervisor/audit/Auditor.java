package org.pvsim.hypervisor.audit;

import static org.pvsim.hypervisor.abi.X86Paging.ENTRIES_PER_TABLE;
import static org.pvsim.hypervisor.abi.X86Paging.ENTRY_SIZE;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * Checks the hypervisor's whole state against {@code INVARIANTS.md}. It does not trust the counts it checks: it
 * recomputes every general and type reference from what holds them — allocation references, pins, vCPU page-table
 * bases, and every present entry of every validated page table — and compares.
 *
 * <ul>
 *   <li><b>I1</b> isolation: an entry of a domain's table references a frame of that domain, or an I/O frame it may
 *       map, or — for a privileged domain's L1 entries, or an L1 entry a privileged domain wrote into another
 *       domain's table — a foreign frame; page-table levels never cross domains.
 *   <li><b>I2</b> type safety: a frame referenced writably has type writable; one referenced as a page table has
 *       that page-table type; the two never meet.
 *   <li><b>I4</b> linear page tables: same-level entries are read-only, and no table both holds them and is their
 *       target.
 *   <li><b>I5</b> conservation: every frame's general and type counts equal the references found (Xen's share of a
 *       Xen-heap frame is one type reference); every domain's {@code tot_pages} equals the frames it owns; a Xen-heap
 *       frame no domain holds any more is the shared_info of a domain still in the table or a frame a subsystem keeps
 *       ({@link SubsystemAudit#sharedFrames}: grant and status frames); a subsystem's general-only references
 *       ({@link SubsystemAudit#generalReferences}) count in the general count.
 *   <li><b>I8</b> grant PTEs: a present L1 entry carrying {@code _PAGE_GNTTAB} that maps another domain's frame is
 *       vouched for by a subsystem's grant host mapping of its frame for the table's domain ({@link
 *       SubsystemAudit#hasGrantHostMapping}); then it may map that foreign frame (I1). Its references are counted as
 *       any L1 entry's: general, plus writable type when RW. A grant PTE of the table's domain's own frame needs no
 *       grant mapping behind it, because Xen lets a guest strand one: {@code replace_grant_pv_mapping} checks only
 *       that the PTE at {@code host_addr} maps the grant's frame with the same present and RW bits, not that it is a
 *       grant PTE, so unmapping a self-granted mapping with the address of an ordinary mapping of the same frame
 *       clears that ordinary PTE and leaves the grant PTE, its handle freed. The references balance (the ordinary
 *       PTE's stay with the grant PTE, the grant's are dropped) and the frame is the guest's own, so isolation (I1)
 *       and conservation (I5) still hold; only foreign frames need the grant. (A privileged domain could do the
 *       same through an ordinary mapping of a foreign frame it made with {@code mmu_update}; that is still
 *       reported.)
 *   <li><b>I6</b> page-struct discipline: a referenced frame has an owner; a frame out of the pool is referenced,
 *       unless it is a Xen-heap frame Xen holds alone; a free frame is in the pool with nothing set; a pinned frame is
 *       a validated page table.
 * </ul>
 * It also reports any hypervisor bug met so far. One audit reads every frame's bookkeeping and every validated
 * table's entries; it reuses its arrays, so auditing after every hypercall allocates little.
 */
public final class Auditor {
    private final Hypervisor hv;
    private final FrameTable frames;
    private final MachineMemory memory;
    private final FrameAllocator allocator;
    private final int nrFrames;
    private final int[] expCount;
    private final int[] expType;
    private final byte[] needType;
    private final int[] linearHeld;
    private final int[] linearTargeted;
    private final List<Violation> violations = new ArrayList<>();
    private final long[] owned = new long[DomId.DOMID_FIRST_RESERVED];
    private final long[] heap = new long[DomId.DOMID_FIRST_RESERVED];
    private final boolean[] keptBySubsystem;

    /** Stops collecting after this many violations: the first few tell the story. */
    public static final int MAX_VIOLATIONS = 20;

    private static final byte NO_NEED = -1;
    private static final byte CONFLICT = -2;

    public Auditor(Hypervisor hv) {
        this.hv = hv;
        this.frames = hv.machine().frames();
        this.memory = hv.machine().memory();
        this.allocator = hv.machine().allocator();
        this.nrFrames = hv.machine().nrFrames();
        this.expCount = new int[nrFrames];
        this.expType = new int[nrFrames];
        this.needType = new byte[nrFrames];
        this.linearHeld = new int[nrFrames];
        this.linearTargeted = new int[nrFrames];
        this.keptBySubsystem = new boolean[nrFrames];
    }

    /** Audits the whole host; returns the violations found (empty when every invariant holds). */
    public List<Violation> audit() {
        violations.clear();
        Arrays.fill(expCount, 0);
        Arrays.fill(expType, 0);
        Arrays.fill(needType, NO_NEED);
        Arrays.fill(linearHeld, 0);
        Arrays.fill(linearTargeted, 0);
        Arrays.fill(keptBySubsystem, false);
        for (String bug : hv.bugs()) {
            add("I17", "hypervisor bug: " + bug);
        }
        collectFrameReferences();
        collectBaseReferences();
        for (SubsystemAudit a : hv.subsystems().audits()) {
            a.frameReferences(this::subsystemReference);
            a.generalReferences(this::subsystemGeneralReference);
            a.sharedFrames(this::subsystemSharedFrame);
        }
        compareCounts();
        compareDomains();
        for (SubsystemAudit a : hv.subsystems().audits()) {
            a.audit(this::add);
        }
        return List.copyOf(violations);
    }

    /** A frame reference a subsystem holds ({@code get_page_and_type(PGT_writable_page)}). */
    private void subsystemReference(long mfn, String holder) {
        if (mfn < 0 || mfn >= nrFrames) {
            add("I5", holder + " holds a reference to frame " + mfn + ", which does not exist");
            return;
        }
        expCount[(int) mfn]++;
        expType[(int) mfn]++;
        need(mfn, PageType.PGT_writable_page, holder);
    }

    /** A general reference a subsystem holds ({@code get_page}, no type). */
    private void subsystemGeneralReference(long mfn, String holder) {
        if (mfn < 0 || mfn >= nrFrames) {
            add("I5", holder + " holds a reference to frame " + mfn + ", which does not exist");
            return;
        }
        expCount[(int) mfn]++;
    }

    /**
     * A Xen-heap frame a subsystem keeps (a grant or status frame): legitimate while Xen holds it alone, as a
     * present domain's shared_info is. Xen's writable type share is counted for every Xen-heap frame already.
     */
    private void subsystemSharedFrame(long mfn, String holder) {
        if (mfn < 0 || mfn >= nrFrames || !frames.hasPgc(mfn, FrameTable.PGC_xen_heap) || allocator.isFree(mfn)) {
            add("I5", holder + " keeps frame " + mfn + ", which is not a Xen-heap frame in use");
            return;
        }
        keptBySubsystem[(int) mfn] = true;
    }

    /** Whether some subsystem vouches for a grant PTE of {@code mapper}'s tables mapping {@code mfn}. */
    private boolean isVouchedGrantPte(int mapper, long mfn) {
        for (SubsystemAudit a : hv.subsystems().audits()) {
            if (a.hasGrantHostMapping(mapper, mfn)) {
                return true;
            }
        }
        return false;
    }

    private void add(String invariant, String message) {
        if (violations.size() < MAX_VIOLATIONS) {
            violations.add(new Violation(invariant, message));
        }
    }

    private void need(long mfn, PageType type, String holder) {
        int i = (int) mfn;
        byte want = (byte) type.code;
        if (needType[i] == NO_NEED) {
            needType[i] = want;
        } else if (needType[i] != want && needType[i] != CONFLICT) {
            add(
                    "I2",
                    "frame " + mfn + " is referenced both as " + PageType.ofCode(needType[i]) + " and as " + type
                            + " (by " + holder + ")");
            needType[i] = CONFLICT;
        }
    }

    private void collectFrameReferences() {
        for (long mfn = 0; mfn < nrFrames; mfn++) {
            if (frames.hasPgc(mfn, FrameTable.PGC_allocated)) {
                expCount[(int) mfn]++;
            }
            PageType type = frames.type(mfn);
            if (frames.hasPgc(mfn, FrameTable.PGC_xen_heap) && !allocator.isFree(mfn)) {
                // Xen's share of a page it allocated for a domain (shared_info): a writable type reference
                expType[(int) mfn]++;
                need(mfn, PageType.PGT_writable_page, "Xen's share");
            }
            if (frames.isPinned(mfn)) {
                expCount[(int) mfn]++;
                expType[(int) mfn]++;
                if (!type.isPageTable() || !frames.isValidated(mfn)) {
                    add(
                            "I6",
                            "frame " + mfn + " is pinned but is " + type
                                    + (frames.isValidated(mfn) ? "" : ", not validated"));
                } else {
                    need(mfn, type, "its pin");
                }
            }
            if (type.isPageTable() && frames.isValidated(mfn)) {
                if (frames.typeCount(mfn) == 0) {
                    add("I5", "page table " + mfn + " (" + type + ") is validated with type count 0");
                }
                scanTable(mfn, type.level());
            }
        }
    }

    private void scanTable(long table, int level) {
        int owner = frames.owner(table);
        Domain d = hv.domains().get(owner);
        for (int i = 0; i < ENTRIES_PER_TABLE; i++) {
            if (level == 4 && !XenAddressSpace.isGuestL4Slot(i)) {
                continue;
            }
            long e = memory.read64(table, i * ENTRY_SIZE);
            if (!X86Paging.isPresent(e)) {
                continue;
            }
            long t = X86Paging.mfn(e);
            String where = "entry " + i + " of " + PageType.pageTable(level) + " " + table + " (d" + owner + ")";
            if (level == 1) {
                scanL1Entry(e, t, table, i, owner, d, where);
            } else {
                scanUpperEntry(e, t, table, level, owner, where);
            }
        }
    }

    private void scanL1Entry(long e, long t, long table, int index, int owner, Domain d, String where) {
        if (!memory.isRam(t) || frames.owner(t) == DomId.DOMID_IO) {
            if (d == null || !d.isHardwareDomain()) {
                add("I1", where + " maps I/O frame " + t + " without I/O permission");
            }
            return;
        }
        int targetOwner = frames.owner(t);
        boolean grantPte = (X86Paging.flags24(e) & X86Paging._PAGE_GNTTAB) != 0;
        boolean vouched = false;
        if (grantPte) {
            vouched = isVouchedGrantPte(owner, t);
            if (!vouched && targetOwner != owner) {
                add("I8", where + " is a grant PTE without a grant mapping: frame " + t + " of d" + targetOwner);
            }
        }
        if (targetOwner != owner
                && !vouched
                && (d == null || !d.isPrivileged())
                && !hv.pageTypes().isForeignEntryByPrivilegedCaller(table, index, t)) {
            add("I1", where + " maps frame " + t + " of d" + targetOwner);
        }
        expCount[(int) t]++;
        if (X86Paging.isWritable(e)) {
            expType[(int) t]++;
            need(t, PageType.PGT_writable_page, where);
        }
    }

    private void scanUpperEntry(long e, long t, long table, int level, int owner, String where) {
        if (t == table) {
            if (X86Paging.isWritable(e)) {
                add("I4", where + " maps its own table writable");
            }
            return;
        }
        if (!memory.isRam(t) || frames.owner(t) != owner) {
            add("I1", where + " points to frame " + t + " of d" + (memory.isRam(t) ? frames.owner(t) : -1));
            return;
        }
        expCount[(int) t]++;
        expType[(int) t]++;
        PageType targetType = frames.type(t);
        if (targetType == PageType.pageTable(level)) {
            if (X86Paging.isWritable(e)) {
                add("I4", where + " is a writable linear entry to " + t);
            }
            linearHeld[(int) table]++;
            linearTargeted[(int) t]++;
            need(t, PageType.pageTable(level), where);
        } else {
            need(t, PageType.pageTable(level - 1), where);
        }
    }

    private void collectBaseReferences() {
        for (Domain d : hv.domains().all()) {
            for (int i = 0; i < d.maxVcpus(); i++) {
                Vcpu v = d.vcpu(i);
                base(v, v.guestTable(), "guest_table");
                base(v, v.guestTableUser(), "guest_table_user");
            }
        }
    }

    private void base(Vcpu v, long mfn, String which) {
        if (mfn == Vcpu.NO_BASE) {
            return;
        }
        if (!memory.isRam(mfn) || frames.owner(mfn) != v.domain().domid()) {
            add("I1", v + " " + which + " is frame " + mfn + ", not its domain's");
            return;
        }
        expCount[(int) mfn]++;
        expType[(int) mfn]++;
        need(mfn, PageType.PGT_root_page_table, v + " " + which);
    }

    private void compareCounts() {
        for (long mfn = 0; mfn < nrFrames; mfn++) {
            int i = (int) mfn;
            int owner = frames.owner(mfn);
            int count = frames.count(mfn);
            boolean free = allocator.isFree(mfn);
            if (free) {
                if (count != 0 || owner != FrameTable.NO_OWNER || frames.typeCount(mfn) != 0) {
                    add(
                            "I6",
                            "frame " + mfn + " is in the free pool but has owner " + owner + ", count " + count
                                    + ", type count " + frames.typeCount(mfn));
                }
                continue;
            }
            if (count > 0 && owner == FrameTable.NO_OWNER) {
                add("I6", "frame " + mfn + " has count " + count + " but no owner");
            }
            boolean xenHeld = owner == DomId.DOMID_XEN && frames.hasPgc(mfn, FrameTable.PGC_xen_heap);
            if (count == 0 && !xenHeld) {
                add("I6", "frame " + mfn + " is neither free nor referenced (owner " + owner + ")");
            }
            if (count != expCount[i]) {
                add(
                        "I5",
                        "frame " + mfn + " (owner " + owner + ", " + frames.type(mfn) + ") has count " + count + " but "
                                + expCount[i] + " references hold it");
            }
            int typeCount = frames.typeCount(mfn);
            if (typeCount != expType[i]) {
                add(
                        "I5",
                        "frame " + mfn + " (owner " + owner + ", " + frames.type(mfn) + ") has type count " + typeCount
                                + " but " + expType[i] + " type references hold it");
            }
            byte want = needType[i];
            if (want >= 0 && frames.type(mfn).code != want) {
                add(
                        "I2",
                        "frame " + mfn + " is " + frames.type(mfn) + " but is referenced as " + PageType.ofCode(want));
            }
            if (linearHeld[i] > 0 && linearTargeted[i] > 0) {
                add(
                        "I4",
                        "page table " + mfn + " both holds " + linearHeld[i] + " linear entries and is the target of "
                                + linearTargeted[i]);
            }
        }
    }

    private boolean isSharedInfoOfALiveDomain(long mfn) {
        for (Domain d : hv.domains().all()) {
            if (d.sharedInfoMfn() == mfn) {
                return true;
            }
        }
        return false;
    }

    private void compareDomains() {
        Arrays.fill(owned, 0);
        Arrays.fill(heap, 0);
        for (long mfn = 0; mfn < nrFrames; mfn++) {
            int owner = frames.owner(mfn);
            if (DomId.isRealDomain(owner)) {
                if (frames.hasPgc(mfn, FrameTable.PGC_xen_heap)) {
                    heap[owner]++;
                } else {
                    owned[owner]++;
                }
                if (hv.domains().get(owner) == null) {
                    add("I5", "frame " + mfn + " belongs to d" + owner + ", which no longer exists");
                }
            } else if (owner == DomId.DOMID_XEN
                    && frames.hasPgc(mfn, FrameTable.PGC_xen_heap)
                    && !keptBySubsystem[(int) mfn]
                    && !isSharedInfoOfALiveDomain(mfn)) {
                add("I5", "Xen-heap frame " + mfn + " is held by Xen for no domain: leaked");
            }
        }
        for (Domain d : hv.domains().all()) {
            if (d.totPages() != owned[d.domid()]) {
                add(
                        "I5",
                        "d" + d.domid() + " has tot_pages " + d.totPages() + " but owns " + owned[d.domid()]
                                + " frames");
            }
            if (d.xenheapPages() != heap[d.domid()]) {
                add(
                        "I5",
                        "d" + d.domid() + " counts " + d.xenheapPages() + " Xen-heap frames but owns "
                                + heap[d.domid()]);
            }
        }
    }
}
