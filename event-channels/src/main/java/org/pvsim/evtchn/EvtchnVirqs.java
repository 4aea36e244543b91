package org.pvsim.evtchn;

import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.SubsystemHost;
import org.pvsim.hypervisor.spi.VirqSink;

/**
 * Where the hypervisor's VIRQs arrive ({@code send_guest_vcpu_virq}, {@code send_guest_domain_virq} and {@code
 * send_global_virq}, {@code xen/common/event_channel.c}). A per-vCPU VIRQ goes to the port bound on that vCPU and is
 * set pending there; a per-domain VIRQ to the port bound on vCPU 0, set pending on that port's notify vCPU; a global
 * VIRQ likewise, but only for its handler domain, the hardware domain (raised for another domain, it is ignored, as
 * Xen only ever sends it to the handler). An unbound VIRQ does nothing. Nothing is reported beyond what {@code
 * set_pending} reports. Allocates nothing.
 */
public final class EvtchnVirqs implements VirqSink {
    private final EvtchnDomainTable table;
    private final SubsystemHost host;

    /** A sink over the port tables in {@code table}; {@code host} tells which domain handles global VIRQs. */
    public EvtchnVirqs(EvtchnDomainTable table, SubsystemHost host) {
        this.table = table;
        this.host = host;
    }

    @Override
    public void raise(int domid, int vcpuId, int virq, long now) {
        if (virq < 0 || virq >= Virq.NR_VIRQS) {
            return;
        }
        EvtchnDomain d = table.get(domid);
        if (d == null) {
            return;
        }
        switch (VirqType.of(virq)) {
            case VIRQ_VCPU: {
                if (!d.isVcpuId(vcpuId)) {
                    return;
                }
                int port = d.virqPort(vcpuId, virq);
                if (port != 0) {
                    d.portSetPending(vcpuId, port, now);
                }
                return;
            }
            case VIRQ_GLOBAL:
                if (!host.domains().isHardwareDomain(domid)) {
                    return;
                }
            // fall through: the handler domain takes it as a per-domain VIRQ
            case VIRQ_DOMAIN: {
                if (!d.isVcpuId(0)) {
                    return;
                }
                int port = d.virqPort(0, virq);
                if (port != 0) {
                    d.portSetPending(d.notifyVcpu(port), port, now);
                }
                return;
            }
            default:
                return;
        }
    }
}
