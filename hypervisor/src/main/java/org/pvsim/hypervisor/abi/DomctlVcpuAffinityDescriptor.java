package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_domctl_vcpuaffinity} ({@code xen/include/public/domctl.h}): {@code u.vcpuaffinity} of {@code
 * XEN_DOMCTL_setvcpuaffinity} and {@code XEN_DOMCTL_getvcpuaffinity}, the physical CPUs one vCPU may run on (hard
 * affinity, pinning) and prefers (soft affinity), as two {@link XenctlBitmapDescriptor xenctl_bitmap}s.
 *
 * <p>{@code flags} says which of the two maps the call sets or gets ({@link #XEN_VCPUAFFINITY_HARD}, {@link
 * #XEN_VCPUAFFINITY_SOFT}); {@link #XEN_VCPUAFFINITY_FORCE} (set only) first undoes a {@code SCHEDOP_pin_override}.
 * Xen's checks ({@code vcpu_affinity_domctl}, {@code common/sched/core.c}): {@code vcpu >= max_vcpus} is {@code
 * -EINVAL}, a vCPU that does not exist {@code -ESRCH}, and {@code flags == 0} or a named map with a NULL {@code
 * bitmap} {@code -EINVAL} ({@link #isValidRequest}).
 *
 * <p>For {@code setvcpuaffinity} the maps are in and out: on success Xen writes back the <em>effective</em> affinity,
 * the hard map intersected with the pool's online CPUs and the soft map intersected with those and the hard map; a
 * hard map with no online CPU of the pool is {@code -EINVAL}, and if setting the soft map fails the hard map is
 * restored. For {@code getvcpuaffinity} the maps are out only and hold the affinity as last set, not intersected.
 */
public final class DomctlVcpuAffinityDescriptor {
    /** {@code uint32_t vcpu}: the vCPU. */
    public static final int VCPU_OFFSET = 0;
    /** {@code uint32_t flags}: {@code XEN_VCPUAFFINITY_*}. */
    public static final int FLAGS_OFFSET = 4;
    /** {@code struct xenctl_bitmap cpumap_hard}. */
    public static final int CPUMAP_HARD_OFFSET = 8;
    /** {@code cpumap_hard.bitmap}. */
    public static final int CPUMAP_HARD_BITMAP_OFFSET = CPUMAP_HARD_OFFSET + XenctlBitmapDescriptor.BITMAP_OFFSET;
    /** {@code cpumap_hard.nr_bits}. */
    public static final int CPUMAP_HARD_NR_BITS_OFFSET = CPUMAP_HARD_OFFSET + XenctlBitmapDescriptor.NR_BITS_OFFSET;
    /** {@code struct xenctl_bitmap cpumap_soft}. */
    public static final int CPUMAP_SOFT_OFFSET = 24;
    /** {@code cpumap_soft.bitmap}. */
    public static final int CPUMAP_SOFT_BITMAP_OFFSET = CPUMAP_SOFT_OFFSET + XenctlBitmapDescriptor.BITMAP_OFFSET;
    /** {@code cpumap_soft.nr_bits}. */
    public static final int CPUMAP_SOFT_NR_BITS_OFFSET = CPUMAP_SOFT_OFFSET + XenctlBitmapDescriptor.NR_BITS_OFFSET;
    /** {@code sizeof(struct xen_domctl_vcpuaffinity)}. */
    public static final int SIZE = 40;

    /** {@code _XEN_VCPUAFFINITY_HARD}: bit number of {@link #XEN_VCPUAFFINITY_HARD}. */
    public static final int _XEN_VCPUAFFINITY_HARD = 0;
    /** {@code XEN_VCPUAFFINITY_HARD}: set or get the hard affinity ({@code cpumap_hard}). */
    public static final int XEN_VCPUAFFINITY_HARD = 1 << _XEN_VCPUAFFINITY_HARD;
    /** {@code _XEN_VCPUAFFINITY_SOFT}: bit number of {@link #XEN_VCPUAFFINITY_SOFT}. */
    public static final int _XEN_VCPUAFFINITY_SOFT = 1;
    /** {@code XEN_VCPUAFFINITY_SOFT}: set or get the soft affinity ({@code cpumap_soft}). */
    public static final int XEN_VCPUAFFINITY_SOFT = 1 << _XEN_VCPUAFFINITY_SOFT;
    /** {@code _XEN_VCPUAFFINITY_FORCE}: bit number of {@link #XEN_VCPUAFFINITY_FORCE}. */
    public static final int _XEN_VCPUAFFINITY_FORCE = 2;
    /** {@code XEN_VCPUAFFINITY_FORCE}: undo a {@code SCHEDOP_pin_override} while setting the hard affinity. */
    public static final int XEN_VCPUAFFINITY_FORCE = 1 << _XEN_VCPUAFFINITY_FORCE;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_domctl_vcpuaffinity")
            .field("vcpu", VCPU_OFFSET, CType.UINT32)
            .field("flags", FLAGS_OFFSET, CType.UINT32)
            .embed("cpumap_hard", CPUMAP_HARD_OFFSET, XenctlBitmapDescriptor.LAYOUT)
            .embed("cpumap_soft", CPUMAP_SOFT_OFFSET, XenctlBitmapDescriptor.LAYOUT)
            .build(SIZE);

    private DomctlVcpuAffinityDescriptor() {}

    /**
     * Whether Xen accepts the request's flags and handles ({@code vcpuaffinity_params_invalid}): {@code flags} is not
     * 0, and each map it names has a non-NULL {@code bitmap}. If not, Xen returns {@code -EINVAL}.
     */
    public static boolean isValidRequest(long flags, long hardBitmap, long softBitmap) {
        int f = (int) flags;
        return f != 0
                && ((f & XEN_VCPUAFFINITY_HARD) == 0 || hardBitmap != 0)
                && ((f & XEN_VCPUAFFINITY_SOFT) == 0 || softBitmap != 0);
    }
}
