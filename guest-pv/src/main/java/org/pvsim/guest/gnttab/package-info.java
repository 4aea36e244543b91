/**
 * The guest kernel's grant tables, as Linux's {@code drivers/xen/grant-table.c} has them: {@link
 * org.pvsim.guest.gnttab.GuestGrants} sets the domain's table up (frames from {@code GNTTABOP_setup_table} mapped
 * into the kernel), hands out references, grants and ends access by writing entries with the rules of {@code
 * xen/include/public/grant_table.h}, and maps, unmaps and copies other domains' grants through {@link
 * org.pvsim.guest.gnttab.GrantBatch}, which marshals the op holders ({@link org.pvsim.guest.gnttab.GrantMapOp},
 * {@link org.pvsim.guest.gnttab.GrantUnmapOp}, {@link org.pvsim.guest.gnttab.GrantCopyOp}) into guest memory.
 *
 * <pre>
 *   granter                                   Xen                                grantee
 *   allocRef -> ref                                                              reserveVa -> va
 *   grantAccess(ref, peer, mfn): domid, frame, flags
 *                                             map_grant_ref(va, ref, granter) &lt;- map
 *                                             GTF_reading|GTF_writing set; grant PTE at va
 *   endAccess(ref) -> false (in use)                                             reads, writes at va
 *                                             unmap_grant_ref(va, handle)     &lt;- unmap
 *                                             flags cleared, PTE cleared
 *   endAccess(ref) -> true; freeRef(ref)
 * </pre>
 *
 * <p>This package imports nothing from pvsim but {@code org.pvsim.guest.hypercall} and the {@code abi} packages; what it needs of the kernel comes through {@link org.pvsim.guest.gnttab.GrantKernel}.
 */
package org.pvsim.guest.gnttab;
