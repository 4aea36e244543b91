package org.pvsim.hypervisor.lifecycle;

import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.LifecycleEvent;
import org.pvsim.hypervisor.sched.VcpuBlocking;
import org.pvsim.hypervisor.spi.VirqSink;

/**
 * The hypervisor's {@link VirqSink} while no event-channel subsystem is plugged in. Each VIRQ is journalled as a
 * {@link LifecycleEvent#VIRQ_RAISED} output. A per-vCPU VIRQ ({@code get_virq_type} {@code VIRQ_VCPU}: {@code
 * VIRQ_TIMER}, {@code VIRQ_DEBUG}, {@code VIRQ_XENOPROF}, {@code VIRQ_XENPMU}) also wakes its vCPU if it is blocked
 * ({@code vcpu_unblock}), as if the VIRQ were bound to an unmasked port: that is what lets a guest sleep on a timer
 * before event channels exist. Global and per-domain VIRQs are only recorded.
 *
 * <p>It does <b>not</b> set {@code evtchn_upcall_pending} or any pending bit in the {@code vcpu_info}: there is no
 * port to mark, and a guest that finds {@code upcall_pending} set must also find the port that set it. So a guest
 * woken here sees no event; it learns the time from its {@code vcpu_time_info}. Allocates nothing.
 */
public final class NoEvtchnVirqSink implements VirqSink {
    private final Journal journal;
    private final DomainTable domains;
    private final VcpuBlocking blocking;

    public NoEvtchnVirqSink(Journal journal, DomainTable domains, VcpuBlocking blocking) {
        this.journal = journal;
        this.domains = domains;
        this.blocking = blocking;
    }

    @Override
    public void raise(int domid, int vcpuId, int virq, long now) {
        journal.lifecycle(now, LifecycleEvent.VIRQ_RAISED, domid, virq);
        if (!Virq.isPerVcpu(virq)) {
            return;
        }
        Domain d = domains.get(domid);
        Vcpu v = d == null ? null : d.vcpu(vcpuId);
        if (v != null) {
            blocking.unblock(v, now);
        }
    }
}
