package org.pvsim.hypervisor.abi;

/**
 * {@code struct xen_sysctl_readconsole} ({@code xen/include/public/sysctl.h}): {@code u.readconsole} of {@code
 * XEN_SYSCTL_readconsole}, which copies Xen's console ring into {@code buffer} ({@code xl dmesg}). With {@code
 * incremental} set, reading starts at {@code index}; on return {@code index} is where reading stopped and {@code
 * count} the number of bytes written. A non-zero {@code clear} empties the ring after reading.
 */
public final class SysctlReadConsoleDescriptor {
    /** {@code uint8_t clear}: in, non-zero to clear the ring after reading. */
    public static final int CLEAR_OFFSET = 0;
    /** {@code uint8_t incremental}: in, non-zero to start at {@code index}. */
    public static final int INCREMENTAL_OFFSET = 1;
    /** {@code uint8_t pad0}. */
    public static final int PAD0_OFFSET = 2;
    /** {@code uint8_t pad1}. */
    public static final int PAD1_OFFSET = 3;
    /** {@code uint32_t index}: in, the start (if incremental); out, the end. */
    public static final int INDEX_OFFSET = 4;
    /** {@code XEN_GUEST_HANDLE_64(char) buffer}. */
    public static final int BUFFER_OFFSET = 8;
    /** {@code uint32_t count}: in, the buffer's size; out, the bytes written. */
    public static final int COUNT_OFFSET = 16;
    /** {@code sizeof(struct xen_sysctl_readconsole)}. */
    public static final int SIZE = 24;

    public static final StructLayout LAYOUT = StructLayout.builder("xen_sysctl_readconsole")
            .field("clear", CLEAR_OFFSET, CType.UINT8)
            .field("incremental", INCREMENTAL_OFFSET, CType.UINT8)
            .field("pad0", PAD0_OFFSET, CType.UINT8)
            .field("pad1", PAD1_OFFSET, CType.UINT8)
            .field("index", INDEX_OFFSET, CType.UINT32)
            .field("buffer", BUFFER_OFFSET, CType.guestHandle64("char"))
            .field("count", COUNT_OFFSET, CType.UINT32)
            .build(SIZE);

    private SysctlReadConsoleDescriptor() {}
}
