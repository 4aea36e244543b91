package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
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

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;

/**
 * One domain of the randomized PV MMU test: its pages, what the generator may aim at, and the random values it
 * draws. The generator is a guest kernel with bad habits: most calls build, hook, pin, switch to and tear down real
 * page-table trees over a pool of its pages, the rest aim at other domains' frames, Xen's slots, bad pointers and
 * out-of-range values.
 *
 * <p>The test drives the domain through its own page tables, so the generator never breaks the mappings the test
 * itself needs: it only writes page-table entries it is allowed to ({@link #isProtectedEntry}), only switches to a
 * root that still maps the test's memory ({@link #isSafeBase}), and keeps its arguments in its own pages.
 */
final class RandomGuest {
    static final int RW = _PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED;
    static final int RO = _PAGE_PRESENT | _PAGE_ACCESSED;
    static final int UPPER = StartOfDayLayout.UPPER_PROT;

    /** The L4 slot of the initial mapping: the test's own memory lives below it. */
    static final int MAP_SLOT = X86Paging.tableIndex(StartOfDayLayout.VIRT_BASE, 4);

    static final int[] L4_HOOKS = {1, 2, 3, 4, 300, 301, 302, 400};
    static final int[] L3_HOOKS = {1, 2, 3, 4, 5, 6, 7, 8};
    static final int L2_HOOK_COUNT = 12;

    final TestGuest g;
    final int domid;
    final SplittableRandom rnd;
    final ArgArea args;
    final long[] pool;
    final long[] poolMfn;
    final long l4;
    final long l3;
    final long l2;
    final long[] l1s;
    final int firstL2Hook;
    final long mapSlotEntry;
    final List<Long> extra = new ArrayList<>();
    final List<Long> roots = new ArrayList<>();
    List<RandomGuest> all;

    RandomGuest(TestGuest g, SplittableRandom rnd, int poolPages) {
        this.g = g;
        this.domid = g.domid();
        this.rnd = rnd;
        this.l4 = g.l4Mfn();
        this.l3 = g.l3Mfn();
        this.l2 = g.l2Mfn();
        int nrL1 = (int) ((g.layout.nrPages() + 511) / 512);
        this.l1s = new long[nrL1];
        for (int i = 0; i < nrL1; i++) {
            l1s[i] = g.mfn(g.layout.l4Pfn() + g.layout.nrPtFrames() - nrL1 + i);
        }
        this.firstL2Hook = nrL1;
        this.args = new ArgArea(g, 6);
        this.pool = new long[poolPages];
        this.poolMfn = new long[poolPages];
        for (int i = 0; i < poolPages; i++) {
            pool[i] = g.allocPfn();
            poolMfn[i] = g.mfn(pool[i]);
        }
        this.mapSlotEntry = memory().read64(l4, MAP_SLOT * 8);
    }

    boolean privileged() {
        return g.domain.isPrivileged();
    }

    FrameTable frames() {
        return g.hv.machine().frames();
    }

    MachineMemory memory() {
        return g.hv.machine().memory();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Random draws

    boolean chance(int percent) {
        return rnd.nextInt(100) < percent;
    }

    <T> T pick(List<T> list) {
        return list.get(rnd.nextInt(list.size()));
    }

    int pickIndex(int n) {
        return rnd.nextInt(n);
    }

    int poolIndex() {
        return rnd.nextInt(pool.length);
    }

    RandomGuest other() {
        RandomGuest o;
        do {
            o = all.get(rnd.nextInt(all.size()));
        } while (o == this);
        return o;
    }

    /** A pool page's frame whose type is {@code level}'s table, if one is found quickly, else any pool frame. */
    long poolFrameOfLevel(int level) {
        for (int tries = 0; tries < 8; tries++) {
            long m = poolMfn[poolIndex()];
            if (frames().owner(m) == domid
                    && frames().type(m).isPageTable()
                    && frames().type(m).level() == level) {
                return m;
            }
        }
        return poolMfn[poolIndex()];
    }

    /** A machine frame, biased toward the caller's pool, with other domains' frames and bad numbers mixed in. */
    long mfn() {
        int r = rnd.nextInt(100);
        int nrFrames = g.hv.machine().nrFrames();
        if (r < 45) {
            return poolMfn[poolIndex()];
        }
        if (r < 52) {
            return extra.isEmpty() ? poolMfn[poolIndex()] : pick(extra);
        }
        if (r < 57) {
            long[] tables = {l4, l3, l2, l1s[0]};
            return tables[rnd.nextInt(tables.length)];
        }
        if (r < 70) {
            RandomGuest o = other();
            return chance(80) ? o.poolMfn[o.poolIndex()] : o.l4;
        }
        if (r < 75) {
            return g.domain.sharedInfoMfn();
        }
        if (r < 85) {
            long[] bad = {nrFrames, nrFrames + 1L, (1L << 40) - 1, 0xF_FFFF_FFFFL, 0};
            return bad[rnd.nextInt(bad.length)];
        }
        long any;
        do {
            any = rnd.nextInt(nrFrames);
        } while (isArgumentFrame(any));
        return any;
    }

    /** Whether {@code mfn} holds some guest's hypercall arguments, which calls must not change under the test. */
    boolean isArgumentFrame(long mfn) {
        for (RandomGuest r : all) {
            if (r.args.holds(mfn)) {
                return true;
            }
        }
        return false;
    }

    /** 24-bit entry flags: mostly what a kernel uses, sometimes with a flag Xen refuses, sometimes anything. */
    int flags(int level) {
        int base;
        int r = rnd.nextInt(100);
        if (r < 10) {
            return 0;
        }
        if (level == 1) {
            base = r < 55 ? RO : RW;
        } else {
            base = r < 70 ? UPPER : r < 85 ? RO | _PAGE_USER : RW;
        }
        if (chance(12)) {
            int[] extras = {_PAGE_PCD, _PAGE_PWT, _PAGE_PAT, _PAGE_GLOBAL, _PAGE_GNTTAB, _PAGE_NX, _PAGE_DIRTY, 0xE00};
            base |= extras[rnd.nextInt(extras.length)];
        }
        if (chance(3)) {
            base = rnd.nextInt(1 << 24);
        }
        return base;
    }

    /** A page-table entry value for a table of {@code level}. */
    long pte(int level) {
        int r = rnd.nextInt(100);
        if (r < 8) {
            return 0;
        }
        if (r < 11) {
            return rnd.nextLong();
        }
        long target;
        if (level > 1 && chance(60)) {
            target = chance(15) ? poolFrameOfLevel(level) : poolFrameOfLevel(level - 1);
        } else {
            target = mfn();
        }
        return X86Paging.entry(target, flags(level));
    }

    /** A virtual address to update the mapping of: the pool's, sometimes one of the hooked regions', or a bad one. */
    long va() {
        int r = rnd.nextInt(100);
        if (r < 75) {
            return g.va(pool[poolIndex()]) + (chance(10) ? rnd.nextInt(4096) : 0);
        }
        if (r < 85) {
            return hookRegionVa();
        }
        long[] bad = {
            GuestAddresses.UNMAPPED,
            GuestAddresses.XEN_RANGE,
            GuestAddresses.NON_CANONICAL,
            0,
            -1,
            StartOfDayLayout.VIRT_BASE - 4096,
            rnd.nextLong()
        };
        return bad[rnd.nextInt(bad.length)];
    }

    /** An address mapped, if at all, through one of the hook slots. */
    long hookRegionVa() {
        int r = rnd.nextInt(3);
        long page = (long) rnd.nextInt(512) << X86Paging.PAGE_SHIFT;
        if (r == 0) {
            int slot = firstL2Hook + rnd.nextInt(L2_HOOK_COUNT);
            return StartOfDayLayout.VIRT_BASE + ((long) slot << X86Paging.L2_PAGETABLE_SHIFT) + page;
        }
        if (r == 1) {
            int slot = L3_HOOKS[rnd.nextInt(L3_HOOKS.length)];
            return StartOfDayLayout.VIRT_BASE + ((long) slot << X86Paging.L3_PAGETABLE_SHIFT) + page;
        }
        int slot = L4_HOOKS[rnd.nextInt(L4_HOOKS.length)];
        long va = (long) slot << X86Paging.L4_PAGETABLE_SHIFT;
        return (slot >= 256 ? va | 0xFFFF_0000_0000_0000L : va) + page;
    }

    /** The machine address of an entry: of a pool page, of a hook slot, of another domain's tables, or garbage. */
    long entryPtr() {
        int r = rnd.nextInt(100);
        if (r < 35) {
            return TestGuest.entryMaddr(poolMfn[poolIndex()], rnd.nextInt(512));
        }
        if (r < 50) {
            long pfn = pool[poolIndex()];
            return l1EntryOf(pfn);
        }
        if (r < 58) {
            return TestGuest.entryMaddr(l2, firstL2Hook + rnd.nextInt(L2_HOOK_COUNT));
        }
        if (r < 64) {
            return TestGuest.entryMaddr(l3, L3_HOOKS[rnd.nextInt(L3_HOOKS.length)]);
        }
        if (r < 72) {
            return TestGuest.entryMaddr(l4, L4_HOOKS[rnd.nextInt(L4_HOOKS.length)]);
        }
        if (r < 75) {
            return TestGuest.entryMaddr(l4, 256 + rnd.nextInt(16));
        }
        if (r < 80 && !roots.isEmpty()) {
            return TestGuest.entryMaddr(pick(roots), L4_HOOKS[rnd.nextInt(L4_HOOKS.length)]);
        }
        if (r < 90) {
            RandomGuest o = other();
            return chance(50)
                    ? o.l1EntryOf(o.pool[o.poolIndex()])
                    : TestGuest.entryMaddr(o.poolMfn[o.poolIndex()], rnd.nextInt(512));
        }
        return (mfn() << X86Paging.PAGE_SHIFT) + 8L * rnd.nextInt(512);
    }

    /** The machine address of the bootstrap L1 entry that maps {@code pfn}. */
    long l1EntryOf(long pfn) {
        return TestGuest.entryMaddr(l1s[(int) (pfn / 512)], (int) (pfn % 512));
    }

    /** The low bits of an mmu_update {@code ptr}: mostly a normal update, sometimes another command. */
    int updateCmd() {
        int r = rnd.nextInt(100);
        return r < 80 ? 0 : r < 88 ? 2 : r < 92 ? 3 : r < 96 ? 1 : 4 + rnd.nextInt(4);
    }

    /** A foreign-domain argument: mostly the caller, sometimes another domain, itself by id, or nonsense. */
    int foreigndom() {
        int r = rnd.nextInt(100);
        if (r < 75) {
            return DomId.DOMID_SELF;
        }
        if (r < 85) {
            return other().domid;
        }
        if (r < 88) {
            return domid;
        }
        int[] odd = {DomId.DOMID_IO, DomId.DOMID_XEN, DomId.DOMID_INVALID, 0x7000, 0xFFFF, rnd.nextInt(1 << 16)};
        return odd[rnd.nextInt(odd.length)];
    }

    /** A small count, or a boundary one. */
    long count(int usual) {
        int r = rnd.nextInt(100);
        if (r < 90) {
            return 1 + rnd.nextInt(usual);
        }
        long[] odd = {0, 0xFFFF_FFFFL, 0x8000_0000L, 0x8000_0001L, -1L, 1L << 32};
        return odd[rnd.nextInt(odd.length)];
    }

    /** A guest pointer that is not where the arguments are: unmapped, Xen's, non-canonical or read-only. */
    long badPointer() {
        long[] bad = {
            GuestAddresses.UNMAPPED,
            GuestAddresses.XEN_RANGE,
            GuestAddresses.NON_CANONICAL,
            0,
            g.va(g.layout.l4Pfn()),
            -8
        };
        return bad[rnd.nextInt(bad.length)];
    }

    // ---------------------------------------------------------------------------------------------------------
    // What the generator must not break

    /**
     * Whether writing the entry at machine address {@code maddr} could unmap the memory the test itself uses: any
     * entry of the bootstrap tables other than the hook slots, Xen's L4 slots and the pool pages' L1 entries, and the
     * slot of the initial mapping in a root copy.
     */
    boolean isProtectedEntry(long maddr) {
        long frame = maddr >>> X86Paging.PAGE_SHIFT;
        int index = (int) ((maddr & (X86Paging.PAGE_SIZE - 1)) >>> 3);
        if (frame == l4) {
            return !contains(L4_HOOKS, index) && (index < 256 || index >= 272);
        }
        if (frame == l3) {
            return !contains(L3_HOOKS, index);
        }
        if (frame == l2) {
            return index < firstL2Hook || index >= firstL2Hook + L2_HOOK_COUNT;
        }
        for (int i = 0; i < l1s.length; i++) {
            if (frame == l1s[i]) {
                return !isPoolPfn(i * 512L + index);
            }
        }
        return roots.contains(frame) && index == MAP_SLOT;
    }

    private boolean isPoolPfn(long pfn) {
        return pfn >= pool[0] && pfn <= pool[pool.length - 1];
    }

    private static boolean contains(int[] a, int v) {
        for (int x : a) {
            if (x == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code mfn} may be installed as this domain's kernel root without taking the test's memory away: any
     * frame the domain does not own (the call fails), or one of its roots that still maps the initial region.
     */
    boolean isSafeBase(long mfn) {
        if (!memory().isRam(mfn) || frames().owner(mfn) != domid) {
            return true;
        }
        return (mfn == l4 || roots.contains(mfn)) && memory().read64(mfn, MAP_SLOT * 8) == mapSlotEntry;
    }
}
