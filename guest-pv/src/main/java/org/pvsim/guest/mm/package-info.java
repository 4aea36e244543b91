/**
 * The kernel's memory management: its page allocator ({@link org.pvsim.guest.mm.PageAllocator}), its P2M and the
 * location of each page's entry in the initial mapping ({@link org.pvsim.guest.mm.PhysMap}), and the window where a
 * privileged kernel maps other domains' frames ({@link org.pvsim.guest.mm.ForeignWindow}).
 *
 * <p>The rule every page-table change here keeps, as Xen demands: a page becomes a page table only after it is
 * read-only in every mapping the kernel has of it, and becomes writable again only once Xen no longer uses it as one.
 */
package org.pvsim.guest.mm;
