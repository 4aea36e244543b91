package org.pvsim.hypervisor.journal;

/**
 * The domain lifecycle steps the journal records ({@code common/domain.c}). Each carries the domain and one
 * argument, described per constant. The codes are part of the journal format: never renumber them.
 */
public enum LifecycleEvent {
    /** {@code domain_create} finished; arg: max_vcpus. */
    DOMAIN_CREATED(1),
    /** The controller pause count went up; arg: the new count. */
    DOMAIN_PAUSED(2),
    /** The controller pause count went down; arg: the new count. */
    DOMAIN_UNPAUSED(3),
    /** {@code domain_shutdown} began; arg: the latched reason. */
    DOMAIN_SHUTDOWN(4),
    /** Every vCPU stopped for the shutdown ({@code is_shut_down}); arg: the reason. */
    DOMAIN_SHUTDOWN_COMPLETE(5),
    /** {@code domain_kill} began: the domain is dying; arg: 0. */
    DOMAIN_DYING(6),
    /** Teardown finished: every frame is back in the pool; arg: frames released. */
    DOMAIN_DEAD(7),
    /** A VIRQ was raised for a domain (until event channels exist, a record is all it does); arg: the VIRQ. */
    VIRQ_RAISED(8),
    /** vCPU brought up or down; arg: vcpu id in bits 0-15, 1 in bit 16 for up. */
    VCPU_UP_DOWN(9),
    /** The hardware domain shut down and the host halts; arg: the reason. */
    HOST_HALT(10),
    /** The shutdown state was cleared ({@code XEN_DOMCTL_resumedomain}); arg: 0. */
    DOMAIN_RESUMED(11),
    /** The maximum memory changed ({@code XEN_DOMCTL_max_mem}); arg: the new max_pages. */
    DOMAIN_MAX_MEM(12),
    /**
     * A synchronous pause ({@code domain_pause}) took a running vCPU off its pCPU, which idles until it reschedules;
     * arg: the pCPU in bits 16-31, the vCPU id in bits 0-15. A consequence of the pausing hypercall, unlike the
     * scheduler's own decisions (scheduling records).
     */
    VCPU_DESCHEDULED(13);

    private static final LifecycleEvent[] BY_CODE = new LifecycleEvent[16];

    static {
        for (LifecycleEvent e : values()) {
            BY_CODE[e.code] = e;
        }
    }

    /** The code stored in the journal. */
    public final int code;

    LifecycleEvent(int code) {
        this.code = code;
    }

    /** The event with this code, or {@code null}. */
    public static LifecycleEvent ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
