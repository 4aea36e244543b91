package org.pvsim.hypervisor.mm;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SHIFT;
import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuUpdateCmd;
import org.pvsim.hypervisor.abi.MmuUpdateDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_mmu_update(reqs, count, pdone, foreigndom)} ({@code do_mmu_update}, {@code xen/arch/x86/mm.c}).
 *
 * <p>Each request names a machine address and a value. {@code MMU_NORMAL_PT_UPDATE} (and its variants) writes an
 * entry of a page table owned by the page-table owner: validated through {@code mod_lN_entry} if the frame is a
 * page table in use, a plain write otherwise. {@code MMU_MACHPHYS_UPDATE} sets the frame's M2P entry. The batch stops
 * at the first error and {@code *pdone} gets the number of requests done.
 *
 * <p>{@code foreigndom}: bits 0-15 name the owner of the frames entries point to (FD); bits 16-31, minus one, the
 * owner of the page tables (PFD). Naming another domain needs privilege over it.
 */
public final class MmuUpdateHypercall implements CoreHypercall {
    /** Set in {@code count} by a continuation ({@code MMU_UPDATE_PREEMPTED}). */
    public static final long MMU_UPDATE_PREEMPTED = BatchProgress.MMU_UPDATE_PREEMPTED;
    /** CPU time per request. */
    public static final long COST_PER_REQUEST_NS = 40;

    private final PageTypes types;
    private final PageRefs refs;
    private final DomainTable domains;
    private final byte[] req = new byte[MmuUpdateDescriptor.SIZE];
    private final BatchProgress progress = new BatchProgress();

    public MmuUpdateHypercall(PageTypes types, DomainTable domains) {
        this.types = types;
        this.refs = types.refs();
        this.domains = domains;
    }

    @Override
    public long invoke(HypercallFrame f, long ureqs, long countArg, long pdone, long foreigndom, long unused) {
        Domain d = f.domain();
        long fd = foreigndom & 0xFFFF_FFFFL;
        if (BatchProgress.isBareContinuation(countArg, ureqs)) {
            return (int) fd;
        }
        progress.start(f, countArg, pdone);
        long count = progress.count();
        if (!f.handleOkay(ureqs, count * MmuUpdateDescriptor.SIZE)) {
            return Errno.EFAULT.neg();
        }
        Domain ptOwner = d;
        int ptDom = (int) (fd >>> 16);
        if (ptDom != 0) {
            ptOwner = domains.get(ptDom - 1);
            if (ptOwner == null) {
                return Errno.ESRCH.neg();
            }
        }
        int pgOwner = PgOwner.resolve(d, domains, fd);
        if (pgOwner < 0) {
            return pgOwner;
        }
        int rc = 0;
        long i;
        for (i = 0; i < count; i++) {
            if (f.copyFromGuest(ureqs + i * MmuUpdateDescriptor.SIZE, req, 0, MmuUpdateDescriptor.SIZE) != 0) {
                rc = Errno.EFAULT.neg();
                break;
            }
            f.charge(COST_PER_REQUEST_NS);
            long ptr = LittleEndian.getI64(req, MmuUpdateDescriptor.PTR_OFFSET);
            long val = LittleEndian.getI64(req, MmuUpdateDescriptor.VAL_OFFSET);
            int cmd = MmuUpdateDescriptor.cmd(ptr);
            MmuUpdateCmd c = MmuUpdateCmd.ofCode(cmd);
            if (c == null) {
                rc = Errno.ENOSYS.neg();
            } else if (c == MmuUpdateCmd.MMU_MACHPHYS_UPDATE) {
                rc = machphysUpdate(d, ptOwner, pgOwner, ptr, val);
            } else {
                rc = normalUpdate(f, d, ptOwner, pgOwner, MmuUpdateDescriptor.address(ptr), val, c);
            }
            if (rc != 0) {
                break;
            }
        }
        progress.finish(f, pdone, i);
        return rc;
    }

    private int normalUpdate(
            HypercallFrame f, Domain d, Domain ptOwner, int pgOwner, long ptr, long val, MmuUpdateCmd cmd) {
        int rc = xsmMmuUpdate(d, ptOwner, pgOwner);
        if (rc != 0) {
            return rc;
        }
        long mfn = ptr >>> PAGE_SHIFT;
        int index = (int) ((ptr & (PAGE_SIZE - 1)) >>> 3);
        if (!refs.getPage(mfn, ptOwner.domid())) {
            return Errno.EINVAL.neg();
        }
        rc = Errno.EINVAL.neg();
        boolean preserveAd = cmd == MmuUpdateCmd.MMU_PT_UPDATE_PRESERVE_AD;
        if (types.isLockable(mfn)) {
            PageType type = refs.frames().type(mfn);
            switch (type) {
                case PGT_l1_page_table:
                    rc = types.modL1Entry(mfn, index, val, preserveAd, ptOwner, pgOwner, d);
                    break;
                case PGT_l2_page_table:
                case PGT_l3_page_table:
                case PGT_l4_page_table:
                    if (pgOwner == ptOwner.domid()) {
                        rc = types.modLnEntry(mfn, index, val, type.level(), preserveAd, ptOwner);
                    }
                    break;
                case PGT_writable_page:
                    refs.memory().write64(mfn, index * 8, val);
                    rc = 0;
                    break;
                default:
                    break;
            }
        } else if (types.getPageType(mfn, PageType.PGT_writable_page) == 0) {
            refs.memory().write64(mfn, index * 8, val);
            types.putPageType(mfn);
            rc = 0;
        }
        refs.putPage(mfn);
        return rc;
    }

    private int machphysUpdate(Domain d, Domain ptOwner, int pgOwner, long ptr, long gpfn) {
        if (d != ptOwner) {
            return Errno.EPERM.neg();
        }
        int rc = pgOwner == DomId.DOMID_IO ? 0 : DummyXsm.target(d, pgOwner);
        if (rc != 0) {
            return rc;
        }
        long mfn = ptr >>> PAGE_SHIFT;
        if (!refs.getPage(mfn, pgOwner)) {
            return Errno.EINVAL.neg();
        }
        refs.frames().setM2p(mfn, gpfn);
        refs.putPage(mfn);
        return 0;
    }

    /** {@code xsm_mmu_update(XSM_TARGET, d, pt_owner, pg_owner)}: the caller over both owners (not over dom_io). */
    private static int xsmMmuUpdate(Domain d, Domain ptOwner, int pgOwner) {
        int rc = pgOwner == DomId.DOMID_IO ? 0 : DummyXsm.target(d, pgOwner);
        if (rc == 0) {
            rc = DummyXsm.target(d, ptOwner.domid());
        }
        return rc;
    }
}
