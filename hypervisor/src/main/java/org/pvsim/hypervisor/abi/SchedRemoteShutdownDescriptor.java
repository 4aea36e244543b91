package org.pvsim.hypervisor.abi;

/**
 * {@code struct sched_remote_shutdown} ({@code xen/include/public/sched.h}): the argument of {@code
 * SCHEDOP_remote_shutdown}, which shuts down another domain (allowed to the domain's device model, {@code
 * XSM_DM_PRIV}).
 */
public final class SchedRemoteShutdownDescriptor {
    /** {@code domid_t domain_id}: the domain to shut down. */
    public static final int DOMAIN_ID_OFFSET = 0;
    /** {@code unsigned int reason}: {@code SHUTDOWN_*} (after 2 bytes of padding). */
    public static final int REASON_OFFSET = 4;
    /** {@code sizeof(struct sched_remote_shutdown)}. */
    public static final int SIZE = 8;

    public static final StructLayout LAYOUT = StructLayout.builder("sched_remote_shutdown")
            .field("domain_id", DOMAIN_ID_OFFSET, CType.DOMID)
            .field("reason", REASON_OFFSET, CType.UINT)
            .build(SIZE);

    private SchedRemoteShutdownDescriptor() {}
}
