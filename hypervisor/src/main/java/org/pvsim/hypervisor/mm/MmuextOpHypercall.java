package org.pvsim.hypervisor.mm;

import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.MmuextOpDescriptor;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.CoreHypercall;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.xsm.DummyXsm;

/**
 * {@code HYPERVISOR_mmuext_op(ops, count, pdone, foreigndom)} ({@code do_mmuext_op}, {@code xen/arch/x86/mm.c}):
 * pinning and unpinning page tables, installing page-table bases, TLB and cache flushes, the LDT, and clearing or
 * copying a page. The batch stops at the first error; {@code *pdone} gets the number of operations done.
 *
 * <p>A pin holds one general and one type reference, which validates the table; pinning a pinned table is
 * {@code -EINVAL}. A base pointer holds the same pair on its L4. pvsim has no TLB model: flushes check their
 * arguments as Xen does and otherwise have nothing to do, since every guest access walks the current tables.
 */
public final class MmuextOpHypercall implements CoreHypercall {
    /** CPU time per operation. */
    public static final long COST_PER_OP_NS = 60;
    /** The most LDT entries {@code MMUEXT_SET_LDT} accepts. */
    public static final int MAX_LDT_ENTRIES = 8192;

    private final PageTypes types;
    private final PageRefs refs;
    private final FrameTable frames;
    private final DomainTable domains;
    private final byte[] op = new byte[MmuextOpDescriptor.SIZE];
    private final byte[] word = new byte[8];
    private final BatchProgress progress = new BatchProgress();

    public MmuextOpHypercall(PageTypes types, DomainTable domains) {
        this.types = types;
        this.refs = types.refs();
        this.frames = refs.frames();
        this.domains = domains;
    }

    @Override
    public long invoke(HypercallFrame f, long uops, long countArg, long pdone, long foreigndom, long unused) {
        Domain d = f.domain();
        if (BatchProgress.isBareContinuation(countArg, uops)) {
            return (int) foreigndom;
        }
        progress.start(f, countArg, pdone);
        long count = progress.count();
        if (!f.handleOkay(uops, count * MmuextOpDescriptor.SIZE)) {
            return Errno.EFAULT.neg();
        }
        int pgOwner = PgOwner.resolve(d, domains, foreigndom);
        if (pgOwner < 0) {
            return pgOwner;
        }
        int rc = DummyXsm.target(d, pgOwner);
        if (rc != 0) {
            return rc;
        }
        long i;
        for (i = 0; i < count; i++) {
            if (f.copyFromGuest(uops + i * MmuextOpDescriptor.SIZE, op, 0, MmuextOpDescriptor.SIZE) != 0) {
                rc = Errno.EFAULT.neg();
                break;
            }
            f.charge(COST_PER_OP_NS);
            long cmd = LittleEndian.getU32(op, MmuextOpDescriptor.CMD_OFFSET);
            long arg1 = LittleEndian.getI64(op, MmuextOpDescriptor.ARG1_OFFSET);
            long arg2 = LittleEndian.getI64(op, MmuextOpDescriptor.ARG2_OFFSET);
            rc = one(f, d, pgOwner, MmuextCmd.ofCode(cmd), arg1, arg2);
            if (rc != 0) {
                break;
            }
        }
        progress.finish(f, pdone, i);
        return rc;
    }

    private int one(HypercallFrame f, Domain d, int pgOwner, MmuextCmd cmd, long arg1, long arg2) {
        if (cmd == null) {
            return Errno.ENOSYS.neg();
        }
        boolean self = pgOwner == d.domid();
        switch (cmd) {
            case MMUEXT_PIN_L1_TABLE:
            case MMUEXT_PIN_L2_TABLE:
            case MMUEXT_PIN_L3_TABLE:
            case MMUEXT_PIN_L4_TABLE:
                return pin(pgOwner, arg1, PageType.pageTable(cmd.code - MmuextCmd.MMUEXT_PIN_L1_TABLE.code + 1));
            case MMUEXT_UNPIN_TABLE:
                return unpin(pgOwner, arg1);
            case MMUEXT_NEW_BASEPTR:
                return self ? newGuestCr3(f.vcpu(), arg1) : Errno.EPERM.neg();
            case MMUEXT_NEW_USER_BASEPTR:
                return self ? newUserBaseptr(f.vcpu(), arg1) : Errno.EPERM.neg();
            case MMUEXT_TLB_FLUSH_LOCAL:
            case MMUEXT_INVLPG_LOCAL:
            case MMUEXT_TLB_FLUSH_ALL:
            case MMUEXT_INVLPG_ALL:
                return self ? 0 : Errno.EPERM.neg();
            case MMUEXT_TLB_FLUSH_MULTI:
            case MMUEXT_INVLPG_MULTI:
                if (!self) {
                    return Errno.EPERM.neg();
                }
                return readVcpumask(f, d, arg2) == 0 ? 0 : Errno.EINVAL.neg();
            case MMUEXT_FLUSH_CACHE:
            case MMUEXT_FLUSH_CACHE_GLOBAL:
                if (!self) {
                    return Errno.EPERM.neg();
                }
                return d.isHardwareDomain() ? 0 : Errno.EACCES.neg();
            case MMUEXT_SET_LDT:
                return setLdt(f.vcpu(), self, arg1, arg2);
            case MMUEXT_CLEAR_PAGE:
                return clearPage(pgOwner, arg1);
            case MMUEXT_COPY_PAGE:
                return copyPage(pgOwner, arg1, arg2);
            case MMUEXT_MARK_SUPER:
            case MMUEXT_UNMARK_SUPER:
                return Errno.EOPNOTSUPP.neg();
            default:
                return Errno.ENOSYS.neg();
        }
    }

    private int pin(int pgOwner, long mfn, PageType type) {
        if (!refs.getPage(mfn, pgOwner)) {
            return Errno.EINVAL.neg();
        }
        int rc = types.getPageType(mfn, type);
        if (rc != 0) {
            refs.putPage(mfn);
            return rc;
        }
        if (frames.isPinned(mfn)) {
            types.putPageAndType(mfn);
            return Errno.EINVAL.neg();
        }
        frames.setPinned(mfn, true);
        refs.memory().invalidateTranslations();
        Domain owner = domains.get(pgOwner);
        if (owner != null && !owner.isAlive()) {
            // pinning a dying domain's table would leak it: drop the pin at once, as Xen does
            frames.setPinned(mfn, false);
            types.putPageAndType(mfn);
        }
        return 0;
    }

    private int unpin(int pgOwner, long mfn) {
        if (!refs.getPage(mfn, pgOwner)) {
            return Errno.EINVAL.neg();
        }
        if (!frames.isPinned(mfn)) {
            refs.putPage(mfn);
            return Errno.EINVAL.neg();
        }
        frames.setPinned(mfn, false);
        refs.memory().invalidateTranslations();
        types.putPageAndType(mfn);
        refs.putPage(mfn);
        return 0;
    }

    /**
     * {@code new_guest_cr3}: installs {@code mfn} as the vCPU's kernel page-table base, taking a general and an L4
     * type reference on it and dropping those of the old base.
     *
     * @return 0, or the error of {@code get_page_and_type_from_mfn} ({@code -EINVAL} for a frame that is not the
     *     caller's or cannot be an L4)
     */
    public int newGuestCr3(Vcpu v, long mfn) {
        long old = v.guestTable();
        if (old == mfn) {
            return 0;
        }
        int rc = types.getPageAndTypeFromMfn(
                mfn, PageType.PGT_root_page_table, v.domain().domid());
        if (rc != 0) {
            return rc;
        }
        v.setGuestTable(mfn);
        // entries are keyed by root, so a switch needs none; a flush costs little on this rare path
        refs.memory().invalidateTranslations();
        if (old != Vcpu.NO_BASE) {
            types.putPageAndType(old);
        }
        return 0;
    }

    /** {@code MMUEXT_NEW_USER_BASEPTR}: the same for the user page-table base; 0 removes it. */
    private int newUserBaseptr(Vcpu v, long mfn) {
        long old = v.guestTableUser();
        long oldMfn = old == Vcpu.NO_BASE ? 0 : old;
        if (oldMfn == mfn) {
            return 0;
        }
        if (mfn != 0) {
            int rc = types.getPageAndTypeFromMfn(
                    mfn, PageType.PGT_root_page_table, v.domain().domid());
            if (rc != 0) {
                return rc;
            }
        }
        v.setGuestTableUser(mfn == 0 ? Vcpu.NO_BASE : mfn);
        refs.memory().invalidateTranslations();
        if (old != Vcpu.NO_BASE) {
            types.putPageAndType(old);
        }
        return 0;
    }

    /** {@code vcpumask_to_pcpumask}: reads the guest's vCPU bitmap, one 64-bit word per 64 vCPUs. */
    private int readVcpumask(HypercallFrame f, Domain d, long bitmap) {
        for (int offs = 0; offs * 64 < d.maxVcpus(); offs++) {
            if (f.copyFromGuest(bitmap + 8L * offs, word, 0, 8) != 0) {
                return Errno.EFAULT.neg();
            }
        }
        return 0;
    }

    /** {@code MMUEXT_SET_LDT}: records the LDT's base (0 when it has no entries) and size on the calling vCPU. */
    private int setLdt(Vcpu v, boolean self, long base, long entsArg) {
        long ents = entsArg & 0xFFFF_FFFFL;
        if (!self) {
            return Errno.EPERM.neg();
        }
        if (ents > MAX_LDT_ENTRIES
                || (ents != 0 && ((base & (X86Paging.PAGE_SIZE - 1)) != 0 || !XenAddressSpace.isGuestAddress(base)))) {
            return Errno.EINVAL.neg();
        }
        v.setLdt(ents != 0 ? base : 0, ents);
        return 0;
    }

    private int clearPage(int pgOwner, long mfn) {
        if (!refs.getPage(mfn, pgOwner)) {
            return Errno.EINVAL.neg();
        }
        if (types.getPageType(mfn, PageType.PGT_writable_page) != 0) {
            refs.putPage(mfn);
            return Errno.EINVAL.neg();
        }
        refs.memory().scrub(mfn);
        types.putPageAndType(mfn);
        return 0;
    }

    private int copyPage(int pgOwner, long dstMfn, long srcMfn) {
        if (!refs.getPage(srcMfn, pgOwner)) {
            return Errno.EINVAL.neg();
        }
        if (!refs.getPage(dstMfn, pgOwner)) {
            refs.putPage(srcMfn);
            return Errno.EINVAL.neg();
        }
        if (types.getPageType(dstMfn, PageType.PGT_writable_page) != 0) {
            refs.putPage(srcMfn);
            refs.putPage(dstMfn);
            return Errno.EINVAL.neg();
        }
        refs.memory().copyFrame(srcMfn, dstMfn);
        types.putPageAndType(dstMfn);
        refs.putPage(srcMfn);
        return 0;
    }
}
