package org.pvsim.hypervisor.abi.io;

import org.pvsim.hypervisor.abi.CType;
import org.pvsim.hypervisor.abi.StructLayout;

/**
 * {@code struct xenstore_domain_interface} ({@code xs_wire.h}): the page a domain shares with xenstored, found
 * through {@code start_info.store_mfn} and notified through {@code start_info.store_evtchn}. Two byte rings of
 * {@link #XENSTORE_RING_SIZE} bytes carry a stream of messages: {@code req} from the guest (it produces {@code
 * req_prod}, xenstored consumes {@code req_cons}) and {@code rsp} back (replies and watch events). Indices are
 * free-running unsigned 32-bit counters, masked with {@code MASK_XENSTORE_IDX}; {@code prod - cons} never exceeds the
 * ring size in a well-behaved pair, and xenstored treats a larger distance as a corrupt ring.
 */
public final class XenstoreDomainInterfaceDescriptor {
    /** {@code XENSTORE_RING_SIZE}: bytes in each ring. */
    public static final int XENSTORE_RING_SIZE = 1024;

    /** {@code char req[XENSTORE_RING_SIZE]}: requests to xenstored. */
    public static final int REQ_OFFSET = 0;
    /** {@code char rsp[XENSTORE_RING_SIZE]}: replies and watch events. */
    public static final int RSP_OFFSET = 1024;
    /** {@code XENSTORE_RING_IDX req_cons}. */
    public static final int REQ_CONS_OFFSET = 2048;
    /** {@code XENSTORE_RING_IDX req_prod}. */
    public static final int REQ_PROD_OFFSET = 2052;
    /** {@code XENSTORE_RING_IDX rsp_cons}. */
    public static final int RSP_CONS_OFFSET = 2056;
    /** {@code XENSTORE_RING_IDX rsp_prod}. */
    public static final int RSP_PROD_OFFSET = 2060;
    /** {@code uint32_t server_features}: {@code XENSTORE_SERVER_FEATURE_*}. */
    public static final int SERVER_FEATURES_OFFSET = 2064;
    /** {@code uint32_t connection}: {@link #XENSTORE_CONNECTED} or {@link #XENSTORE_RECONNECT}. */
    public static final int CONNECTION_OFFSET = 2068;
    /** {@code uint32_t error}: {@code XENSTORE_ERROR_*}, set by xenstored when it gives up on the ring. */
    public static final int ERROR_OFFSET = 2072;
    /** {@code uint32_t evtchn_port}. */
    public static final int EVTCHN_PORT_OFFSET = 2076;
    /** {@code sizeof(struct xenstore_domain_interface)}. */
    public static final int SIZE = 2080;

    public static final int XENSTORE_SERVER_FEATURE_RECONNECTION = 1;
    public static final int XENSTORE_SERVER_FEATURE_ERROR = 2;
    public static final int XENSTORE_SERVER_FEATURE_WATCHDEPTH = 4;
    public static final int XENSTORE_SERVER_FEATURE_DOMID_ANY = 8;

    public static final int XENSTORE_CONNECTED = 0;
    public static final int XENSTORE_RECONNECT = 1;

    public static final int XENSTORE_ERROR_NONE = 0;
    public static final int XENSTORE_ERROR_COMM = 1;
    public static final int XENSTORE_ERROR_RINGIDX = 2;
    public static final int XENSTORE_ERROR_PROTO = 3;

    public static final StructLayout LAYOUT = StructLayout.builder("xenstore_domain_interface")
            .field("req", REQ_OFFSET, CType.CHAR.array(XENSTORE_RING_SIZE))
            .field("rsp", RSP_OFFSET, CType.CHAR.array(XENSTORE_RING_SIZE))
            .field("req_cons", REQ_CONS_OFFSET, CType.UINT32)
            .field("req_prod", REQ_PROD_OFFSET, CType.UINT32)
            .field("rsp_cons", RSP_CONS_OFFSET, CType.UINT32)
            .field("rsp_prod", RSP_PROD_OFFSET, CType.UINT32)
            .field("server_features", SERVER_FEATURES_OFFSET, CType.UINT32)
            .field("connection", CONNECTION_OFFSET, CType.UINT32)
            .field("error", ERROR_OFFSET, CType.UINT32)
            .field("evtchn_port", EVTCHN_PORT_OFFSET, CType.UINT32)
            .build(SIZE);

    private XenstoreDomainInterfaceDescriptor() {}

    /** {@code MASK_XENSTORE_IDX(idx)}: the byte of a ring a free-running index names. */
    public static int maskXenstoreIdx(int idx) {
        return idx & (XENSTORE_RING_SIZE - 1);
    }
}
