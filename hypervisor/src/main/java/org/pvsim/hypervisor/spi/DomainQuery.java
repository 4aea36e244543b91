package org.pvsim.hypervisor.spi;

/**
 * Read-only facts about the host's domains and vCPUs, as a subsystem needs them. Every method answers for any {@code
 * domid} and {@code vcpu} (an unknown one gives false, -1 or 0) and allocates nothing.
 */
public interface DomainQuery {
    /** The host's number of physical CPUs: pCPU numbers are 0 to this minus 1. */
    int nrPcpus();

    /** Whether domain {@code domid} exists (alive or dying). */
    boolean exists(int domid);

    /** Whether {@code domid} exists and is not dying ({@code d->is_dying == DOMDYING_alive}). */
    boolean isAlive(int domid);

    /** Whether {@code domid} is the control domain ({@code is_control_domain}). */
    boolean isControlDomain(int domid);

    /** Whether {@code domid} is the hardware domain ({@code is_hardware_domain}). */
    boolean isHardwareDomain(int domid);

    /** The domain's {@code max_vcpus}, or 0 for an unknown domain. */
    int maxVcpus(int domid);

    /** Whether {@code vcpu} exists in {@code domid} ({@code domain_vcpu(d, vcpu) != NULL}), online or not. */
    boolean vcpuExists(int domid, int vcpu);

    /** The pCPU {@code vcpu} of {@code domid} is running on now, or -1 if it is not running. */
    int runningOn(int domid, int vcpu);

    /** The domain's {@code max_evtchn_port} (from {@code XEN_DOMCTL_createdomain}), or -1 for an unknown domain. */
    int maxEvtchnPort(int domid);

    /** The domain's {@code max_grant_frames} (Xen's default when none was given), or -1 for an unknown domain. */
    int maxGrantFrames(int domid);

    /** The domain's {@code max_maptrack_frames} (Xen's default when none was given), or -1 for an unknown domain. */
    int maxMaptrackFrames(int domid);

    /** The highest grant-table version the domain may use (from {@code grant_opts}), or -1 for an unknown domain. */
    int maxGrantVersion(int domid);

    /** The domain's {@code controller_pause_count}: pauses by the toolstack ({@code XEN_DOMCTL_pausedomain}). */
    int controllerPauseCount(int domid);

    /** The frame of the domain's shared-info page, or -1 for an unknown domain. */
    long sharedInfoMfn(int domid);
}
