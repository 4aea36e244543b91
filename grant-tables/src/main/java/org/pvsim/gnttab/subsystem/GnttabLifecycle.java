package org.pvsim.gnttab.subsystem;

import static org.pvsim.gnttab.abi.GntMap.GNTMAP_device_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_host_map;
import static org.pvsim.gnttab.abi.GntMap.GNTMAP_readonly;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_devw_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstr_inc;
import static org.pvsim.gnttab.table.GrantPin.GNTPIN_hstw_inc;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.gnttab.table.Maptrack;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;

/**
 * Grant tables in a domain's life ({@code xen/common/grant_table.c}): {@code grant_table_init} at creation, {@code
 * gnttab_release_mappings} when the domain dies, {@code grant_table_destroy} at its final destruction.
 *
 * <p>Contract with the PV MMU: when a mapper dies its pins and GTF flags in the granters' tables go, and so do the
 * references its device mappings took; the references and writable types its host mappings took are held by its
 * grant PTEs and are dropped when its page tables are torn down ({@code gnttab_release_host_mappings} is false for
 * PV). A granter that dies keeps its table (and its pinned frames stay referenced by the mappers) until it is
 * destroyed.
 */
final class GnttabLifecycle implements SubsystemDomainHook {
    /** {@code opt_max_grant_frames}: Xen's default {@code gnttab_max_frames}. */
    static final int DEFAULT_MAX_GRANT_FRAMES = 64;
    /** {@code opt_max_maptrack_frames}: Xen's default {@code gnttab_max_maptrack_frames}. */
    static final int DEFAULT_MAX_MAPTRACK_FRAMES = 1024;
    /** {@code opt_gnttab_max_version}: the highest version the host supports. */
    static final int OPT_GNTTAB_MAX_VERSION = 2;

    private final GnttabCore core;

    GnttabLifecycle(GnttabCore core) {
        this.core = core;
    }

    /**
     * {@code grant_table_init}: version 0 or above {@link #OPT_GNTTAB_MAX_VERSION} is {@code -EINVAL}, as is a
     * {@code max_grant_frames} below {@code INITIAL_NR_GRANT_FRAMES}; the table starts in version 1 with one frame.
     */
    @Override
    public int domainCreated(int domid, long now) {
        DomainQuery q = core.domains();
        int maxVersion = q.maxGrantVersion(domid);
        if (maxVersion <= 0 || maxVersion > OPT_GNTTAB_MAX_VERSION) {
            return Errno.EINVAL.neg();
        }
        int maxFrames = q.maxGrantFrames(domid);
        if (maxFrames < 0) {
            maxFrames = DEFAULT_MAX_GRANT_FRAMES;
        }
        int maxMaptrack = q.maxMaptrackFrames(domid);
        if (maxMaptrack < 0) {
            maxMaptrack = DEFAULT_MAX_MAPTRACK_FRAMES;
        }
        if (maxFrames < GrantTable.INITIAL_NR_GRANT_FRAMES) {
            return Errno.EINVAL.neg();
        }
        GrantTable gt = new GrantTable(domid, maxFrames, maxMaptrack, maxVersion);
        int rc = gt.grow(0, core.mmu());
        if (rc != 0) {
            return rc;
        }
        core.tables().put(gt);
        return 0;
    }

    /**
     * {@code gnttab_release_mappings}: the dying domain's maptrack, from the last handle down. An entry whose granter
     * is gone ("Nothing to clear up") is skipped, as in Xen; so is one whose granter's domid now names a later table
     * (a handle stranded by an implicit unmap, see {@link GnttabAudit}): Xen would look the new domain up and hit its
     * {@code BUG_ON} on the pin (Xen's domid allocator makes the reuse rare), pvsim leaves the stranger's entry alone.
     */
    @Override
    public void domainKilled(int domid, long now) {
        GrantTable gt = core.tables().get(domid);
        if (gt == null) {
            return;
        }
        Maptrack mt = gt.maptrack();
        GrantMmu mmu = null;
        for (int handle = mt.limit() - 1; handle >= 0; handle--) {
            int flags = mt.flags(handle);
            if ((flags & (GNTMAP_device_map | GNTMAP_host_map)) == 0) {
                continue;
            }
            GrantTable rgt = core.tables().get(mt.domid(handle));
            int ref = mt.ref(handle);
            if (rgt == null || !rgt.refInRange(ref)) {
                continue;
            }
            if (rgt.incarnation() != mt.granterIncarnation(handle)) {
                // a handle stranded by an implicit unmap whose granter was destroyed and its domid reused: Xen
                // would find the new domain and BUG_ON its missing pin (or take someone else's); pvsim skips it
                continue;
            }
            if (mmu == null) {
                mmu = core.mmu();
            }
            long mfn = rgt.active().frame(ref);
            boolean readonly = (flags & GNTMAP_readonly) != 0;
            if ((flags & GNTMAP_device_map) != 0) {
                rgt.active().subPin(ref, readonly ? GNTPIN_devr_inc : GNTPIN_devw_inc);
                if (!readonly) {
                    mmu.putWritableType(mfn);
                }
                mmu.putPage(mfn);
            }
            if ((flags & GNTMAP_host_map) != 0) {
                rgt.active().subPin(ref, readonly ? GNTPIN_hstr_inc : GNTPIN_hstw_inc);
            }
            core.status().reduceStatusForPin(rgt, ref, readonly);
        }
        mt.releaseAll();
    }

    /** {@code grant_table_destroy}: the grant and status frames return to the pool; the table is forgotten. */
    @Override
    public void domainDestroyed(int domid, long now) {
        GrantTable gt = core.tables().get(domid);
        if (gt == null) {
            return;
        }
        gt.freeFrames(core.mmu());
        core.tables().remove(domid);
    }
}
