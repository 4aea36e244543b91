package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_feature_info} ({@code xen/include/public/version.h}): the argument of {@code XENVER_get_features}.
 * The guest names a 32-bit submap in {@code submap_idx}; Xen returns in {@code submap} the features {@code 32 *
 * submap_idx} to {@code 32 * submap_idx + 31} ({@link XenFeature}) it offers that guest.
 */
public final class XenFeatureInfoDescriptor {
    /** {@code uint32_t submap_idx}: in, which 32-bit submap. */
    public static final int SUBMAP_IDX_OFFSET = 0;
    /** {@code uint32_t submap}: out, its bits. */
    public static final int SUBMAP_OFFSET = 4;
    /** {@code sizeof(struct xen_feature_info)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_feature_info")
            .field("submap_idx", SUBMAP_IDX_OFFSET, CType.UINT32)
            .field("submap", SUBMAP_OFFSET, CType.UINT32)
            .build(SIZE);

    private XenFeatureInfoDescriptor() {}

    /**
     * Whether {@code submapIdx} names a submap Xen has ({@code < XENFEAT_NR_SUBMAPS}); for any other Xen returns
     * {@code -EINVAL}.
     */
    public static boolean isValidSubmapIdx(long submapIdx) {
        return submapIdx >= 0 && submapIdx < XenFeature.XENFEAT_NR_SUBMAPS;
    }
}
