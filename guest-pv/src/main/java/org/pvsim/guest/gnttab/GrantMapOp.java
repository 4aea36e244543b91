package org.pvsim.guest.gnttab;

import org.pvsim.gnttab.abi.GnttabStatus;

/**
 * One {@code struct gnttab_map_grant_ref} as the kernel fills it before {@link GuestGrants#map} and reads it after:
 * the IN fields ({@link #set}, Linux's {@code gnttab_set_map_op}) and the OUT fields Xen wrote back. A mutable holder,
 * reused from call to call, so a batch allocates nothing.
 *
 * <p>Invariant: after a {@link GuestGrants#map} that included it, {@link #status} is {@code GNTST_okay} (and {@link
 * #handle} names the mapping) or a negative {@code GNTST_*} code.
 */
public final class GrantMapOp {
    /** IN: the virtual address to map at, or with {@code GNTMAP_contains_pte} the machine address of the PTE. */
    public long hostAddr;
    /** IN: {@code GNTMAP_*}. */
    public int flags;
    /** IN: the grant reference in the granter's table. */
    public int ref;
    /** IN: the granting domain. */
    public int dom;
    /** OUT: {@code GNTST_*}. */
    public int status = GnttabStatus.GNTST_general_error.code;
    /** OUT: the maptrack handle that unmaps it (an unsigned 32-bit value). */
    public long handle;
    /** OUT: the frame as a bus address, for a device mapping. */
    public long devBusAddr;

    /** Sets the IN fields and resets the OUT ones ({@code gnttab_set_map_op}); returns {@code this}. */
    public GrantMapOp set(long hostAddr, int flags, int ref, int dom) {
        this.hostAddr = hostAddr;
        this.flags = flags;
        this.ref = ref;
        this.dom = dom;
        this.status = GnttabStatus.GNTST_general_error.code;
        this.handle = 0;
        this.devBusAddr = 0;
        return this;
    }

    @Override
    public String toString() {
        return String.format(
                "map{d%d ref %d flags %#x at %#x: %s handle %d}",
                dom, ref, flags, hostAddr, GnttabStatus.nameOf(status), handle);
    }
}
