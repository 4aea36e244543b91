/**
 * The grant-table model ({@code xen/common/grant_table.c}): per-domain {@link org.pvsim.gnttab.table.GrantTable}
 * (version, grant and status frames), the guest-visible entries ({@link org.pvsim.gnttab.table.SharedEntries}), the
 * active entries and their pins, the maptrack, and the status pinning shared by map and copy ({@link
 * org.pvsim.gnttab.table.GrantStatus}). Depends on the abi and the hypervisor SPI only.
 */
package org.pvsim.gnttab.table;
