package org.pvsim.hypervisor.abi;

/**
 * {@code struct xenctl_bitmap} ({@code xen/include/public/xen.h}, toolstack only): a bitmap of CPUs (or NUMA nodes)
 * that a domctl or sysctl passes by reference, as in {@code xen_domctl_vcpuaffinity}'s {@code cpumap_hard} and
 * {@code cpumap_soft}. {@code bitmap} points to {@code (nr_bits + 7) / 8} bytes; bit {@code n} is bit {@code n % 8} of
 * byte {@code n / 8}, so CPU 0 is the lowest bit of the first byte.
 *
 * <p>When Xen reads a bitmap ({@code xenctl_bitmap_to_bitmap}, {@code common/bitmap.c}) it copies at most its own number of bits and clears
 * the rest, and bits of the last guest byte beyond {@code nr_bits} are ignored; when it writes one ({@code
 * bitmap_to_xenctl_bitmap}) it fills the guest's {@code (nr_bits + 7) / 8} bytes, zero beyond its own bits.
 */
public final class XenctlBitmapDescriptor {
    /** {@code XEN_GUEST_HANDLE_64(uint8) bitmap}: the bytes. */
    public static final int BITMAP_OFFSET = 0;
    /** {@code uint32_t nr_bits}: bits the bytes hold. */
    public static final int NR_BITS_OFFSET = 8;
    /** {@code sizeof(struct xenctl_bitmap)}: 4 bytes of tail padding after {@code nr_bits}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("xenctl_bitmap")
            .field("bitmap", BITMAP_OFFSET, CType.guestHandle64("uint8"))
            .field("nr_bits", NR_BITS_OFFSET, CType.UINT32)
            .build(SIZE);

    private XenctlBitmapDescriptor() {}

    /**
     * Bytes of guest memory a bitmap of {@code nrBits} bits occupies: {@code (nr_bits + 7) / 8}.
     *
     * @throws IllegalArgumentException if {@code nrBits} is negative
     */
    public static int bytesFor(int nrBits) {
        if (nrBits < 0) {
            throw new IllegalArgumentException("xenctl_bitmap.nr_bits must be >= 0, got " + nrBits);
        }
        return (int) ((nrBits + 7L) / 8);
    }
}
