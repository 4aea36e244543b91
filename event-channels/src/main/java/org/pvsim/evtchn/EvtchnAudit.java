package org.pvsim.evtchn;

import org.pvsim.evtchn.ring.PcpuKickRings;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * The event-channel part of the auditor ({@code INVARIANTS.md} I11 and I12), recomputed from the port tables of every
 * domain, and the frame references the FIFO ABI holds.
 *
 * <p>I11 (ownership and state machine): each port is in exactly one state with the fields that state uses and no
 * others (a free port has notify vCPU 0, default priority, no remote or IRQ fields); only port 0 is reserved; no port is
 * bound to a PIRQ (pvsim maps none); an unbound port never names {@code DOMID_SELF}; an interdomain port's peer exists,
 * is interdomain and points back (so pairs are symmetric across domains); a VIRQ port is the one its {@code
 * virq_to_evtchn} entry names and every entry names such a port, per-vCPU VIRQs on their notify vCPU and the others on
 * vCPU 0; a global VIRQ is bound only in the hardware domain; every bound port's notify vCPU exists.
 *
 * <p>I12 (bounds and validity): port 0 is reserved; {@code valid_evtchns} is a positive multiple of the bucket size
 * and never shrinks while the domain lives; no port at or beyond {@code min(ABI ports, max_evtchn_port + 1)} is in use.
 * The kick rings are consistent too: every kick was published or counted as dropped, and no ring holds more kicks than
 * it has slots. The pending, mask, selector and {@code evtchn_upcall_pending} bits are in guest-writable memory, so
 * the guest may change them at will: they are not audited here (the unit tests check Xen's updates of them directly).
 */
public final class EvtchnAudit implements SubsystemAudit {
    /** The frame references an ABI holds for one domain (the FIFO ABI's control blocks and event array pages). */
    @FunctionalInterface
    public interface AbiFrames {
        void frameReferences(EvtchnDomain d, FrameReferenceSink sink);
    }

    private final EvtchnDomainTable table;
    private final DomainQuery domains;
    private final AbiFrames abiFrames;
    private final PcpuKickRings kicks;
    private final EvtchnUpcalls upcalls;
    /** The domain object last audited at each domid, and its {@code valid_evtchns} then: for monotonicity. */
    private final EvtchnDomain[] lastSeen = new EvtchnDomain[DomId.DOMID_FIRST_RESERVED];

    private final int[] lastValid = new int[DomId.DOMID_FIRST_RESERVED];

    /** An audit of {@code table}, asking {@code domains} about vCPUs and privileges and {@code abiFrames} for ABI frames. */
    public EvtchnAudit(
            EvtchnDomainTable table,
            DomainQuery domains,
            AbiFrames abiFrames,
            PcpuKickRings kicks,
            EvtchnUpcalls upcalls) {
        this.table = table;
        this.domains = domains;
        this.abiFrames = abiFrames;
        this.kicks = kicks;
        this.upcalls = upcalls;
    }

    @Override
    public void frameReferences(FrameReferenceSink sink) {
        for (int domid = 0; domid < table.limit(); domid++) {
            EvtchnDomain d = table.get(domid);
            if (d != null) {
                abiFrames.frameReferences(d, sink);
            }
        }
    }

    @Override
    public void audit(ViolationSink sink) {
        for (int domid = 0; domid < table.limit(); domid++) {
            EvtchnDomain d = table.get(domid);
            if (d != null) {
                auditDomain(d, sink);
            }
        }
        long requested = upcalls.kicksRequested();
        if (kicks.kicksPublished() + kicks.kicksDropped() != requested) {
            sink.violation(
                    "I12",
                    "kicks: " + requested + " requested but " + kicks.kicksPublished() + " published and "
                            + kicks.kicksDropped() + " dropped");
        }
        for (int p = 0; p < kicks.nrRings(); p++) {
            long backlog = kicks.backlog(p);
            if (backlog < 0 || backlog > kicks.ringSize()) {
                sink.violation(
                        "I12",
                        "kick ring of pCPU " + p + " holds " + backlog + " kicks in " + kicks.ringSize() + " slots");
            }
        }
    }

    private void auditDomain(EvtchnDomain d, ViolationSink sink) {
        int domid = d.domid();
        String where = "d" + domid;
        int valid = d.validPorts();
        // I12: validity
        if (valid <= 0 || valid % EvtchnDomain.PORTS_PER_BUCKET != 0) {
            sink.violation("I12", where + ": valid_evtchns " + valid + " is not a positive multiple of 64");
        }
        if (lastSeen[domid] == d && valid < lastValid[domid]) {
            sink.violation("I12", where + ": valid_evtchns shrank from " + lastValid[domid] + " to " + valid);
        }
        lastSeen[domid] = d;
        lastValid[domid] = valid;
        if (valid > 0 && d.state(0) != EvtchnDomain.ECS_RESERVED) {
            sink.violation("I12", where + ": port 0 is in state " + d.state(0) + ", not ECS_RESERVED");
        }
        int limit = d.portLimit();
        for (int port = 0; port < valid; port++) {
            byte s = d.state(port);
            if (s != EvtchnDomain.ECS_FREE && port >= limit) {
                sink.violation(
                        "I12", where + " port " + port + ": in use (state " + s + ") at or beyond the limit " + limit);
            }
            auditPort(d, port, s, where, sink);
        }
        auditVirqTable(d, where, sink);
    }

    private void auditPort(EvtchnDomain d, int port, byte s, String where, ViolationSink sink) {
        String at = where + " port " + port;
        int notify = d.notifyVcpu(port);
        switch (s) {
            case EvtchnDomain.ECS_FREE:
                if (notify != 0
                        || d.remoteDomid(port) != 0
                        || d.remotePort(port) != 0
                        || d.irq(port) != 0
                        || d.priority(port) != EvtchnDomain.DEFAULT_PRIORITY) {
                    sink.violation("I11", at + ": free but keeps fields " + fields(d, port));
                }
                return;
            case EvtchnDomain.ECS_RESERVED:
                if (port != 0) {
                    sink.violation("I11", at + ": reserved, but only port 0 is");
                }
                return;
            case EvtchnDomain.ECS_UNBOUND:
                if (d.remoteDomid(port) == DomId.DOMID_SELF || d.remotePort(port) != 0 || d.irq(port) != 0) {
                    sink.violation("I11", at + ": unbound with fields " + fields(d, port));
                }
                break;
            case EvtchnDomain.ECS_INTERDOMAIN:
                auditPeer(d, port, at, sink);
                break;
            case EvtchnDomain.ECS_PIRQ:
                if (d.irq(port) < 0 || d.irq(port) >= EvtchnDomain.NR_PIRQS || d.pirqPort(d.irq(port)) != port) {
                    sink.violation("I11", at + ": bound to PIRQ " + d.irq(port) + ", whose port is not this one");
                }
                break;
            case EvtchnDomain.ECS_VIRQ:
                auditVirqPort(d, port, at, sink);
                break;
            case EvtchnDomain.ECS_IPI:
                if (d.remoteDomid(port) != 0 || d.remotePort(port) != 0 || d.irq(port) != 0) {
                    sink.violation("I11", at + ": IPI with fields " + fields(d, port));
                }
                break;
            default:
                sink.violation("I11", at + ": state " + s + " is no ECS_* state");
                return;
        }
        if (!d.isVcpuId(notify) || !domains.vcpuExists(d.domid(), notify)) {
            sink.violation("I11", at + ": notify vCPU " + notify + " does not exist");
        }
    }

    private void auditPeer(EvtchnDomain d, int port, String at, ViolationSink sink) {
        int rdom = d.remoteDomid(port);
        int rport = d.remotePort(port);
        EvtchnDomain rd = table.get(rdom);
        if (d.irq(port) != 0) {
            sink.violation("I11", at + ": interdomain with an IRQ " + d.irq(port));
        }
        if (rd == null) {
            sink.violation("I11", at + ": interdomain peer d" + rdom + " does not exist");
        } else if (!rd.isValid(rport)) {
            sink.violation("I11", at + ": interdomain peer d" + rdom + " port " + rport + " is not valid");
        } else if (rd == d && rport == port) {
            sink.violation("I11", at + ": interdomain with itself");
        } else if (rd.state(rport) != EvtchnDomain.ECS_INTERDOMAIN
                || rd.remoteDomid(rport) != d.domid()
                || rd.remotePort(rport) != port) {
            sink.violation(
                    "I11",
                    at + ": interdomain to d" + rdom + " port " + rport + ", which is not linked back (state "
                            + rd.state(rport) + ", " + fields(rd, rport) + ")");
        }
    }

    private void auditVirqPort(EvtchnDomain d, int port, String at, ViolationSink sink) {
        int virq = d.irq(port);
        if (virq < 0 || virq >= Virq.NR_VIRQS) {
            sink.violation("I11", at + ": bound to VIRQ " + virq + ", out of range");
            return;
        }
        if (d.remoteDomid(port) != 0 || d.remotePort(port) != 0) {
            sink.violation("I11", at + ": VIRQ with fields " + fields(d, port));
        }
        int tv = VirqType.tableVcpu(virq, d.notifyVcpu(port));
        if (!d.isVcpuId(tv) || d.virqPort(tv, virq) != port) {
            sink.violation("I11", at + ": VIRQ " + virq + " is not recorded on vCPU " + tv + "'s virq_to_evtchn");
        }
        if (VirqType.of(virq) == VirqType.VIRQ_GLOBAL && !domains.isHardwareDomain(d.domid())) {
            sink.violation("I11", at + ": global VIRQ " + virq + " bound outside its handler, the hardware domain");
        }
    }

    private void auditVirqTable(EvtchnDomain d, String where, ViolationSink sink) {
        for (int v = 0; v < d.maxVcpus(); v++) {
            for (int virq = 0; virq < Virq.NR_VIRQS; virq++) {
                int port = d.virqPort(v, virq);
                if (port == 0) {
                    continue;
                }
                String at = where + " vCPU " + v + " virq_to_evtchn[" + virq + "] = " + port;
                if (!d.isValid(port)
                        || d.state(port) != EvtchnDomain.ECS_VIRQ
                        || d.irq(port) != virq
                        || VirqType.tableVcpu(virq, d.notifyVcpu(port)) != v) {
                    sink.violation("I11", at + ": that port is not this VIRQ's binding here");
                }
            }
        }
    }

    private static String fields(EvtchnDomain d, int port) {
        return "notify_vcpu " + d.notifyVcpu(port) + ", remote_dom " + d.remoteDomid(port) + ", remote_port "
                + d.remotePort(port) + ", irq " + d.irq(port) + ", priority " + d.priority(port);
    }
}
