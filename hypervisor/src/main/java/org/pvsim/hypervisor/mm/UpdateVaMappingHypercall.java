package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PRESENT;
import static org.pvsim.hypervisor.abi.X86Paging._PAGE_PSE;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_update_va_mapping(va, val, flags)} and {@code update_va_mapping_otherdomain(va, val, flags,
 * domid)} ({@code __do_update_va_mapping}, {@code xen/arch/x86/mm.c}).
 *
 * <p>The caller must have privilege over the domain named as page owner ({@code xsm_update_va_mapping}: XSM_TARGET,
 * whether or not the new entry is present). Then it finds the L1 entry that maps {@code va} through the caller's
 * current page tables ({@code map_guest_l1e}), checks that the L1 is the caller's and typed {@code
 * PGT_l1_page_table}, and updates the entry with {@code mod_l1_entry} (every check of an {@code
 * MMU_NORMAL_PT_UPDATE}). Then the flush {@code flags} ask for: pvsim has no TLB model, but a vCPU bitmap pointer is
 * still read, and a bad one gives {@code -EFAULT} after the update, as in Xen.
 */
public final class UpdateVaMappingHypercall {
    /** CPU time of one call. */
    public static final long COST_NS = 40;

    private final PageTypes types;
    private final MachineMemory memory;
    private final DomainTable domains;
    private final byte[] word = new byte[8];

    /** {@code update_va_mapping}. */
    public final CoreHypercall updateVaMapping;

    /** {@code update_va_mapping_otherdomain}. */
    public final CoreHypercall updateVaMappingOtherdomain;

    public UpdateVaMappingHypercall(PageTypes types, DomainTable domains) {
        this.types = types;
        this.memory = types.refs().memory();
        this.domains = domains;
        this.updateVaMapping = (f, va, val, flags, a4, a5) ->
                update(f, va, val, flags, f.domain().domid());
        this.updateVaMappingOtherdomain = (f, va, val, flags, domid, a5) -> {
            int pgOwner = PgOwner.resolve(f.domain(), this.domains, domid);
            return pgOwner < 0 ? pgOwner : update(f, va, val, flags, pgOwner);
        };
    }

    private long update(HypercallFrame f, long va, long val, long flags, int pgOwner) {
        Domain d = f.domain();
        f.charge(COST_NS);
        // xsm_update_va_mapping (XSM_TARGET): the caller over the page owner, whatever the new entry is
        int xsm = DummyXsm.target(d, pgOwner);
        if (xsm != 0) {
            return xsm;
        }
        long l1mfn = findL1(f.vcpu().guestTable(), va);
        if (l1mfn < 0 || !types.refs().getPage(l1mfn, d.domid())) {
            return Errno.EINVAL.neg();
        }
        int rc;
        if (!types.isLockable(l1mfn) || types.refs().frames().type(l1mfn) != PageType.PGT_l1_page_table) {
            rc = Errno.EINVAL.neg();
        } else {
            rc = types.modL1Entry(l1mfn, X86Paging.tableIndex(va, 1), val, false, d, pgOwner, d);
        }
        types.refs().putPage(l1mfn);
        if (rc != 0) {
            return rc;
        }
        long flushType = flags & UvmFlags.UVMF_FLUSHTYPE_MASK;
        long bitmap = flags & ~UvmFlags.UVMF_FLUSHTYPE_MASK;
        if ((flushType == UvmFlags.UVMF_TLB_FLUSH || flushType == UvmFlags.UVMF_INVLPG)
                && bitmap != UvmFlags.UVMF_LOCAL
                && bitmap != UvmFlags.UVMF_ALL) {
            for (int offs = 0; offs * 64 < d.maxVcpus(); offs++) {
                if (f.copyFromGuest(bitmap + 8L * offs, word, 0, 8) != 0) {
                    return Errno.EFAULT.neg();
                }
            }
        }
        return 0;
    }

    /**
     * {@code map_guest_l1e}: the L1 frame that maps {@code va} in the tables rooted at {@code l4mfn}, or -1 if
     * {@code va} is not a guest address or an upper level is not present (or is a superpage).
     */
    long findL1(long l4mfn, long va) {
        return mapGuestL1e(memory, l4mfn, va);
    }

    /**
     * {@code map_guest_l1e} over the tables rooted at {@code l4mfn}: the L1 frame that maps {@code va}, or -1. Shared
     * with the grant paths ({@link GrantPvMappings}), which find a host mapping's PTE the same way.
     */
    static long mapGuestL1e(MachineMemory memory, long l4mfn, long va) {
        if (l4mfn < 0 || !XenAddressSpace.isGuestAddress(va)) {
            return -1;
        }
        long table = l4mfn;
        for (int level = 4; level >= 2; level--) {
            if (!memory.isRam(table)) {
                return -1;
            }
            long e = memory.read64(table, X86Paging.tableIndex(va, level) * X86Paging.ENTRY_SIZE);
            if ((e & _PAGE_PRESENT) == 0 || (level < 4 && (e & _PAGE_PSE) != 0)) {
                return -1;
            }
            table = X86Paging.mfn(e);
        }
        return memory.isRam(table) ? table : -1;
    }
}
