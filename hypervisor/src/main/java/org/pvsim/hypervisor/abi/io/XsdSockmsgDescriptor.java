package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct xsd_sockmsg} ({@code xs_wire.h}): the 16-byte header of every xenstore message, followed by {@code
 * len} bytes of payload (generally NUL-terminated strings). A reply echoes the request's {@code req_id} and {@code
 * tx_id}; a watch event has {@code req_id} 0. A payload longer than {@link #XENSTORE_PAYLOAD_MAX} is a protocol
 * violation: xenstored drops the connection.
 */
public final class XsdSockmsgDescriptor {
    /** {@code uint32_t type}: an {@link XsdSockmsgType} code. */
    public static final int TYPE_OFFSET = 0;
    /** {@code uint32_t req_id}: the request's identifier, echoed in the reply. */
    public static final int REQ_ID_OFFSET = 4;
    /** {@code uint32_t tx_id}: the transaction, or 0. */
    public static final int TX_ID_OFFSET = 8;
    /** {@code uint32_t len}: bytes of payload that follow. */
    public static final int LEN_OFFSET = 12;
    /** {@code sizeof(struct xsd_sockmsg)}. */
    public static final int SIZE = 16;

    /** {@code XENSTORE_PAYLOAD_MAX}: the largest payload of one message. */
    public static final int XENSTORE_PAYLOAD_MAX = 4096;
    /** {@code XENSTORE_ABS_PATH_MAX}: the longest absolute path. */
    public static final int XENSTORE_ABS_PATH_MAX = 3072;
    /** {@code XENSTORE_REL_PATH_MAX}: the longest relative path. */
    public static final int XENSTORE_REL_PATH_MAX = 2048;

    /** {@code enum xs_watch_type}: index of the path in a {@code WATCH_EVENT}'s payload. */
    public static final int XS_WATCH_PATH = 0;
    /** {@code enum xs_watch_type}: index of the token in a {@code WATCH_EVENT}'s payload. */
    public static final int XS_WATCH_TOKEN = 1;

    public static final StructLayout LAYOUT = StructLayout.builder("xsd_sockmsg")
            .field("type", TYPE_OFFSET, CType.UINT32)
            .field("req_id", REQ_ID_OFFSET, CType.UINT32)
            .field("tx_id", TX_ID_OFFSET, CType.UINT32)
            .field("len", LEN_OFFSET, CType.UINT32)
            .build(SIZE);

    private XsdSockmsgDescriptor() {}
}
