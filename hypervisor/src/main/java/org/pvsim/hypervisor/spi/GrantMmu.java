package org.pvsim.hypervisor.spi;

/**
 * The PV MMU as the grant-table subsystem uses it: page references ({@code get_page} / {@code put_page}, {@code
 * get_page_type(PGT_writable_page)}), grant host mappings in the mapper's own L1 tables ({@code
 * x86/pv/grant_table.c}), the page ownership moves of {@code GNTTABOP_transfer} ({@code steal_page}, {@code
 * assign_pages}) and the Xen-heap frames that hold grant and status entries ({@code gnttab_create_shared_page}).
 *
 * <p>Invariants kept: every reference taken here is released exactly once by its counterpart; a grant PTE carries
 * {@code _PAGE_GNTTAB}, so {@code mmu_update} can neither forge one (the flag is in {@code L1_DISALLOW_MASK}) nor
 * silently overwrite one; a frame whose type is a page table never gets a writable type reference. Nothing here
 * allocates, and nothing throws on bad numbers: every refusal is a return value.
 */
public interface GrantMmu {
    /** {@code page_get_owner} of a frame that is not RAM or not in use. */
    int NO_OWNER = -1;

    /** Whether {@code mfn} is a RAM frame ({@code mfn_valid}). */
    boolean isRam(long mfn);

    /** The owner of an in-use RAM frame, or {@link #NO_OWNER}. */
    int owner(long mfn);

    /**
     * {@code get_page(mfn, domid)}: a general reference on a frame {@code domid} owns.
     *
     * @return false (and no reference) if the frame is not RAM, not {@code domid}'s, free, or its count is full
     */
    boolean getPage(long mfn, int domid);

    /** {@code put_page}: drops a reference {@link #getPage} took. */
    void putPage(long mfn);

    /**
     * {@code get_page_type(PGT_writable_page)} on a frame the caller holds a general reference to.
     *
     * @return false (and no type reference) if the frame has another type in use (a page table, a descriptor page)
     */
    boolean getWritableType(long mfn);

    /** {@code put_page_type}: drops a type reference {@link #getWritableType} took. */
    void putWritableType(long mfn);

    /**
     * {@code create_grant_pv_mapping}: writes a grant PTE for {@code mfn} into an L1 table of {@code domid}, at the
     * virtual address {@code addr} (through the page tables vCPU {@code vcpu} of {@code domid} runs on) or, with {@code GNTMAP_contains_pte},
     * at the machine address {@code addr}. The PTE is P|A|D|NX|{@code _PAGE_GNTTAB}, RW unless {@code
     * GNTMAP_readonly}, USER with {@code GNTMAP_application_map}, plus the guest's available bits from {@code flags};
     * it takes no reference (the caller took them); the reference the old entry held is dropped.
     *
     * @param gntmapFlags the {@code GNTMAP_*} flags of the map request
     * @return 0 ({@code GNTST_okay}) or -1 ({@code GNTST_general_error}: no L1 table there, not an L1, misaligned)
     */
    int createGrantHostMapping(int domid, int vcpu, long addr, long mfn, int gntmapFlags);

    /**
     * {@code replace_grant_pv_mapping}: checks that the PTE at {@code addr} (found as {@link
     * #createGrantHostMapping} finds it) maps {@code mfn} with the grant's P and RW,
     * then clears it (or, if {@code newAddr} is not 0, moves the PTE at {@code newAddr} there, clearing {@code
     * newAddr}'s). Drops no reference of the grant's (the caller does).
     *
     * @return 0 or -1 ({@code GNTST_general_error})
     */
    int replaceGrantHostMapping(int domid, int vcpu, long addr, long mfn, long newAddr, int gntmapFlags);

    /**
     * {@code get_page_from_gfn} then {@code steal_page}: takes frame {@code mfn} away from {@code domid} for a
     * transfer. On success the frame has no owner, is out of {@code domid}'s {@code tot_pages}, holds only its
     * allocation reference and is not in the free pool: it is in flight until {@link #assignPage} or {@link
     * #freeInFlightPage}, within the same hypercall.
     *
     * @return 0, or a negative errno ({@code -EINVAL}: not {@code domid}'s RAM, or referenced or typed beyond its
     *     allocation)
     */
    int stealPage(int domid, long mfn);

    /**
     * The checks {@code gnttab_transfer} makes on the receiving domain before it commits the grant entry ({@code
     * gnttab_prepare_for_transfer}): the domain is not dying and has headroom below {@code max_pages}. {@link
     * #assignPage} checks them again.
     *
     * @return 0, or a negative errno ({@code -EINVAL}: unknown or dying; {@code -E2BIG}: no headroom)
     */
    default int assignable(int domid) {
        return 0;
    }

    /**
     * {@code assign_pages}: gives an in-flight frame to {@code domid}, counted in its {@code tot_pages}.
     *
     * @return 0, or a negative errno if {@code domid} is dying or at {@code max_pages} (the frame stays in flight)
     */
    int assignPage(int domid, long mfn);

    /** Returns an in-flight frame to the free pool (a transfer that failed after the steal). */
    void freeInFlightPage(long mfn);

    /** {@code set_gpfn_from_mfn}: the M2P entry of {@code mfn}. */
    void setM2p(long mfn, long gpfn);

    /**
     * {@code alloc_xenheap_page} + {@code share_xen_page_with_guest(SHARE_rw)}: a zeroed frame Xen keeps for itself
     * and shares writable with {@code domid}, as grant and status frames are.
     *
     * @return the frame, or -1 if memory is exhausted
     */
    long allocSharedFrame(int domid);

    /**
     * Takes back a shared frame from a live domain ({@code gnttab_unpopulate_status_frames}): only if no mapping or
     * other reference of the guest's remains.
     *
     * On success the frame is Xen's alone (owned by {@code DOMID_XEN}, out of the domain's count, not in the pool):
     * the caller then gives it back with {@link #freeSharedFrame}, as Xen's {@code gnttab_unpopulate_status_frames}
     * ends with {@code free_xenheap_page}. The auditor reports a Xen-held frame no subsystem reports as leaked.
     *
     * @return 0, {@code -EBUSY} (nothing changes) if the frame is still referenced beyond its allocation, or {@code
     *     -EINVAL} if it is not a shared frame of {@code domid}
     */
    int unshareSharedFrame(int domid, long mfn);

    /**
     * Undoes {@link #unshareSharedFrame} for a frame still Xen-held: shares it with {@code domid} again ({@code
     * share_xen_page_with_guest(SHARE_rw)}), as {@code gnttab_unpopulate_status_frames} re-shares the frames it had
     * taken back when a later one is busy, so that a failed {@code set_version} changes nothing.
     *
     * @return 0, or {@code -EINVAL} if the frame is not a Xen-held Xen-heap frame or {@code domid} is not alive
     */
    default int reshareSharedFrame(int domid, long mfn) {
        return org.pvsim.hypervisor.abi.Errno.EINVAL.neg();
    }

    /**
     * {@code free_xenheap_page} at domain destruction (or after {@link #unshareSharedFrame}): a shared frame no domain
     * holds any more returns to the pool. A dying domain's shared frames lose their allocation reference when its
     * memory is relinquished, and the domain is destroyed only when every one of them is Xen-held; a frame still
     * shared with a live domain is not freed.
     *
     * @return whether it did
     */
    boolean freeSharedFrame(long mfn);
}
