package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_ACCESSED;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_AVAIL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_DIRTY;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GLOBAL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GNTTAB;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_GUEST_KERNEL;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_NX;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_RW;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_USER;

import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;

/**
 * Grant host mappings in a 64-bit PV guest's own L1 tables, after {@code xen/arch/x86/pv/grant_table.c}: {@code
 * create_grant_pv_mapping}, {@code replace_grant_pv_mapping} and {@code steal_linear_address}.
 *
 * <p>A grant PTE is P|A|D|NX|{@code _PAGE_GNTTAB}, RW unless {@code GNTMAP_readonly}, USER with {@code
 * GNTMAP_application_map}, plus the guest's available bits from the map flags ({@code grant_to_pte_flags}), then
 * adjusted as every 64-bit PV L1 entry is ({@code adjust_guest_l1e}: a kernel mapping gets USER and {@code
 * _PAGE_GUEST_KERNEL}, a user mapping GLOBAL). It is written without taking references: {@code map_grant_ref} took
 * them (a general one, and a writable type one unless read-only), the PTE holds them, and {@code unmap_grant_ref}
 * drops them after {@link #replace} cleared it. The address is either virtual, found through the page tables the
 * calling vCPU runs on ({@code map_guest_l1e}), or, with {@code GNTMAP_contains_pte}, the machine address of the
 * entry itself, which must be 8-aligned in an L1 the caller owns. In both cases the L1 must be validated and typed
 * {@code PGT_l1_page_table}.
 *
 * <p>pvsim maps RAM frames only, so no cache attributes come from the grant ({@code cacheattr_to_pte_flags}). A grant
 * PTE already at the target is not overwritten (that would be an implicit unmap, see {@link PageTypes}): the map
 * fails with {@code GNTST_general_error}. Allocates nothing.
 */
final class GrantPvMappings {
    /** {@code GNTST_okay}. */
    static final int GNTST_okay = 0;
    /** {@code GNTST_general_error}. */
    static final int GNTST_general_error = -1;

    /** {@code GNTMAP_readonly} ({@code public/grant_table.h}). */
    static final int GNTMAP_readonly = 1 << 2;
    /** {@code GNTMAP_application_map}. */
    static final int GNTMAP_application_map = 1 << 3;
    /** {@code GNTMAP_contains_pte}. */
    static final int GNTMAP_contains_pte = 1 << 4;
    /** {@code _GNTMAP_guest_avail0}: the map flags' bits from here on go to the PTE's available bits. */
    static final int GNTMAP_guest_avail0_shift = 16;

    private final PageTypes types;
    private final PageRefs refs;
    private final FrameTable frames;
    private final MachineMemory memory;
    private final DomainTable domains;

    /** The entry {@link #stealLinearAddress} took, and the foreign record that went with it. */
    private long stolenEntry;

    private long stolenForeign;

    GrantPvMappings(PageTypes types, DomainTable domains) {
        this.types = types;
        this.refs = types.refs();
        this.frames = refs.frames();
        this.memory = refs.memory();
        this.domains = domains;
    }

    /** {@code grant_to_pte_flags} (no cache attributes): the 24-bit flags of a grant PTE for map flags {@code flags}. */
    static int grantToPteFlags(int flags) {
        int pte = _PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_DIRTY | _PAGE_GNTTAB | _PAGE_NX;
        if ((flags & GNTMAP_application_map) != 0) {
            pte |= _PAGE_USER;
        }
        if ((flags & GNTMAP_readonly) == 0) {
            pte |= _PAGE_RW;
        }
        // MASK_INSR(flags >> _GNTMAP_guest_avail0, _PAGE_AVAIL)
        pte |= ((flags >>> GNTMAP_guest_avail0_shift) << Integer.numberOfTrailingZeros(_PAGE_AVAIL)) & _PAGE_AVAIL;
        return pte;
    }

    /** {@code adjust_guest_l1e} for a 64-bit PV guest, on 24-bit flags of a present entry. */
    static int adjustGuestL1eFlags(int flags) {
        if ((flags & _PAGE_PRESENT) == 0) {
            return flags;
        }
        if ((flags & _PAGE_USER) == 0) {
            flags |= _PAGE_GUEST_KERNEL | _PAGE_USER;
        }
        if ((flags & _PAGE_GUEST_KERNEL) == 0) {
            flags |= _PAGE_GLOBAL | _PAGE_USER;
        }
        return flags;
    }

    /** The grant PTE {@code create_grant_pv_mapping} writes for {@code mfn}. */
    static long grantPte(long mfn, int flags) {
        return X86Paging.entry(mfn, adjustGuestL1eFlags(grantToPteFlags(flags)));
    }

    private Vcpu vcpu(int domid, int vcpu) {
        Domain d = domains.get(domid);
        return d == null ? null : d.vcpu(vcpu);
    }

    /** The L1 frame holding the PTE at {@code addr}, as the grant paths find it, or -1. */
    private long l1Frame(Vcpu v, long addr, boolean containsPte) {
        if (containsPte) {
            long l1 = addr >>> PAGE_SHIFT;
            return memory.isRam(l1) ? l1 : -1;
        }
        return UpdateVaMappingHypercall.mapGuestL1e(memory, v.guestTable(), addr);
    }

    private static int l1Index(long addr, boolean containsPte) {
        return containsPte ? (int) ((addr & (X86Paging.PAGE_SIZE - 1)) >>> 3) : X86Paging.tableIndex(addr, 1);
    }

    /** {@code page_lock} plus the type check every grant path makes: a validated {@code PGT_l1_page_table}. */
    private boolean isLockedL1(long l1) {
        return types.isLockable(l1) && frames.type(l1) == PageType.PGT_l1_page_table;
    }

    /** {@code create_grant_pv_mapping}; see {@link org.pvsim.hypervisor.spi.GrantMmu#createGrantHostMapping}. */
    int create(int domid, int vcpu, long addr, long mfn, int flags) {
        Vcpu v = vcpu(domid, vcpu);
        if (v == null) {
            return GNTST_general_error;
        }
        Domain d = v.domain();
        long nl1e = grantPte(mfn, flags);
        boolean containsPte = (flags & GNTMAP_contains_pte) != 0;
        if (containsPte && (addr & (X86Paging.ENTRY_SIZE - 1)) != 0) {
            types.warn("Misaligned PTE address " + Long.toHexString(addr));
            return GNTST_general_error;
        }
        long l1 = l1Frame(v, addr, containsPte);
        if (l1 < 0) {
            if (!containsPte) {
                types.warn("Could not find L1 PTE for linear address " + Long.toHexString(addr));
            }
            return GNTST_general_error;
        }
        if (!refs.getPage(l1, domid)) {
            return GNTST_general_error;
        }
        int index = l1Index(addr, containsPte);
        int rc = GNTST_general_error;
        long ol1e = 0;
        if (isLockedL1(l1)) {
            ol1e = memory.read64(l1, index * X86Paging.ENTRY_SIZE);
            if (PageTypes.isImplicitUnmap(ol1e, d)) {
                // pvsim refuses what Xen would punish with #GP after the fact
                types.warnImplicitUnmap(d, ol1e);
            } else {
                types.writeL1EntryRaw(l1, index, nl1e);
                rc = GNTST_okay;
            }
        }
        refs.putPage(l1);
        if (rc == GNTST_okay) {
            types.putPageFromL1e(ol1e, d);
        }
        return rc;
    }

    /**
     * {@code steal_linear_address}: clears the PTE that maps {@code linear} in the caller's tables and keeps it in
     * {@link #stolenEntry}, its references with it.
     */
    private boolean stealLinearAddress(Vcpu v, long linear) {
        long l1 = UpdateVaMappingHypercall.mapGuestL1e(memory, v.guestTable(), linear);
        if (l1 < 0) {
            types.warn("Could not find L1 PTE for linear " + Long.toHexString(linear));
            return false;
        }
        if (!refs.getPage(l1, v.domain().domid())) {
            return false;
        }
        boolean okay = false;
        if (isLockedL1(l1)) {
            int index = X86Paging.tableIndex(linear, 1);
            stolenEntry = memory.read64(l1, index * X86Paging.ENTRY_SIZE);
            stolenForeign = types.writeL1EntryRaw(l1, index, 0);
            okay = true;
        }
        refs.putPage(l1);
        return okay;
    }

    /** {@code replace_grant_pv_mapping}; see {@link org.pvsim.hypervisor.spi.GrantMmu#replaceGrantHostMapping}. */
    int replace(int domid, int vcpu, long addr, long mfn, long newAddr, int flags) {
        Vcpu v = vcpu(domid, vcpu);
        if (v == null) {
            return GNTST_general_error;
        }
        Domain d = v.domain();
        int grantPteFlags = grantToPteFlags(flags);
        grantPteFlags |= (grantPteFlags & _PAGE_USER) != 0 ? _PAGE_GLOBAL : _PAGE_GUEST_KERNEL | _PAGE_USER;
        boolean containsPte = (flags & GNTMAP_contains_pte) != 0;
        long nl1e = 0;
        long nForeign = -1;
        int rc = GNTST_general_error;
        long l1 = -1;
        boolean gotL1 = false;
        if (containsPte) {
            // no replacement in this addressing mode; the address was good at map time
            if (newAddr == 0 && (addr & (X86Paging.ENTRY_SIZE - 1)) == 0) {
                l1 = l1Frame(v, addr, true);
                gotL1 = l1 >= 0 && refs.getPage(l1, domid);
            }
        } else if (newAddr == 0 || stealLinearAddress(v, newAddr)) {
            if (newAddr != 0) {
                nl1e = stolenEntry;
                nForeign = stolenForeign;
            }
            l1 = l1Frame(v, addr, false);
            gotL1 = l1 >= 0 && refs.getPage(l1, domid);
        }
        if (gotL1) {
            if (isLockedL1(l1)) {
                int index = l1Index(addr, containsPte);
                long ol1e = memory.read64(l1, index * X86Paging.ENTRY_SIZE);
                if (X86Paging.mfn(ol1e) != mfn
                        || ((X86Paging.flags24(ol1e) ^ grantPteFlags) & (_PAGE_PRESENT | _PAGE_RW)) != 0) {
                    types.warn("PTE " + String.format("%016x", ol1e) + " for " + Long.toHexString(addr)
                            + " doesn't match grant (" + String.format("%016x", X86Paging.entry(mfn, grantPteFlags))
                            + ")");
                } else {
                    types.writeL1EntryRaw(l1, index, nl1e);
                    if (nForeign >= 0) {
                        types.recordForeignEntry(l1, index, nForeign);
                    }
                    rc = GNTST_okay;
                }
            }
            refs.putPage(l1);
        }
        if (rc != GNTST_okay) {
            // still responsible for the stolen PTE
            types.putPageFromL1e(nl1e, d);
        }
        return rc;
    }
}
