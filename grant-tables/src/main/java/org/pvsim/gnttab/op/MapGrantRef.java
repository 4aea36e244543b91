package org.pvsim.gnttab.op;

import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_write_mask;

import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.table.ActiveGrantEntries;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantPin;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.Maptrack;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallContext;

/**
 * {@code GNTTABOP_map_grant_ref} ({@code gnttab_map_grant_ref} and {@code map_grant_ref}, {@code
 * xen/common/grant_table.c}), for a PV mapper. Per element, in Xen's order: no host or device flag is
 * GNTST_bad_gntref; no such granter GNTST_bad_domain; (XSM: always allowed); no maptrack handle GNTST_no_space; ref
 * out of range GNTST_bad_gntref; an entry pinned for another domain, a pin counter about to overflow or a pinned
 * sub-page entry GNTST_general_error; {@code _set_status} (first pin, or first writable pin); on the first pin the
 * frame is resolved ({@code get_paged_frame}: GNTST_bad_page); then the page references: a device map takes one
 * (and a writable type unless read-only), a host map takes another if the device map took the first, and a writable
 * type unless read-only; then the grant PTE ({@link GrantMmu#createGrantHostMapping} with the calling vCPU).
 *
 * <p>Invariant (I8 d, e): every failure undoes exactly what was taken (PTE, types, references, pin, status flags,
 * handle); a success records {@code {ref, flags, domid}} in the mapper's maptrack, and unmap drops exactly the same.
 * Allocates nothing per element (maptrack growth aside, 256 handles at a time).
 */
public final class MapGrantRef {
    /** CPU time per element. */
    public static final long COST_NS = 150;

    private final GnttabCore core;
    private final byte[] op = new byte[GnttabMapGrantRefDescriptor.SIZE];
    /** Outputs of the last {@link #map} call. */
    private int outHandle;

    private long outMfn;

    /** map_grant_ref over {@code core}. */
    public MapGrantRef(GnttabCore core) {
        this.core = core;
    }

    /** {@code gnttab_map_grant_ref}: serves {@code count} elements at {@code uop}, copying each back whole. */
    public long batch(HypercallContext ctx, long uop, int count) {
        int cmd = GnttabOp.GNTTABOP_map_grant_ref.code;
        for (int i = 0; i < count; i++) {
            long va = uop + (long) i * GnttabMapGrantRefDescriptor.SIZE;
            if (ctx.copyFromGuest(va, op, 0, GnttabMapGrantRefDescriptor.SIZE) != 0) {
                core.journal().gnttab(cmd, ctx.callerDomid(), -1, i, Errno.EFAULT.neg(), 0);
                return Errno.EFAULT.neg();
            }
            ctx.charge(COST_NS);
            long hostAddr = LittleEndian.getI64(op, GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET);
            int flags = LittleEndian.getI32(op, GnttabMapGrantRefDescriptor.FLAGS_OFFSET);
            long ref = LittleEndian.getU32(op, GnttabMapGrantRefDescriptor.REF_OFFSET);
            int dom = LittleEndian.getU16(op, GnttabMapGrantRefDescriptor.DOM_OFFSET);
            int status = map(ctx.callerDomid(), ctx.callerVcpuId(), hostAddr, flags, ref, dom);
            LittleEndian.putU16(op, GnttabMapGrantRefDescriptor.STATUS_OFFSET, status);
            if (status == GnttabStatus.GNTST_okay.code) {
                LittleEndian.putI32(op, GnttabMapGrantRefDescriptor.HANDLE_OFFSET, outHandle);
                LittleEndian.putI64(op, GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, outMfn << 12);
            }
            int rc = ctx.copyToGuest(va, op, 0, GnttabMapGrantRefDescriptor.SIZE) != 0 ? Errno.EFAULT.neg() : 0;
            core.journal()
                    .gnttab(cmd, ctx.callerDomid(), dom, ref, rc != 0 ? rc : status, status == 0 ? outHandle : -1);
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    /** The handle the last successful {@link #map} returned. */
    public int lastHandle() {
        return outHandle;
    }

    /** The frame the last successful {@link #map} mapped. */
    public long lastMfn() {
        return outMfn;
    }

    /**
     * {@code map_grant_ref} for mapper {@code ld} (vCPU {@code vcpu}): one element.
     *
     * @return a {@code GNTST_*} code; on success {@link #lastHandle} and {@link #lastMfn} hold the outputs
     */
    public int map(int ld, int vcpu, long hostAddr, int flags, long ref, int dom) {
        boolean readonly = (flags & GNTMAP_readonly) != 0;
        int pinIncr = 0;
        if ((flags & GNTMAP_device_map) != 0) {
            pinIncr += readonly ? GNTPIN_devr_inc : GNTPIN_devw_inc;
        }
        if ((flags & GNTMAP_host_map) != 0) {
            pinIncr += readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
        }
        if (pinIncr == 0) {
            return GnttabStatus.GNTST_bad_gntref.code;
        }
        GrantTable rgt = core.tables().get(dom);
        GrantTable lgt = core.tables().get(ld);
        if (rgt == null || lgt == null) {
            return GnttabStatus.GNTST_bad_domain.code;
        }
        Maptrack mt = lgt.maptrack();
        int handle = mt.get();
        if (handle == Maptrack.INVALID_MAPTRACK_HANDLE) {
            return GnttabStatus.GNTST_no_space.code;
        }
        int rc = mapPinned(rgt, ld, vcpu, hostAddr, flags, readonly, ref, pinIncr);
        if (rc != GnttabStatus.GNTST_okay.code) {
            mt.put(handle);
            return rc;
        }
        mt.record(handle, (int) ref, rgt, flags & 0xFFFF);
        outHandle = handle;
        return rc;
    }

    /** From the ref bound check to the PTE; on failure everything but the handle is undone. */
    private int mapPinned(
            GrantTable rgt, int ld, int vcpu, long hostAddr, int flags, boolean readonly, long ref64, int pinIncr) {
        if (!rgt.refInRange(ref64)) {
            return GnttabStatus.GNTST_bad_gntref.code;
        }
        int ref = (int) ref64;
        ActiveGrantEntries act = rgt.active();
        int pin = act.pin(ref);
        if (pin != 0 && (act.domid(ref) != ld || (pin & GrantPin.incr2oflowMask(pinIncr)) != 0 || act.isSubPage(ref))) {
            return GnttabStatus.GNTST_general_error.code;
        }
        GrantMmu mmu = core.mmu();
        int rd = rgt.domid();
        boolean tookFirstRef = false;
        if (pin == 0 || (!readonly && (pin & GNTPIN_write_mask) == 0)) {
            int rc = core.status().setStatus(rgt, ref, readonly, true, ld);
            if (rc != GnttabStatus.GNTST_okay.code) {
                return rc;
            }
            if (pin == 0) {
                long gfn = core.entries().frame(rgt, ref);
                if (!mmu.getPage(gfn, rd)) {
                    core.status().reduceStatusForPin(rgt, ref, readonly);
                    return GnttabStatus.GNTST_bad_page.code;
                }
                tookFirstRef = true;
                act.fill(ref, ld, gfn, 0, 4096, false, rd, ref);
            }
        }
        act.addPin(ref, pinIncr);
        long mfn = act.frame(ref);

        int refcnt = 0;
        int typecnt = 0;
        boolean hostMapCreated = false;
        int owner;
        if (tookFirstRef) {
            owner = rd;
            refcnt++;
        } else {
            owner = mmu.isRam(mfn) ? mmu.owner(mfn) : GrantMmu.NO_OWNER;
            if (owner != GrantMmu.NO_OWNER) {
                if (mmu.getPage(mfn, owner)) {
                    refcnt++;
                } else {
                    owner = GrantMmu.NO_OWNER;
                }
            }
        }
        int rc = GnttabStatus.GNTST_okay.code;
        if (owner != rd) {
            // Not the granter's page any more (or not RAM): Xen's could_not_pin, or the MMIO path that a PV
            // grant of RAM never takes (iomem_access_permitted is refused).
            rc = GnttabStatus.GNTST_general_error.code;
        } else {
            if ((flags & GNTMAP_device_map) != 0 && !readonly) {
                if (!mmu.getWritableType(mfn)) {
                    rc = GnttabStatus.GNTST_general_error.code;
                } else {
                    typecnt++;
                }
            }
            if (rc == GnttabStatus.GNTST_okay.code && (flags & GNTMAP_host_map) != 0) {
                if ((flags & GNTMAP_device_map) != 0) {
                    if (!mmu.getPage(mfn, rd)) {
                        rc = GnttabStatus.GNTST_general_error.code;
                    } else {
                        refcnt++;
                    }
                }
                if (rc == GnttabStatus.GNTST_okay.code && !readonly) {
                    if (!mmu.getWritableType(mfn)) {
                        rc = GnttabStatus.GNTST_general_error.code;
                    } else {
                        typecnt++;
                    }
                }
                if (rc == GnttabStatus.GNTST_okay.code) {
                    rc = mmu.createGrantHostMapping(ld, vcpu, hostAddr, mfn, flags);
                    if (rc == GnttabStatus.GNTST_okay.code) {
                        hostMapCreated = true;
                    } else {
                        rc = GnttabStatus.GNTST_general_error.code;
                    }
                }
            }
        }
        if (rc == GnttabStatus.GNTST_okay.code) {
            outMfn = mfn;
            return rc;
        }
        // undo_out
        if (hostMapCreated) {
            mmu.replaceGrantHostMapping(ld, vcpu, hostAddr, mfn, 0, flags);
        }
        while (typecnt-- > 0) {
            mmu.putWritableType(mfn);
        }
        while (refcnt-- > 0) {
            mmu.putPage(mfn);
        }
        act.subPin(ref, pinIncr);
        core.status().reduceStatusForPin(rgt, ref, readonly);
        return rc;
    }
}
