package org.pvsim.evtchn;

import org.pvsim.hypervisor.abi.Virq;

/**
 * {@code enum virq_type} and {@code get_virq_type} ({@code xen/common/event_channel.c}): how a VIRQ is bound and
 * raised. Per-vCPU VIRQs are bound on each vCPU separately; per-domain and global ones only on vCPU 0 (then movable
 * with {@code EVTCHNOP_bind_vcpu}); a global one only by its handler domain, which in pvsim is always the hardware
 * domain (there is no {@code XEN_DOMCTL_set_virq_handler}).
 */
public enum VirqType {
    /** {@code VIRQ_VCPU}: {@code VIRQ_TIMER}, {@code VIRQ_DEBUG}, {@code VIRQ_XENOPROF}, {@code VIRQ_XENPMU}. */
    VIRQ_VCPU,
    /** {@code VIRQ_DOMAIN}: {@code VIRQ_ARGO}, raised for one domain. */
    VIRQ_DOMAIN,
    /** {@code VIRQ_GLOBAL}: all others, including x86's {@code VIRQ_ARCH_*} ({@code arch_get_virq_type}). */
    VIRQ_GLOBAL;

    /** {@code get_virq_type(virq)} for {@code 0 <= virq < NR_VIRQS}. */
    public static VirqType of(int virq) {
        if (Virq.isPerVcpu(virq)) {
            return VIRQ_VCPU;
        }
        if (virq == Virq.VIRQ_ARGO.code) {
            return VIRQ_DOMAIN;
        }
        return VIRQ_GLOBAL;
    }

    /** The vCPU whose {@code virq_to_evtchn} holds a binding of {@code virq} notifying {@code notifyVcpu}. */
    public static int tableVcpu(int virq, int notifyVcpu) {
        return of(virq) == VIRQ_VCPU ? notifyVcpu : 0;
    }
}
