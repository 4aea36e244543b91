/**
 * {@code GNTTABOP_copy} and {@code GNTTABOP_transfer} ({@code xen/common/grant_table.c}), plugged into the grant-table
 * dispatcher through {@link org.pvsim.gnttab.op.GnttabOpFactory}: {@code new GrantTables(GnttabCopy::new,
 * GnttabTransfer::new)}.
 *
 * <pre>
 *  gnttab_copy ── per element ── gnttab_copy_one
 *                                  ├─ lock_domains (DOMID_SELF by frame only)
 *                                  ├─ claim_buf(source, read)  ─┐  GrantCopyAcquire.acquire
 *                                  ├─ claim_buf(dest, write)   ─┘  (transitive: one level)
 *                                  └─ gnttab_copy_buf: bounds, ranges, FrameMemory.copy
 *              ── end of call ── release_buf × 2 (pins, types, references)
 *
 *  gnttab_transfer ── steal_page ── receiver? headroom? ── prepare_for_transfer (committed)
 *                   ── assign_pages ── M2P, frame ── GTF_transfer_completed
 * </pre>
 *
 * Nothing here keeps a pin or a page reference past the hypercall that took it.
 */
package org.pvsim.gnttab.copy;
