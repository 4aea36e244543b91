package org.pvsim.evtchn.op;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.VirqType;
import org.pvsim.evtchn.abi.EvtchnBindPirqDescriptor;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.HypercallContext;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The sub-ops that put a port into use or move it ({@code xen/common/event_channel.c}): {@code evtchn_alloc_unbound},
 * {@code evtchn_bind_interdomain}, {@code evtchn_bind_virq}, {@code evtchn_bind_ipi}, {@code evtchn_bind_pirq} and
 * {@code evtchn_bind_vcpu}, with Xen's checks in Xen's order. Each returns the new port or a negative errno; a failure
 * after {@code get_free_port} leaves the port free (Xen's {@code check_free_port}), though its bucket stays allocated.
 *
 * <p>Invariant kept (I11): a port changes state only here and in {@link EvtchnClose}; both ends of an interdomain
 * channel change together; a VIRQ port and its {@code virq_to_evtchn} entry are set together.
 */
final class EvtchnBind {
    /** {@code d->nr_pirqs}: {@link EvtchnDomain#NR_PIRQS}. */
    static final int NR_PIRQS = EvtchnDomain.NR_PIRQS;

    private final EvtchnDomainTable table;
    private final SubsystemHost host;

    EvtchnBind(EvtchnDomainTable table, SubsystemHost host) {
        this.table = table;
        this.host = host;
    }

    private void bound(EvtchnDomain d, int port) {
        host.journal()
                .evtchn(EvtchnEvent.BIND, d.domid(), d.notifyVcpu(port), port, EvtchnDomain.evtchnStat(d.state(port)));
    }

    /** {@code domain_vcpu(d, vcpu) != NULL}, with {@code vcpu} an unsigned value. */
    private boolean vcpuExists(EvtchnDomain d, int vcpu) {
        return d.isVcpuId(vcpu) && host.domains().vcpuExists(d.domid(), vcpu);
    }

    /**
     * {@code evtchn_alloc_unbound}: a new port of {@code dom} that {@code remoteDom} may bind. Order: {@code -ESRCH}
     * (no such domain), the allocation ({@code -EINVAL} dying, {@code -ENOSPC}), then {@code XSM_TARGET} ({@code
     * -EPERM} unless the caller names itself or is privileged). {@code remoteDom} is not checked; {@code DOMID_SELF}
     * there means the caller.
     */
    int allocUnbound(HypercallContext ctx, int dom, int remoteDom) {
        int caller = ctx.callerDomid();
        EvtchnDomain d = table.byAnyId(dom, caller);
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        int port = d.getFreePort();
        if (port < 0) {
            return port;
        }
        int rc = XsmDummy.target(ctx, d.domid());
        if (rc != 0) {
            return rc;
        }
        d.setState(port, EvtchnDomain.ECS_UNBOUND);
        d.setRemoteDomid(port, remoteDom == DomId.DOMID_SELF ? caller : remoteDom);
        bound(d, port);
        return port;
    }

    /**
     * {@code evtchn_bind_interdomain}: connects a new port of the caller to {@code remotePort} of {@code remoteDom}.
     * Order: {@code -ESRCH}, the local allocation, {@code -EINVAL} unless the remote port is valid, {@code
     * ECS_UNBOUND} and offered to the caller (a loopback to the caller's own port is allowed). Both ends become
     * interdomain; the new local port is always set pending, since notifications sent to the unbound end were lost.
     */
    int bindInterdomain(HypercallContext ctx, int remoteDom, long remotePort) {
        EvtchnDomain ld = table.get(ctx.callerDomid());
        EvtchnDomain rd = table.byAnyId(remoteDom, ctx.callerDomid());
        if (ld == null || rd == null) {
            return Errno.ESRCH.neg();
        }
        int lport = ld.getFreePort();
        if (lport < 0) {
            return lport;
        }
        if (!rd.isValid(remotePort)) {
            return Errno.EINVAL.neg();
        }
        int rport = (int) remotePort;
        if (rd.state(rport) != EvtchnDomain.ECS_UNBOUND || rd.remoteDomid(rport) != ld.domid()) {
            return Errno.EINVAL.neg();
        }
        ld.setState(lport, EvtchnDomain.ECS_INTERDOMAIN);
        ld.setRemoteDomid(lport, rd.domid());
        ld.setRemotePort(lport, rport);
        rd.setState(rport, EvtchnDomain.ECS_INTERDOMAIN);
        rd.setRemoteDomid(rport, ld.domid());
        rd.setRemotePort(rport, lport);
        bound(ld, lport);
        bound(rd, rport);
        ld.portSetPending(ld.notifyVcpu(lport), lport, ctx.now());
        return lport;
    }

    /**
     * {@code evtchn_bind_virq}: binds {@code virq} on the caller's vCPU {@code vcpu}. Order: {@code -EINVAL} for a
     * VIRQ out of range (as a signed int) or a non-per-vCPU VIRQ with {@code vcpu != 0}; {@code -ENOENT} for no such
     * vCPU; {@code -EBUSY} for a global VIRQ when the caller is not its handler (the hardware domain); {@code -EEXIST}
     * if already bound there; then the allocation.
     */
    int bindVirq(HypercallContext ctx, int virq, int vcpu) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        if (virq < 0 || virq >= Virq.NR_VIRQS) {
            return Errno.EINVAL.neg();
        }
        VirqType type = VirqType.of(virq);
        if (type != VirqType.VIRQ_VCPU && vcpu != 0) {
            return Errno.EINVAL.neg();
        }
        if (!vcpuExists(d, vcpu)) {
            return Errno.ENOENT.neg();
        }
        if (type == VirqType.VIRQ_GLOBAL && !host.domains().isHardwareDomain(d.domid())) {
            return Errno.EBUSY.neg();
        }
        if (d.virqPort(vcpu, virq) != 0) {
            return Errno.EEXIST.neg();
        }
        int port = d.getFreePort();
        if (port < 0) {
            return port;
        }
        d.setState(port, EvtchnDomain.ECS_VIRQ);
        d.setNotifyVcpu(port, vcpu);
        d.setIrq(port, virq);
        d.setVirqPort(vcpu, virq, port);
        bound(d, port);
        return port;
    }

    /** {@code evtchn_bind_ipi}: a new IPI port notifying the caller's vCPU {@code vcpu}; {@code -ENOENT} if none. */
    int bindIpi(HypercallContext ctx, int vcpu) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        if (!vcpuExists(d, vcpu)) {
            return Errno.ENOENT.neg();
        }
        int port = d.getFreePort();
        if (port < 0) {
            return port;
        }
        d.setState(port, EvtchnDomain.ECS_IPI);
        d.setNotifyVcpu(port, vcpu);
        bound(d, port);
        return port;
    }

    /**
     * {@code evtchn_bind_pirq} for a PV domain, in Xen's order: {@code -EINVAL} if {@code pirq} (unsigned) is not below
     * {@code d->nr_pirqs}; {@code -EPERM} if the PIRQ is not mapped to a physical interrupt ({@code
     * pirq_access_permitted}: {@code PHYSDEVOP_map_pirq} comes first); {@code -EEXIST} if a port is already bound to
     * it; the port allocation ({@code -ENOSPC}, {@code -EINVAL} dying); then {@code pirq_guest_bind} ({@code -EBUSY}
     * if another domain has the line). The port's notify vCPU is vCPU 0.
     */
    int bindPirq(HypercallContext ctx, int pirq, int flags) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        if (Integer.compareUnsigned(pirq, NR_PIRQS) >= 0) {
            return Errno.EINVAL.neg();
        }
        if (!host.pirqs().isMapped(d.domid(), pirq)) {
            return Errno.EPERM.neg();
        }
        if (d.pirqPort(pirq) != 0) {
            return Errno.EEXIST.neg();
        }
        int port = d.getFreePort();
        if (port < 0) {
            return port;
        }
        int rc = host.pirqs().guestBind(d.domid(), pirq, (flags & EvtchnBindPirqDescriptor.BIND_PIRQ__WILL_SHARE) != 0);
        if (rc != 0) {
            return rc;
        }
        d.setState(port, EvtchnDomain.ECS_PIRQ);
        d.setIrq(port, pirq);
        d.setNotifyVcpu(port, 0);
        d.setPirqPort(pirq, port);
        bound(d, port);
        return port;
    }

    /**
     * {@code evtchn_bind_vcpu}: makes {@code vcpu} the port's notify vCPU. Order: {@code -ENOENT} for no such vCPU,
     * {@code -EINVAL} for an invalid port; allowed for unbound, interdomain, PIRQ and global or per-domain VIRQ
     * ports; {@code -EINVAL} for per-vCPU VIRQ, IPI, free and reserved ports.
     *
     * @return 0 or a negative errno
     */
    int bindVcpu(HypercallContext ctx, long port, int vcpu) {
        EvtchnDomain d = table.get(ctx.callerDomid());
        if (d == null) {
            return Errno.ESRCH.neg();
        }
        if (!vcpuExists(d, vcpu)) {
            return Errno.ENOENT.neg();
        }
        if (!d.isValid(port)) {
            return Errno.EINVAL.neg();
        }
        int p = (int) port;
        switch (d.state(p)) {
            case EvtchnDomain.ECS_VIRQ:
                if (VirqType.of(d.irq(p)) == VirqType.VIRQ_VCPU) {
                    return Errno.EINVAL.neg();
                }
                d.setNotifyVcpu(p, vcpu);
                return 0;
            case EvtchnDomain.ECS_UNBOUND:
            case EvtchnDomain.ECS_INTERDOMAIN:
            case EvtchnDomain.ECS_PIRQ:
                d.setNotifyVcpu(p, vcpu);
                return 0;
            default:
                return Errno.EINVAL.neg();
        }
    }
}
