package org.pvsim.hypervisor.paging;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PSE;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;

import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * The processor's 4-level page walk for a 64-bit PV guest: translates a virtual address through the tables rooted at
 * an L4 frame, the way the MMU does with the guest's CR3 loaded. It runs in kernel mode with {@code CR0.WP} set, so
 * a write needs RW at every level. Entries in Xen's L4 slots are never followed. Superpage entries are not followed
 * either: a PV guest's validated tables cannot contain them.
 *
 * <p>Results: a machine address ({@code >= 0}), or a negative fault code from {@link #faultCode(long)}. Allocates
 * nothing.
 */
public final class GuestPageWalker {
    private final MachineMemory memory;

    public GuestPageWalker(MachineMemory memory) {
        this.memory = memory;
    }

    /** Encodes a page-fault error code as a negative translation result. */
    static long fault(int errorCode) {
        return -1L - errorCode;
    }

    /** Whether a translation result is a fault. */
    public static boolean isFault(long result) {
        return result < 0;
    }

    /** The x86 page-fault error code of a faulting translation result. */
    public static int faultCode(long result) {
        return (int) (-1L - result);
    }

    /**
     * Translates {@code va} through the tables rooted at {@code l4mfn}.
     *
     * @param l4mfn the root table, or a negative value for "no page tables" (every access faults)
     * @param write whether the access is a store
     * @return the machine address, or a fault result
     */
    public long translate(long l4mfn, long va, boolean write) {
        return walk(l4mfn, va, write, false);
    }

    /**
     * {@link #translate}, stamping every table frame read ({@link MachineMemory#noteTableRead}) so that a later write
     * to any of them voids a cached copy of the result. For {@link TranslationCache}.
     */
    long translateForCache(long l4mfn, long va, boolean write) {
        return walk(l4mfn, va, write, true);
    }

    private long walk(long l4mfn, long va, boolean write, boolean stamp) {
        int writeBit = write ? GuestPageFault.PFEC_WRITE_ACCESS : 0;
        if (l4mfn < 0 || !X86Paging.isCanonical(va)) {
            return fault(writeBit);
        }
        int l4slot = X86Paging.tableIndex(va, 4);
        if (!XenAddressSpace.isGuestL4Slot(l4slot)) {
            return fault(writeBit);
        }
        long table = l4mfn;
        boolean writable = true;
        for (int level = 4; level >= 1; level--) {
            if (!memory.isRam(table)) {
                return fault(writeBit);
            }
            if (stamp) {
                memory.noteTableRead(table);
            }
            long entry = memory.read64(table, X86Paging.tableIndex(va, level) * X86Paging.ENTRY_SIZE);
            if ((entry & _PAGE_PRESENT) == 0) {
                return fault(writeBit);
            }
            if (level > 1 && (entry & _PAGE_PSE) != 0) {
                return fault(writeBit | GuestPageFault.PFEC_PAGE_PRESENT);
            }
            writable &= (entry & _PAGE_RW) != 0;
            table = X86Paging.mfn(entry);
        }
        if (write && !writable) {
            return fault(writeBit | GuestPageFault.PFEC_PAGE_PRESENT);
        }
        if (!memory.isRam(table)) {
            return fault(writeBit | GuestPageFault.PFEC_PAGE_PRESENT);
        }
        return (table << PAGE_SHIFT) | (va & (X86Paging.PAGE_SIZE - 1));
    }
}
