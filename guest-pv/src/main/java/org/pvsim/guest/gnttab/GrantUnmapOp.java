package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GnttabStatus;

/**
 * One {@code struct gnttab_unmap_grant_ref}: IN {@link #hostAddr}, {@link #devBusAddr} and {@link #handle} ({@link
 * #set}, Linux's {@code gnttab_set_unmap_op}), OUT {@link #status}. A mutable holder, reused from call to call.
 */
public final class GrantUnmapOp {
    /** IN: where the mapping is (0 for a device-only mapping); with {@code GNTMAP_contains_pte} the PTE's address. */
    public long hostAddr;
    /** IN: the device address the map returned, or 0 not to check it. */
    public long devBusAddr;
    /** IN: the handle the map returned. */
    public long handle;
    /** OUT: {@code GNTST_*}. */
    public int status = GnttabStatus.GNTST_general_error.code;

    /** Sets the IN fields and resets the status ({@code gnttab_set_unmap_op}); returns {@code this}. */
    public GrantUnmapOp set(long hostAddr, long devBusAddr, long handle) {
        this.hostAddr = hostAddr;
        this.devBusAddr = devBusAddr;
        this.handle = handle;
        this.status = GnttabStatus.GNTST_general_error.code;
        return this;
    }

    /** The unmap of what {@code map} mapped (same address, its handle, its device address). */
    public GrantUnmapOp of(GrantMapOp map) {
        return set(map.hostAddr, map.devBusAddr, map.handle);
    }

    @Override
    public String toString() {
        return String.format("unmap{handle %d at %#x: %s}", handle, hostAddr, GnttabStatus.nameOf(status));
    }
}
