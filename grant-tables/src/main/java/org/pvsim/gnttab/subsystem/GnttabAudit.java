package org.pvsim.gnttab.subsystem;

import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_writing;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_write_mask;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.GrantTableSet;
import org.pvsim.gnttab.table.Maptrack;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * The grant tables' part of the auditor ({@code INVARIANTS.md}). References (I5): a writable device mapping holds a
 * general and a writable type reference, a read-only one a general reference; host mappings' references are held by
 * their grant PTEs, which the auditor finds in page tables and vouches for with {@link #hasGrantHostMapping}. Shared
 * frames: every grant and status frame. Checks, between hypercalls (when no copy holds a transient pin):
 *
 * <ul>
 *   <li>I8 (a): every maptrack entry in use is a host and/or device mapping and names a granter's entry in range
 *       whose active entry is granted to the mapper; for every active entry, the pins equal the sum of the mappings
 *       that hold it, counter by counter. One exception, because Xen allows it: a host-only entry whose granter was
 *       destroyed under it ({@link #isStranded}). A host mapping's page reference is held by its grant PTE, and a
 *       guest can make that PTE go without unmapping the handle ({@code unmap_and_replace} whose {@code new_addr} is
 *       the mapping's own address: {@code steal_linear_address} takes the PTE, the match then fails, and {@code
 *       replace_grant_pv_mapping} drops the stolen entry's references with {@code put_page_from_l1e}; or an unmap
 *       through another handle of the same frame, or unpinning an L1 holding the PTE). Xen calls this an implicit
 *       unmap: the handle stays, its granter's frame is no longer referenced, so the granter can die and be
 *       destroyed (its table with it) while the handle still names it ({@code unmap_common}'s "Could not find
 *       domain" case, {@code gnttab_release_mappings}' "Nothing to clear up"), and the domid may be reused. Such an
 *       entry holds nothing of anyone's (no pin, no reference) and is not checked. A device mapping's reference is
 *       held by the entry itself and only its unmap drops it, so an entry with {@code GNTMAP_device_map} always
 *       names its live granter: that is checked.
 *   <li>I8 (b): the {@code GTF_reading} / {@code GTF_writing} bits Xen itself set in the entry's status word ({@link
 *       org.pvsim.gnttab.table.ActiveGrantEntries#ownedStatus}: Xen's shadow, kept by {@code _set_status} and {@code
 *       reduce_status_for_pin} on every map, unmap, copy and release) say {@code GTF_reading} iff the entry is pinned
 *       and {@code GTF_writing} iff it has a writable pin. The shared word itself (the v1 {@code flags}, the v2
 *       status frame) is never read: it is guest-writable memory, a guest may set or clear those bits (Xen tolerates
 *       it; the active entry stays authoritative) and in a {@code GTF_accept_transfer} entry bits 2 and 3 are {@code
 *       GTF_transfer_committed} / {@code GTF_transfer_completed}, not status. So no guest can make the audit fail,
 *       while a hypervisor path that takes or drops a pin without setting or clearing its bits (or the reverse) is
 *       reported.
 *   <li>I9: status frames exist only in version 2, as many as the grant frames need.
 * </ul>
 *
 * Audit runs may allocate (they are not a hypercall path).
 */
final class GnttabAudit implements SubsystemAudit {
    private final GnttabCore core;

    GnttabAudit(GnttabCore core) {
        this.core = core;
    }

    /**
     * The table {@code mt}'s entry {@code h} was recorded against, or {@code null} if it has been destroyed (none at
     * the domid, or a later {@link GrantTable#incarnation}).
     */
    private static GrantTable recordedGranter(GrantTableSet tables, Maptrack mt, int h) {
        GrantTable rgt = tables.get(mt.domid(h));
        return rgt != null && rgt.incarnation() == mt.granterIncarnation(h) ? rgt : null;
    }

    /**
     * Whether entry {@code h} of {@code mt} (in use) is a host-only mapping whose granter was destroyed under it: a
     * handle stranded by an implicit unmap, as Xen leaves it (see the class comment).
     */
    static boolean isStranded(GrantTableSet tables, Maptrack mt, int h) {
        int flags = mt.flags(h);
        return (flags & GNTMAP_host_map) != 0
                && (flags & GNTMAP_device_map) == 0
                && recordedGranter(tables, mt, h) == null;
    }

    private static String holder(int mapper, int handle) {
        return "d" + mapper + " grant handle " + handle;
    }

    @Override
    public void frameReferences(FrameReferenceSink sink) {
        deviceReferences(sink, null);
    }

    @Override
    public void generalReferences(GeneralReferenceSink sink) {
        deviceReferences(null, sink);
    }

    private void deviceReferences(FrameReferenceSink writable, GeneralReferenceSink readonly) {
        GrantTableSet tables = core.tables();
        for (int d = 0; d < tables.limit(); d++) {
            GrantTable lgt = tables.get(d);
            if (lgt == null) {
                continue;
            }
            Maptrack mt = lgt.maptrack();
            for (int h = 0; h < mt.limit(); h++) {
                int flags = mt.flags(h);
                if ((flags & GNTMAP_device_map) == 0) {
                    continue;
                }
                GrantTable rgt = recordedGranter(tables, mt, h);
                if (rgt == null || !rgt.refInRange(mt.ref(h))) {
                    continue;
                }
                long mfn = rgt.active().frame(mt.ref(h));
                if ((flags & GNTMAP_readonly) == 0) {
                    if (writable != null) {
                        writable.writableReference(mfn, holder(d, h));
                    }
                } else if (readonly != null) {
                    readonly.generalReference(mfn, holder(d, h));
                }
            }
        }
    }

    @Override
    public void sharedFrames(SharedFrameSink sink) {
        GrantTableSet tables = core.tables();
        for (int d = 0; d < tables.limit(); d++) {
            GrantTable gt = tables.get(d);
            if (gt == null) {
                continue;
            }
            for (int i = 0; i < gt.nrGrantFrames(); i++) {
                sink.sharedFrame(gt.sharedFrame(i), "d" + d + " grant frame " + i);
            }
            for (int i = 0; i < gt.nrStatusFrames(); i++) {
                sink.sharedFrame(gt.statusFrame(i), "d" + d + " status frame " + i);
            }
        }
    }

    @Override
    public boolean hasGrantHostMapping(int mapperDomid, long mfn) {
        GrantTable lgt = core.tables().get(mapperDomid);
        if (lgt == null) {
            return false;
        }
        Maptrack mt = lgt.maptrack();
        for (int h = 0; h < mt.limit(); h++) {
            if ((mt.flags(h) & GNTMAP_host_map) == 0) {
                continue;
            }
            GrantTable rgt = recordedGranter(core.tables(), mt, h);
            if (rgt != null && rgt.refInRange(mt.ref(h)) && rgt.active().frame(mt.ref(h)) == mfn) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void audit(ViolationSink sink) {
        GrantTableSet tables = core.tables();
        int n = tables.limit();
        int[][] expected = new int[n][];
        for (int d = 0; d < n; d++) {
            GrantTable gt = tables.get(d);
            if (gt != null) {
                expected[d] = new int[gt.active().capacity()];
                checkStatusFrames(gt, sink);
            }
        }
        for (int d = 0; d < n; d++) {
            GrantTable lgt = tables.get(d);
            if (lgt == null) {
                continue;
            }
            Maptrack mt = lgt.maptrack();
            for (int h = 0; h < mt.limit(); h++) {
                int flags = mt.flags(h);
                if (flags == 0) {
                    continue;
                }
                int rd = mt.domid(h);
                int ref = mt.ref(h);
                GrantTable rgt = recordedGranter(tables, mt, h);
                if ((flags & (GNTMAP_host_map | GNTMAP_device_map)) == 0) {
                    sink.violation("I8", holder(d, h) + " is in use with neither host nor device mapping");
                    continue;
                }
                if (isStranded(tables, mt, h)) {
                    continue;
                }
                if (rgt == null) {
                    sink.violation(
                            "I8",
                            holder(d, h) + " (flags 0x" + Integer.toHexString(flags) + ") names d" + rd + " ref " + ref
                                    + ", whose table was destroyed under its device mapping");
                    continue;
                }
                if (!rgt.refInRange(ref)) {
                    sink.violation("I8", holder(d, h) + " names d" + rd + " ref " + ref + ", which does not exist");
                    continue;
                }
                if (rgt.active().domid(ref) != d) {
                    sink.violation(
                            "I8",
                            holder(d, h) + " maps d" + rd + " ref " + ref + " granted to d"
                                    + rgt.active().domid(ref));
                }
                boolean ro = (flags & GNTMAP_readonly) != 0;
                if ((flags & GNTMAP_device_map) != 0) {
                    expected[rd][ref] += ro ? GNTPIN_devr_inc : GNTPIN_devw_inc;
                }
                if ((flags & GNTMAP_host_map) != 0) {
                    expected[rd][ref] += ro ? GNTPIN_hstr_inc : GNTPIN_hstw_inc;
                }
            }
        }
        for (int d = 0; d < n; d++) {
            GrantTable gt = tables.get(d);
            if (gt == null) {
                continue;
            }
            int cap = gt.active().capacity();
            for (int ref = 0; ref < cap; ref++) {
                int pin = gt.active().pin(ref);
                if (pin != expected[d][ref]) {
                    sink.violation(
                            "I8",
                            "d" + d + " ref " + ref + " has pin 0x" + Integer.toHexString(pin)
                                    + " but its mappings hold 0x" + Integer.toHexString(expected[d][ref]));
                }
                int owned = gt.active().ownedStatus(ref);
                boolean reading = (owned & GTF_reading) != 0;
                boolean writing = (owned & GTF_writing) != 0;
                if (reading != (pin != 0)) {
                    sink.violation(
                            "I8",
                            "d" + d + " ref " + ref + " Xen's GTF_reading=" + reading + " with pin 0x"
                                    + Integer.toHexString(pin));
                }
                if (writing != ((pin & GNTPIN_write_mask) != 0)) {
                    sink.violation(
                            "I8",
                            "d" + d + " ref " + ref + " Xen's GTF_writing=" + writing + " with pin 0x"
                                    + Integer.toHexString(pin));
                }
            }
        }
    }

    private static void checkStatusFrames(GrantTable gt, ViolationSink sink) {
        int want = gt.version() == 2 ? GrantTable.grantToStatusFrames(gt.nrGrantFrames()) : 0;
        if (gt.nrStatusFrames() != want) {
            sink.violation(
                    "I9",
                    "d" + gt.domid() + " is in version " + gt.version() + " with " + gt.nrStatusFrames()
                            + " status frames (expected " + want + ")");
        }
    }
}
