package org.pvsim.dom0.backend;

import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.gnttab.GrantMapOp;
import org.pvsim.guest.gnttab.GrantUnmapOp;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * One ring page a backend maps from its frontend ({@code xenbus_map_ring_valloc} / {@code xenbus_unmap_ring_vfree}):
 * an address of dom0's grant area, the {@code GNTTABOP_map_grant_ref} that maps the frontend's grant there, and its
 * unmap. Preallocated per device; mapping again after an unmap reuses it.
 *
 * <p>Invariant: {@link #va()} is -1 exactly when nothing is mapped.
 */
public final class RingMapping {
    private final GrantMapOp map = new GrantMapOp();
    private final GrantUnmapOp unmap = new GrantUnmapOp();
    private long va = -1;

    /**
     * Maps grant {@code ref} of {@code dev}'s frontend domain. A failure is the device's ({@link BackendDevice#devFatal}
     * with Xen's status) and leaves nothing mapped.
     *
     * @return the ring's address, or -1
     */
    public long map(Kernel kernel, GuestCpu cpu, BackendDevice dev, int ref) {
        GuestGrants grants = kernel.grants(cpu);
        long at = grants.reserveVa();
        if (GuestGrants.isError(at)) {
            dev.devFatal("no address to map ring ref " + ref + " at");
            return -1;
        }
        map.set(at, GntMap.GNTMAP_host_map, ref, dev.frontendId());
        long rc = grants.map(map);
        if (rc != 0 || map.status != 0) {
            grants.releaseVa(at);
            dev.devFatal("mapping ring ref " + ref + " of d" + dev.frontendId() + ": "
                    + GuestGrants.describe(rc != 0 ? rc : map.status));
            return -1;
        }
        va = at;
        return at;
    }

    /** Unmaps the ring, if mapped, and gives its address back. */
    public void unmap(Kernel kernel, GuestCpu cpu) {
        if (va == -1) {
            return;
        }
        GuestGrants grants = kernel.grants(cpu);
        unmap.of(map);
        grants.unmap(unmap);
        grants.releaseVa(va);
        va = -1;
    }

    /** The mapped ring's address, or -1. */
    public long va() {
        return va;
    }
}
