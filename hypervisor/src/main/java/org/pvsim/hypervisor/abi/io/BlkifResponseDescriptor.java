package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct blkif_response} ({@code xen/include/public/io/blkif.h}): the answer to the request with the same
 * {@code id}, with its {@code operation} and a {@code status}: {@link #BLKIF_RSP_OKAY}, {@link #BLKIF_RSP_ERROR} or
 * {@link #BLKIF_RSP_EOPNOTSUPP}.
 */
public final class BlkifResponseDescriptor {
    /** {@code BLKIF_RSP_OKAY}: done. */
    public static final int BLKIF_RSP_OKAY = 0;
    /** {@code BLKIF_RSP_ERROR}: the request failed (bad request or I/O error). */
    public static final int BLKIF_RSP_ERROR = -1;
    /** {@code BLKIF_RSP_EOPNOTSUPP}: the backend does not do this operation. */
    public static final int BLKIF_RSP_EOPNOTSUPP = -2;

    /** {@code uint64_t id}. */
    public static final int ID_OFFSET = 0;
    /** {@code uint8_t operation}. */
    public static final int OPERATION_OFFSET = 8;
    /** {@code int16_t status}. */
    public static final int STATUS_OFFSET = 10;
    /** {@code sizeof(struct blkif_response)}. */
    public static final int SIZE = 16;

    public static final StructLayout LAYOUT = StructLayout.builder("blkif_response")
            .field("id", ID_OFFSET, CType.UINT64)
            .field("operation", OPERATION_OFFSET, CType.UINT8)
            .field("status", STATUS_OFFSET, CType.INT16)
            .build(SIZE);

    private BlkifResponseDescriptor() {}

    /** The status's name, as Linux's blkfront prints it. */
    public static String statusName(int status) {
        return switch (status) {
            case BLKIF_RSP_OKAY -> "BLKIF_RSP_OKAY";
            case BLKIF_RSP_ERROR -> "BLKIF_RSP_ERROR";
            case BLKIF_RSP_EOPNOTSUPP -> "BLKIF_RSP_EOPNOTSUPP";
            default -> "status " + status;
        };
    }
}
