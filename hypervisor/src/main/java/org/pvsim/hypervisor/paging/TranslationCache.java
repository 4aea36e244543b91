package org.pvsim.hypervisor.paging;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.util.Arrays;
import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * A software TLB for {@link GuestMemoryAccess}: a direct-mapped cache of successful page walks, keyed by (root L4
 * frame, virtual page number) and giving the machine frame and whether the walk allowed a write. It changes no
 * result: a hit returns exactly what {@link GuestPageWalker#translate} would return now, and it charges no virtual
 * time (the cost model never saw the walks).
 *
 * <p><b>Coherence.</b> An entry is valid only while {@link MachineMemory#ptGeneration()} equals the generation it was
 * filled in. The fill walk stamps every table frame it reads, and any write, copy or scrub of a stamped frame bumps
 * the generation (see {@link MachineMemory}); since a walk's result depends only on the bytes of the tables it reads
 * (RAM never grows or shrinks), no entry can outlive a change that would alter it. The page-type and lifecycle code
 * also bumps it by hand on type changes, pins, base switches, frees and domain death. Keying by the root frame
 * rather than by vCPU keeps entries of another base harmless: they are translations of that base, and a switch back
 * finds them still right (or voided by a write in between).
 *
 * <p>Only successful translations are cached; a fault always walks again. A read fills an entry that is not known
 * writable; a write hits only an entry filled by a successful write walk, so a read-only mapping never lends a store.
 * The hypervisor is single-threaded; the cache is not safe for concurrent use. Preallocated; allocates nothing.
 */
public final class TranslationCache {
    /** Entries in the cache: a power of two. */
    public static final int ENTRIES = 512;

    private static final int MASK = ENTRIES - 1;

    private final MachineMemory memory;
    private final GuestPageWalker walker;

    private final long[] rootTag = new long[ENTRIES];
    private final long[] vpnTag = new long[ENTRIES];
    /** The machine frame, shifted left by one; bit 0 is set if a write walk succeeded. */
    private final long[] frameAndWrite = new long[ENTRIES];
    /** The generation the entry was filled in; 0 (never a live generation) for an empty slot. */
    private final long[] generation = new long[ENTRIES];

    private long hits;
    private long misses;

    public TranslationCache(MachineMemory memory, GuestPageWalker walker) {
        this.memory = memory;
        this.walker = walker;
    }

    /**
     * Translates {@code va} through the tables rooted at {@code l4mfn}, as {@link GuestPageWalker#translate} does,
     * from the cache when it holds a valid entry.
     *
     * @return the machine address, or a fault result ({@link GuestPageWalker#isFault})
     */
    public long translate(long l4mfn, long va, boolean write) {
        long vpn = va >>> PAGE_SHIFT;
        int i = index(l4mfn, vpn);
        long gen = memory.ptGeneration();
        if (generation[i] == gen && rootTag[i] == l4mfn && vpnTag[i] == vpn) {
            long fw = frameAndWrite[i];
            if (!write || (fw & 1) != 0) {
                hits++;
                return ((fw >>> 1) << PAGE_SHIFT) | (va & (PAGE_SIZE - 1));
            }
        }
        misses++;
        long maddr = walker.translateForCache(l4mfn, va, write);
        if (!GuestPageWalker.isFault(maddr)) {
            rootTag[i] = l4mfn;
            vpnTag[i] = vpn;
            frameAndWrite[i] = ((maddr >>> PAGE_SHIFT) << 1) | (write ? 1 : 0);
            generation[i] = gen;
        }
        return maddr;
    }

    /** Voids every entry of this cache (the next access to each page walks again). */
    public void flush() {
        Arrays.fill(generation, 0);
    }

    /** Translations answered from the cache so far. */
    public long hits() {
        return hits;
    }

    /** Translations that walked the tables so far. */
    public long misses() {
        return misses;
    }

    private static int index(long l4mfn, long vpn) {
        return (int) (vpn ^ (l4mfn * 0x9E3779B97F4A7C15L >>> 40)) & MASK;
    }
}
