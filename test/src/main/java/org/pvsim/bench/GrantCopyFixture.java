package org.pvsim.bench;

import java.util.List;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabCopyDescriptor;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabSetupTableDescriptor;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.gnttab.copy.GnttabCopy;
import org.pvsim.gnttab.copy.GnttabTransfer;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;

/**
 * Two PV domains on the real hypervisor (journal off) with grant tables, copy and transfer installed: d1 grants, d2
 * copies and maps. Each domain's argument page is its first free page; d1's grant frame is mapped (after {@code
 * setup_table}) at the next page, as a guest kernel maps it; data pages follow. Everything a guest would do goes
 * through hypercalls and guest stores; used by {@link GrantCopyBenchmark} and the grant-copy tests on the real
 * hypervisor.
 */
public final class GrantCopyFixture {
    /** Pages per domain. */
    public static final int NR_PAGES = 1024;
    /** The granter. */
    public static final int D1 = 1;
    /** The copier and mapper. */
    public static final int D2 = 2;

    public final Hypervisor hv;
    public final GrantTables gnttab = new GrantTables(GnttabCopy::new, GnttabTransfer::new);
    public final Vcpu v1;
    public final Vcpu v2;
    /** The first free pfn of both domains (the same layout). */
    public final long freePfn;
    /** Each domain's argument page. */
    public final long argVa;
    /** Where d1 maps its grant frame. */
    public final long grantVa;

    public long now;
    private final byte[] buf = new byte[64];

    public GrantCopyFixture() {
        BootParameters params = new BootParameters("bench", "grant-copy", 1, 2, 16384, "rr", 1024, 1, "idle", "");
        hv = HostBoot.boot(params, Journal.OFF, List.of(new EventChannels(1024), gnttab));
        PvDomainBuilder.build(hv, D1, false, NR_PAGES, 1, "bench", "");
        PvDomainBuilder.build(hv, D2, false, NR_PAGES, 1, "bench", "");
        v1 = hv.vcpu(D1, 0);
        v2 = hv.vcpu(D2, 0);
        freePfn = StartOfDayLayout.plan(NR_PAGES, true).firstFreePfn();
        argVa = StartOfDayLayout.va(freePfn);
        grantVa = StartOfDayLayout.va(freePfn + 1);
        long gframe = setupTable(v1);
        check(hypercall(
                v1,
                Hypercall.update_va_mapping.number,
                grantVa,
                (gframe << 12) | StartOfDayLayout.L1_PROT,
                UvmFlags.UVMF_INVLPG,
                0));
    }

    /** The virtual address of data page {@code i} (0-7) of any domain. */
    public long dataVa(int i) {
        return StartOfDayLayout.va(freePfn + 2 + i);
    }

    /** The machine frame of {@code v}'s data page {@code i}, read from its P2M as the guest would. */
    public long dataMfn(Vcpu v, int i) {
        return dataMfnOfPfn(v, freePfn + 2 + i);
    }

    /** The machine frame of {@code v}'s page {@code pfn}, read from its P2M. */
    public long dataMfnOfPfn(Vcpu v, long pfn) {
        long p2m = StartOfDayLayout.va(StartOfDayLayout.plan(NR_PAGES, true).p2mPfn());
        hv.guestRead(v, p2m + 8 * pfn, buf, 0, 8);
        return LittleEndian.getI64(buf, 0);
    }

    public long hypercall(Vcpu v, int op, long a1, long a2, long a3, long a4) {
        now += 1000;
        return hv.hypercall(v, now, op, a1, a2, a3, a4, 0);
    }

    public static void check(long rc) {
        if (rc != 0) {
            throw new IllegalStateException("setup hypercall failed: " + rc);
        }
    }

    /** {@code GNTTABOP_setup_table(DOMID_SELF, 1)}: the machine frame of the caller's grant frame 0. */
    private long setupTable(Vcpu v) {
        byte[] a = new byte[GnttabSetupTableDescriptor.SIZE];
        LittleEndian.putU16(a, GnttabSetupTableDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        LittleEndian.putI32(a, GnttabSetupTableDescriptor.NR_FRAMES_OFFSET, 1);
        LittleEndian.putI64(a, GnttabSetupTableDescriptor.FRAME_LIST_OFFSET, argVa + 256);
        hv.guestWrite(v, now, argVa, a, 0, a.length);
        check(hypercall(v, Hypercall.grant_table_op.number, GnttabOp.GNTTABOP_setup_table.code, argVa, 1, 0));
        hv.guestRead(v, argVa + GnttabSetupTableDescriptor.STATUS_OFFSET, buf, 0, 2);
        if (LittleEndian.getU16(buf, 0) != 0) {
            throw new IllegalStateException("setup_table status " + (short) LittleEndian.getU16(buf, 0));
        }
        hv.guestRead(v, argVa + 256, buf, 0, 8);
        return LittleEndian.getI64(buf, 0);
    }

    /** d1 grants its data page {@code page} to {@code grantee} under {@code ref}: domid, frame, then flags. */
    public void grant(int ref, int grantee, int page, boolean readonly) {
        long e = grantVa + (long) ref * GrantEntryV1Descriptor.SIZE;
        LittleEndian.putU16(buf, 0, grantee);
        hv.guestWrite(v1, now, e + GrantEntryV1Descriptor.DOMID_OFFSET, buf, 0, 2);
        LittleEndian.putI32(buf, 0, (int) dataMfn(v1, page));
        hv.guestWrite(v1, now, e + GrantEntryV1Descriptor.FRAME_OFFSET, buf, 0, 4);
        LittleEndian.putU16(buf, 0, GrantFlags.GTF_permit_access | (readonly ? GrantFlags.GTF_readonly : 0));
        hv.guestWrite(v1, now, e + GrantEntryV1Descriptor.FLAGS_OFFSET, buf, 0, 2);
    }

    /** d1's view of entry {@code ref}'s flags. */
    public int grantFlags(int ref) {
        hv.guestRead(v1, grantVa + (long) ref * GrantEntryV1Descriptor.SIZE, buf, 0, 2);
        return LittleEndian.getU16(buf, 0);
    }

    /** Writes one {@code gnttab_copy} element into d2's argument page at {@code va}. */
    public void writeCopy(
            long va, long srcU, int srcDom, int srcOff, long dstU, int dstDom, int dstOff, int len, int flags) {
        byte[] a = new byte[GnttabCopyDescriptor.SIZE];
        LittleEndian.putI64(a, GnttabCopyDescriptor.SOURCE_U_OFFSET, srcU);
        LittleEndian.putU16(a, GnttabCopyDescriptor.SOURCE_DOMID_OFFSET, srcDom);
        LittleEndian.putU16(a, GnttabCopyDescriptor.SOURCE_OFFSET_OFFSET, srcOff);
        LittleEndian.putI64(a, GnttabCopyDescriptor.DEST_U_OFFSET, dstU);
        LittleEndian.putU16(a, GnttabCopyDescriptor.DEST_DOMID_OFFSET, dstDom);
        LittleEndian.putU16(a, GnttabCopyDescriptor.DEST_OFFSET_OFFSET, dstOff);
        LittleEndian.putU16(a, GnttabCopyDescriptor.LEN_OFFSET, len);
        LittleEndian.putU16(a, GnttabCopyDescriptor.FLAGS_OFFSET, flags);
        LittleEndian.putU16(a, GnttabCopyDescriptor.STATUS_OFFSET, 0x7777);
        hv.guestWrite(v2, now, va, a, 0, a.length);
    }

    /** The status of the copy element at {@code va} in d2's memory. */
    public int copyStatus(long va) {
        hv.guestRead(v2, va + GnttabCopyDescriptor.STATUS_OFFSET, buf, 0, 2);
        return (short) LittleEndian.getU16(buf, 0);
    }

    /** Writes a {@code gnttab_map_grant_ref} (host map of d1's {@code ref} at {@code hostVa}) at {@code va} in d2. */
    public void writeMap(long va, long hostVa, int ref, boolean readonly) {
        byte[] a = new byte[GnttabMapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(a, GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, hostVa);
        LittleEndian.putI32(
                a,
                GnttabMapGrantRefDescriptor.FLAGS_OFFSET,
                GntMap.GNTMAP_host_map | (readonly ? GntMap.GNTMAP_readonly : 0));
        LittleEndian.putI32(a, GnttabMapGrantRefDescriptor.REF_OFFSET, ref);
        LittleEndian.putU16(a, GnttabMapGrantRefDescriptor.DOM_OFFSET, D1);
        hv.guestWrite(v2, now, va, a, 0, a.length);
    }

    /** The status and handle of the map element at {@code va}: status in the high 32 bits, handle in the low. */
    public long mapResult(long va) {
        hv.guestRead(v2, va, buf, 0, GnttabMapGrantRefDescriptor.SIZE);
        return ((long) (short) LittleEndian.getU16(buf, GnttabMapGrantRefDescriptor.STATUS_OFFSET) << 32)
                | (LittleEndian.getI32(buf, GnttabMapGrantRefDescriptor.HANDLE_OFFSET) & 0xFFFF_FFFFL);
    }

    /** Writes a {@code gnttab_unmap_grant_ref} of {@code handle} at {@code hostVa} at {@code va} in d2. */
    public void writeUnmap(long va, long hostVa, int handle) {
        byte[] a = new byte[GnttabUnmapGrantRefDescriptor.SIZE];
        LittleEndian.putI64(a, GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, hostVa);
        LittleEndian.putI32(a, GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, handle);
        hv.guestWrite(v2, now, va, a, 0, a.length);
    }

    /** The status of the unmap element at {@code va}. */
    public int unmapStatus(long va) {
        hv.guestRead(v2, va + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET, buf, 0, 2);
        return (short) LittleEndian.getU16(buf, 0);
    }
}
