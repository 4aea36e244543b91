package org.pvsim.gnttab.copy.testing;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_accept_transfer;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_sub_page;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transitive;

import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabTransferDescriptor;
import org.pvsim.gnttab.abi.GrantEntryV2Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.gnttab.copy.GnttabCopy;
import org.pvsim.gnttab.copy.GnttabTransfer;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;
import org.pvsim.hypervisor.spi.testing.FakeDomains;
import org.pvsim.hypervisor.spi.testing.FakeGuest;
import org.pvsim.hypervisor.spi.testing.FakeHost;

/**
 * Grant tables installed on a {@link FakeHost} whose MMU and frame memory are one {@link FlatRamGrantMmu} (real bytes,
 * tot_pages), with copy and transfer plugged in, and the steps a test needs: make domains with RAM, switch versions,
 * write grant entries as a granter does (v2 sub-page and transitive ones too), and issue {@code GNTTABOP_copy} /
 * {@code GNTTABOP_transfer} from a caller. Domain {@code d} owns frames {@code 16 + 16 d} to {@code 16 + 16 d + 15};
 * every domain may have 4 grant frames and 4 maptrack frames.
 */
public final class CopyTestBed {
    public static final int NR_FRAMES = 256;
    public static final int FRAMES_PER_DOM = 16;

    /** Bytes of argument memory the caller has at {@link FakeGuest#BASE}. */
    public static final int ARG_BYTES = 8192;

    public final FakeHost host = new FakeHost();
    public final FlatRamGrantMmu mmu = new FlatRamGrantMmu(NR_FRAMES);
    public final GrantTables gnttab = new GrantTables(GnttabCopy::new, GnttabTransfer::new);
    public final FakeGuest guest = new FakeGuest(ARG_BYTES);
    public final GnttabCore core;

    public CopyTestBed() {
        host.frames = mmu;
        host.grants = mmu;
        gnttab.install(host);
        core = gnttab.core();
    }

    /** A bed with domains {@code domids} created ({@link #createDomain}). */
    public static CopyTestBed withDomains(int... domids) {
        CopyTestBed bed = new CopyTestBed();
        for (int d : domids) {
            bed.createDomain(d);
        }
        return bed;
    }

    /** Frame {@code i} of domain {@code d}'s RAM. */
    public static long frame(int d, int i) {
        return 16L + 16L * d + i;
    }

    /** Creates domain {@code d} with its 16 frames and a grant table. */
    public GrantTable createDomain(int d) {
        FakeDomains.Dom dom = host.domains.add(d);
        dom.control = dom.hardware = d == 0;
        dom.maxGrantFrames = 4;
        dom.maxMaptrackFrames = 4;
        for (int i = 0; i < FRAMES_PER_DOM; i++) {
            mmu.give(frame(d, i), d);
        }
        for (SubsystemDomainHook h : host.hooks) {
            h.domainCreated(d, 0);
        }
        GrantTable gt = core.tables().get(d);
        if (gt == null) {
            gt = new GrantTable(d, dom.maxGrantFrames, dom.maxMaptrackFrames, dom.maxGrantVersion);
            if (gt.grow(1, mmu) != 0) {
                throw new IllegalStateException("no grant frame for d" + d);
            }
            core.tables().put(gt);
        }
        return gt;
    }

    public GrantTable table(int d) {
        return core.tables().get(d);
    }

    /** {@code GNTTABOP_set_version} by {@code d}; returns its result. */
    public long setVersion(int d, int version) {
        LittleEndian.putI32(guest.memory, 0, version);
        return call(d, GnttabOp.GNTTABOP_set_version.code, FakeGuest.BASE, 1);
    }

    /** {@code grant_table_op(cmd, uop, count)} by {@code caller} (privileged if it is the control domain). */
    public long call(int caller, int cmd, long uop, int count) {
        guest.domid = caller;
        guest.privileged = host.domains.isControlDomain(caller);
        return host.hypercall(Hypercall.grant_table_op).invoke(guest, cmd, uop, count, 0, 0);
    }

    // ---- grant entries, written as the granter writes them ----

    /** A full-page GTF_permit_access entry (v1 or v2, as the table is). */
    public void permit(int granter, int ref, int grantee, long frame, boolean readonly) {
        GrantTable gt = table(granter);
        core.entries().setDomid(gt, ref, grantee);
        core.entries().setFrame(gt, ref, frame);
        core.entries().setFlags(gt, ref, GTF_permit_access | (readonly ? GTF_readonly : 0));
    }

    /** A v2 sub-page entry. */
    public void subPage(int granter, int ref, int grantee, long frame, int pageOff, int length, boolean readonly) {
        GrantTable gt = table(granter);
        long f = gt.sharedFrame(ref / GrantFlags.V2_ENTRIES_PER_FRAME);
        int off = (ref % GrantFlags.V2_ENTRIES_PER_FRAME) * GrantEntryV2Descriptor.SIZE;
        mmu.write16(f, off + GrantEntryV2Descriptor.HDR_DOMID_OFFSET, grantee);
        mmu.write16(f, off + GrantEntryV2Descriptor.SUB_PAGE_PAGE_OFF_OFFSET, pageOff);
        mmu.write16(f, off + GrantEntryV2Descriptor.SUB_PAGE_LENGTH_OFFSET, length);
        mmu.write64(f, off + GrantEntryV2Descriptor.FULL_PAGE_FRAME_OFFSET, frame);
        mmu.write16(
                f,
                off + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET,
                GTF_permit_access | GTF_sub_page | (readonly ? GTF_readonly : 0));
    }

    /** A v2 transitive entry: {@code grantee} may use {@code transDomid}'s entry {@code transGref} through it. */
    public void transitive(int granter, int ref, int grantee, int transDomid, long transGref, boolean readonly) {
        GrantTable gt = table(granter);
        long f = gt.sharedFrame(ref / GrantFlags.V2_ENTRIES_PER_FRAME);
        int off = (ref % GrantFlags.V2_ENTRIES_PER_FRAME) * GrantEntryV2Descriptor.SIZE;
        mmu.write16(f, off + GrantEntryV2Descriptor.HDR_DOMID_OFFSET, grantee);
        mmu.write16(f, off + GrantEntryV2Descriptor.TRANSITIVE_TRANS_DOMID_OFFSET, transDomid);
        mmu.write32(f, off + GrantEntryV2Descriptor.TRANSITIVE_GREF_OFFSET, (int) transGref);
        mmu.write16(f, off + GrantEntryV2Descriptor.HDR_FLAGS_OFFSET, GTF_transitive | (readonly ? GTF_readonly : 0));
    }

    /** A GTF_accept_transfer entry of {@code receiver} for {@code from}, naming the gpfn the page will take. */
    public void acceptTransfer(int receiver, int ref, int from, long gpfn) {
        GrantTable gt = table(receiver);
        core.entries().setDomid(gt, ref, from);
        core.entries().setFrame(gt, ref, gpfn);
        core.entries().setFlags(gt, ref, GTF_accept_transfer);
    }

    public int flags(int d, int ref) {
        return core.entries().flags(table(d), ref);
    }

    /** GTF_reading / GTF_writing as the granter sees them (v1 flags, v2 status). */
    public int statusWord(int d, int ref) {
        return core.entries().statusWord(table(d), ref);
    }

    public long entryFrame(int d, int ref) {
        return core.entries().frame(table(d), ref);
    }

    public int pin(int d, int ref) {
        return table(d).active().pin(ref);
    }

    // ---- GNTTABOP_copy ----

    /** Writes copy element {@code i} of a batch in the caller's argument memory (status preset to 0x7777). */
    public void copyElement(
            int i, long srcU, int srcDom, int srcOff, long dstU, int dstDom, int dstOff, int len, int flags) {
        byte[] m = guest.memory;
        int b = i * GnttabCopyDescriptor.SIZE;
        LittleEndian.putI64(m, b + GnttabCopyDescriptor.SOURCE_U_OFFSET, srcU);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.SOURCE_DOMID_OFFSET, srcDom);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET, srcOff);
        LittleEndian.putI64(m, b + GnttabCopyDescriptor.DEST_U_OFFSET, dstU);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.DEST_DOMID_OFFSET, dstDom);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.DEST_OFFSET_OFFSET, dstOff);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.LEN_OFFSET, len);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putU16(m, b + GnttabCopyDescriptor.STATUS_OFFSET, 0x7777);
    }

    /** {@code GNTTABOP_copy} of {@code count} elements by {@code caller}; returns the hypercall's result. */
    public long copyBatch(int caller, int count) {
        return call(caller, GnttabOp.GNTTABOP_copy.code, FakeGuest.BASE, count);
    }

    /** The status of copy element {@code i}, as a signed 16-bit value. */
    public int copyStatus(int i) {
        return (short)
                LittleEndian.getU16(guest.memory, i * GnttabCopyDescriptor.SIZE + GnttabCopyDescriptor.STATUS_OFFSET);
    }

    /** One copy element; returns its status (the hypercall must return 0). */
    public int copy(
            int caller, long srcU, int srcDom, int srcOff, long dstU, int dstDom, int dstOff, int len, int flags) {
        copyElement(0, srcU, srcDom, srcOff, dstU, dstDom, dstOff, len, flags);
        long rc = copyBatch(caller, 1);
        if (rc != 0) {
            throw new AssertionError("GNTTABOP_copy returned " + rc);
        }
        return copyStatus(0);
    }

    // ---- GNTTABOP_transfer ----

    public void transferElement(int i, long mfn, int domid, long ref) {
        byte[] m = guest.memory;
        int b = i * GnttabTransferDescriptor.SIZE;
        LittleEndian.putI64(m, b + GnttabTransferDescriptor.MFN_OFFSET, mfn);
        LittleEndian.putU16(m, b + GnttabTransferDescriptor.DOMID_OFFSET, domid);
        LittleEndian.putI32(m, b + GnttabTransferDescriptor.REF_OFFSET, (int) ref);
        LittleEndian.putU16(m, b + GnttabTransferDescriptor.STATUS_OFFSET, 0x7777);
    }

    public long transferBatch(int caller, int count) {
        return call(caller, GnttabOp.GNTTABOP_transfer.code, FakeGuest.BASE, count);
    }

    public int transferStatus(int i) {
        return (short) LittleEndian.getU16(
                guest.memory, i * GnttabTransferDescriptor.SIZE + GnttabTransferDescriptor.STATUS_OFFSET);
    }

    /** One transfer element; returns its status (the hypercall must return 0). */
    public int transfer(int caller, long mfn, int domid, long ref) {
        transferElement(0, mfn, domid, ref);
        long rc = transferBatch(caller, 1);
        if (rc != 0) {
            throw new AssertionError("GNTTABOP_transfer returned " + rc);
        }
        return transferStatus(0);
    }
}
