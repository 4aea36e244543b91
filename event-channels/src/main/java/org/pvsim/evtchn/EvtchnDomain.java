package org.pvsim.evtchn;

import java.util.Arrays;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * One domain's event channels ({@code struct domain}'s {@code evtchn} buckets in Xen): the port table, kept as
 * arrays indexed by port so that nothing is allocated per operation, and the ABI the domain uses now.
 *
 * <p>Invariants: port 0 is {@link #ECS_RESERVED} while the domain lives; a port is valid iff it is below {@link
 * #validPorts()}, which only grows (in buckets of {@link #PORTS_PER_BUCKET}) while the domain lives; a free port has
 * notify vCPU 0, default priority and no remote or IRQ fields; no port at or beyond {@link #portLimit()} is ever
 * allocated; the per-vCPU VIRQ table ({@link #virqPort}) names exactly the ports in state {@link #ECS_VIRQ}, on their
 * notify vCPU for a per-vCPU VIRQ and on vCPU 0 otherwise ({@code v->virq_to_evtchn} in Xen).
 */
public final class EvtchnDomain {
    /** {@code ECS_FREE}: the port is not in use. */
    public static final byte ECS_FREE = 0;
    /** {@code ECS_RESERVED}: port 0, or a port Xen holds. */
    public static final byte ECS_RESERVED = 1;
    /** {@code ECS_UNBOUND}: offered to {@link #remoteDomid}. */
    public static final byte ECS_UNBOUND = 2;
    /** {@code ECS_INTERDOMAIN}: connected to {@link #remotePort} of {@link #remoteDomid}. */
    public static final byte ECS_INTERDOMAIN = 3;
    /**
     * {@code d->nr_pirqs} for every domain: {@code nr_static_irqs} ({@code nr_irqs_gsi} = {@code NR_ISA_IRQS} = 16 on
     * a host without an IO-APIC, which is what pvsim models) plus the default {@code extra_guest_irqs} of 32. The
     * core's PIRQ table has the same size ({@code PirqHost.nrPirqs}).
     */
    public static final int NR_PIRQS = 16 + 32;

    /** {@code ECS_PIRQ}: bound to physical IRQ {@link #irq}. */
    public static final byte ECS_PIRQ = 4;
    /** {@code ECS_VIRQ}: bound to virtual IRQ {@link #irq}. */
    public static final byte ECS_VIRQ = 5;
    /** {@code ECS_IPI}: an IPI to its notify vCPU. */
    public static final byte ECS_IPI = 6;

    /** Ports added to the table at a time ({@code EVTCHNS_PER_BUCKET} for Xen's 64-byte {@code struct evtchn}). */
    public static final int PORTS_PER_BUCKET = 64;

    private final int domid;
    private final int maxVcpus;
    private final long sharedInfoMfn;
    private final FrameMemory memory;
    private final EvtchnHostServices services;

    /** {@code d->max_evtchn_port}: the highest port number the domain may allocate (from domain creation). */
    private int maxEvtchnPort = Integer.MAX_VALUE;
    /** {@code d->is_dying}, as far as event channels care: set by {@code evtchn_destroy}; no port is allocated after. */
    private boolean dying;
    /** {@code v->virq_to_evtchn[virq]} of every vCPU, flattened: index {@code vcpu * NR_VIRQS + virq}; 0 = unbound. */
    private final int[] virqToEvtchn;
    /** {@code pirq->evtchn} of every PIRQ: the port bound to it, or 0. */
    private final int[] pirqToEvtchn = new int[NR_PIRQS];

    private int validPorts;
    private byte[] state = new byte[0];
    private short[] notifyVcpu = new short[0];
    private short[] remoteDomid = new short[0];
    private int[] remotePort = new int[0];
    private int[] irq = new int[0];
    private byte[] priority = new byte[0];

    /** The ABI in use: 2-level until {@code EVTCHNOP_init_control} succeeds. */
    private EvtchnPortOps ops;
    /** The ABI's own per-domain state (the FIFO control blocks and event array), or {@code null}. */
    private Object abiState;

    /**
     * An empty table (no bucket yet) for domain {@code domid} with {@code maxVcpus} vCPUs, its shared-info page at
     * {@code sharedInfoMfn}, on the ABI {@code twoLevel}. {@code evtchn_init} then allocates port 0 and reserves it.
     */
    public EvtchnDomain(
            int domid,
            int maxVcpus,
            long sharedInfoMfn,
            FrameMemory memory,
            EvtchnHostServices services,
            EvtchnPortOps twoLevel) {
        this.domid = domid;
        this.maxVcpus = maxVcpus;
        this.sharedInfoMfn = sharedInfoMfn;
        this.memory = memory;
        this.services = services;
        this.ops = twoLevel;
        this.virqToEvtchn = new int[Math.max(maxVcpus, 0) * Virq.NR_VIRQS];
    }

    /** The domain's id. */
    public int domid() {
        return domid;
    }

    /** {@code d->max_vcpus}: vCPU ids are below it. */
    public int maxVcpus() {
        return maxVcpus;
    }

    /** The frame of the domain's shared-info page (the 2-level bitmaps and the {@code vcpu_info}s). */
    public long sharedInfoMfn() {
        return sharedInfoMfn;
    }

    /** Machine memory, for the ABIs' structures in guest frames. */
    public FrameMemory memory() {
        return memory;
    }

    /** {@code d->evtchn_port_ops}: the ABI the domain uses now. */
    public EvtchnPortOps ops() {
        return ops;
    }

    /** Switches the domain's ABI ({@code init_control}, reset, destroy). */
    public void setOps(EvtchnPortOps ops) {
        this.ops = ops;
    }

    /** The ABI's own per-domain state ({@code d->evtchn_fifo}), or {@code null} on 2-level. */
    public Object abiState() {
        return abiState;
    }

    /** Sets the ABI's per-domain state. */
    public void setAbiState(Object abiState) {
        this.abiState = abiState;
    }

    /** {@code port_is_valid}: {@code port} is below {@code valid_evtchns}. */
    public boolean isValid(long port) {
        return port >= 0 && port < validPorts;
    }

    /** {@code d->valid_evtchns}: the ports the table has room for. */
    public int validPorts() {
        return validPorts;
    }

    /**
     * Adds a bucket of free ports ({@code evtchn_allocate_port}'s bucket allocation). The only allocation the table
     * does: once per {@link #PORTS_PER_BUCKET} ports, never per operation.
     */
    public void addBucket() {
        int n = validPorts + PORTS_PER_BUCKET;
        if (n > state.length) {
            int cap = Math.max(n, state.length * 2);
            state = Arrays.copyOf(state, cap);
            notifyVcpu = Arrays.copyOf(notifyVcpu, cap);
            remoteDomid = Arrays.copyOf(remoteDomid, cap);
            remotePort = Arrays.copyOf(remotePort, cap);
            irq = Arrays.copyOf(irq, cap);
            priority = Arrays.copyOf(priority, cap);
        }
        for (int p = validPorts; p < n; p++) {
            priority[p] = (byte) DEFAULT_PRIORITY;
        }
        validPorts = n;
    }

    /** {@code EVTCHN_FIFO_PRIORITY_DEFAULT}: every port's priority while it is free. */
    public static final int DEFAULT_PRIORITY = 7;

    /** The port's {@code ECS_*} state. */
    public byte state(int port) {
        return state[port];
    }

    /** Sets the port's {@code ECS_*} state; the caller keeps the other fields consistent with it (I11). */
    public void setState(int port, byte s) {
        state[port] = s;
    }

    /** {@code notify_vcpu_id}: the vCPU the port's events go to. */
    public int notifyVcpu(int port) {
        return notifyVcpu[port] & 0xFFFF;
    }

    /** Sets {@code notify_vcpu_id}. */
    public void setNotifyVcpu(int port, int vcpu) {
        notifyVcpu[port] = (short) vcpu;
    }

    /**
     * The unbound port's allowed remote domain, or the interdomain port's peer domain: a {@code domid_t}, so 0 to
     * 0xFFFF (an unbound port may name any value, as Xen does not check it).
     */
    public int remoteDomid(int port) {
        return remoteDomid[port] & 0xFFFF;
    }

    /** Sets the remote domain (a {@code domid_t}). */
    public void setRemoteDomid(int port, int domid) {
        remoteDomid[port] = (short) domid;
    }

    /** The interdomain port's peer port. */
    public int remotePort(int port) {
        return remotePort[port];
    }

    /** Sets the interdomain peer port. */
    public void setRemotePort(int port, int p) {
        remotePort[port] = p;
    }

    /** The VIRQ or PIRQ a port is bound to. */
    public int irq(int port) {
        return irq[port];
    }

    /** Sets the VIRQ or PIRQ number. */
    public void setIrq(int port, int n) {
        irq[port] = n;
    }

    /** The port's FIFO priority (0 highest, 15 lowest). */
    public int priority(int port) {
        return priority[port];
    }

    /** Sets the FIFO priority. */
    public void setPriority(int port, int p) {
        priority[port] = (byte) p;
    }

    /** {@code d->max_evtchn_port}: ports above it are never allocated ({@code evtchn_allocate_port}). */
    public int maxEvtchnPort() {
        return maxEvtchnPort;
    }

    /**
     * Sets {@code d->max_evtchn_port} as {@code evtchn_init} does: {@code min(max_port, INT_MAX)} of the unsigned value
     * given at domain creation, so a negative {@code maxPort} (a large unsigned one) means {@link Integer#MAX_VALUE}.
     */
    public void setMaxEvtchnPort(int maxPort) {
        this.maxEvtchnPort = maxPort < 0 ? Integer.MAX_VALUE : maxPort;
    }

    /**
     * The number of ports the domain may use now: {@code min(max_evtchns(d), max_evtchn_port + 1)}. Every allocated
     * port is below it (I12).
     */
    public int portLimit() {
        return (int) Math.min(ops.maxPorts(this), (long) maxEvtchnPort + 1);
    }

    /** Whether {@code evtchn_destroy} ran: the domain is dying and allocates no more ports. */
    public boolean isDying() {
        return dying;
    }

    /** Marks the domain dying ({@code d->is_dying} as {@code evtchn_destroy} sees it). */
    public void setDying() {
        this.dying = true;
    }

    /**
     * {@code v->virq_to_evtchn[virq]} of vCPU {@code vcpu}: the port bound to {@code virq} there, or 0. Global and
     * per-domain VIRQs are recorded on vCPU 0 whatever their notify vCPU is.
     */
    public int virqPort(int vcpu, int virq) {
        return virqToEvtchn[vcpu * Virq.NR_VIRQS + virq];
    }

    /** {@code pirq->evtchn}: the port bound to {@code pirq} (0..{@link #NR_PIRQS} - 1), or 0. */
    public int pirqPort(int pirq) {
        return pirqToEvtchn[pirq];
    }

    /** Sets {@code pirq->evtchn} (0 unbinds). */
    public void setPirqPort(int pirq, int port) {
        pirqToEvtchn[pirq] = port;
    }

    /** Sets {@code v->virq_to_evtchn[virq]} of vCPU {@code vcpu} (0 unbinds). */
    public void setVirqPort(int vcpu, int virq, int port) {
        virqToEvtchn[vcpu * Virq.NR_VIRQS + virq] = port;
    }

    /**
     * {@code evtchn_usable}: the port is in a state other than free or reserved (pvsim has no Xen-consumer ports).
     * The caller checked {@link #isValid}.
     */
    public boolean isUsable(int port) {
        return state[port] > ECS_RESERVED;
    }

    /**
     * {@code get_free_port}: the lowest free port that the ABI does not still hold busy, allocating buckets up to it
     * ({@code evtchn_allocate_port}). The port stays {@link #ECS_FREE} until the caller binds it; a caller that fails
     * after this simply leaves it free ({@code check_free_port}).
     *
     * @return the port, {@code -EINVAL} if the domain is dying, or {@code -ENOSPC} once {@link #portLimit} is reached
     */
    public int getFreePort() {
        if (dying) {
            return Errno.EINVAL.neg();
        }
        int limit = portLimit();
        for (int port = 0; port < limit; port++) {
            if (port >= validPorts) {
                while (port >= validPorts) {
                    addBucket();
                }
                return port;
            }
            if (state[port] == ECS_FREE && !ops.isBusy(this, port)) {
                return port;
            }
        }
        return Errno.ENOSPC.neg();
    }

    /**
     * {@code evtchn_free}: clears the port's pending state through the ABI, then makes it free again with notify vCPU
     * 0, default priority and no remote or IRQ fields. The caller unlinked whatever pointed at the port (VIRQ table,
     * interdomain peer).
     */
    public void free(int port, long now) {
        if (isUsable(port)) {
            ops.clearPending(this, port, now);
        }
        state[port] = ECS_FREE;
        notifyVcpu[port] = 0;
        remoteDomid[port] = 0;
        remotePort[port] = 0;
        irq[port] = 0;
        priority[port] = (byte) DEFAULT_PRIORITY;
    }

    /**
     * {@code evtchn_port_set_pending}: has the ABI set {@code port} pending on notify vCPU {@code vcpu}, if the port is
     * usable; a free or reserved port is left alone.
     */
    public void portSetPending(int vcpu, int port, long now) {
        if (isUsable(port)) {
            ops.setPending(this, vcpu, port, now);
        }
    }

    /** Whether {@code vcpu} is one of the domain's vCPU ids ({@code domain_vcpu(d, vcpu) != NULL} needs this too). */
    public boolean isVcpuId(int vcpu) {
        return vcpu >= 0 && vcpu < maxVcpus;
    }

    /** The {@code EVTCHNSTAT_*} code {@code EVTCHNOP_status} reports for internal state {@code ecs}. */
    public static int evtchnStat(byte ecs) {
        switch (ecs) {
            case ECS_UNBOUND:
                return EvtchnStat.EVTCHNSTAT_unbound.code;
            case ECS_INTERDOMAIN:
                return EvtchnStat.EVTCHNSTAT_interdomain.code;
            case ECS_PIRQ:
                return EvtchnStat.EVTCHNSTAT_pirq.code;
            case ECS_VIRQ:
                return EvtchnStat.EVTCHNSTAT_virq.code;
            case ECS_IPI:
                return EvtchnStat.EVTCHNSTAT_ipi.code;
            default:
                return EvtchnStat.EVTCHNSTAT_closed.code;
        }
    }

    /**
     * {@code vcpu_mark_events_pending}: sets {@code evtchn_upcall_pending} of {@code vcpu} and, if it was clear, kicks
     * the vCPU (wakes it, and interrupts its pCPU if it is running). Called by the ABIs when a port should raise an
     * upcall.
     */
    public void markEventsPending(int vcpu, long now) {
        services.markEventsPending(this, vcpu, now);
    }

    /** The services the ABIs need beyond the table: kicks, pollers and the journal. */
    public EvtchnHostServices services() {
        return services;
    }
}
