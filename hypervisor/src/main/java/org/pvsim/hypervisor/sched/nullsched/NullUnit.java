package org.pvsim.hypervisor.sched.nullsched;

import org.pvsim.hypervisor.domain.Vcpu;

/**
 * What the null scheduler keeps per vCPU ({@code struct null_unit}, {@code xen/common/sched/null.c}): the pCPU it
 * belongs to ({@code sched_unit_master}) and its links in the wait queue. Created in {@code insertVcpu}, so nothing
 * on the hot paths allocates.
 *
 * <p>Invariant: a unit is either assigned (its pCPU's one unit), waiting (on the wait queue), or neither (offline, or
 * not yet woken); never both.
 */
final class NullUnit {
    final Vcpu vcpu;
    /** The pCPU the unit is assigned to, or would be: the last one chosen for it ({@code unit->res}). */
    int cpu;
    /** An affinity change found it running: it moves when its pCPU next schedules ({@code _VPF_migrating}). */
    boolean migrating;

    boolean waiting;
    NullUnit waitPrev;
    NullUnit waitNext;

    NullUnit(Vcpu vcpu, int cpu) {
        this.vcpu = vcpu;
        this.cpu = cpu;
    }

    @Override
    public String toString() {
        return vcpu + "@" + cpu + (waiting ? " waiting" : "");
    }
}
