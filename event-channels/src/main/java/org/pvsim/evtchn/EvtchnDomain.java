package org.pvsim.evtchn;

import java.util.Arrays;
import org.pvsim.hypervisor.spi.FrameMemory;

/**
 * One domain's event channels ({@code struct domain}'s {@code evtchn} buckets in Xen): the port table, kept as
 * arrays indexed by port so that nothing is allocated per operation, and the ABI the domain uses now.
 *
 * <p>Invariants: port 0 is {@link #ECS_RESERVED} while the domain lives; a port is valid iff it is below {@link
 * #validPorts()}, which only grows (in buckets of {@link #PORTS_PER_BUCKET}) while the domain lives; a free port has
 * notify vCPU 0 and default priority.
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
    }

    public int domid() {
        return domid;
    }

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

    public EvtchnPortOps ops() {
        return ops;
    }

    public void setOps(EvtchnPortOps ops) {
        this.ops = ops;
    }

    public Object abiState() {
        return abiState;
    }

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

    public byte state(int port) {
        return state[port];
    }

    public void setState(int port, byte s) {
        state[port] = s;
    }

    /** {@code notify_vcpu_id}: the vCPU the port's events go to. */
    public int notifyVcpu(int port) {
        return notifyVcpu[port];
    }

    public void setNotifyVcpu(int port, int vcpu) {
        notifyVcpu[port] = (short) vcpu;
    }

    /** The unbound port's allowed remote domain, or the interdomain port's peer domain. */
    public int remoteDomid(int port) {
        return remoteDomid[port];
    }

    public void setRemoteDomid(int port, int domid) {
        remoteDomid[port] = (short) domid;
    }

    /** The interdomain port's peer port. */
    public int remotePort(int port) {
        return remotePort[port];
    }

    public void setRemotePort(int port, int p) {
        remotePort[port] = p;
    }

    /** The VIRQ or PIRQ a port is bound to. */
    public int irq(int port) {
        return irq[port];
    }

    public void setIrq(int port, int n) {
        irq[port] = n;
    }

    /** The port's FIFO priority (0 highest, 15 lowest). */
    public int priority(int port) {
        return priority[port];
    }

    public void setPriority(int port, int p) {
        priority[port] = (byte) p;
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
