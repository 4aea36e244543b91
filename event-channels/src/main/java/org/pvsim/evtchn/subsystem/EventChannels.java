package org.pvsim.evtchn.subsystem;

import org.pvsim.evtchn.EvtchnAudit;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnDomainTable;
import org.pvsim.evtchn.EvtchnPirqs;
import org.pvsim.evtchn.EvtchnPoll;
import org.pvsim.evtchn.EvtchnUpcalls;
import org.pvsim.evtchn.EvtchnVirqs;
import org.pvsim.evtchn.TwoLevelPortOps;
import org.pvsim.evtchn.fifo.FifoAbi;
import org.pvsim.evtchn.op.EventChannelOp;
import org.pvsim.evtchn.op.EventChannelOpCompat;
import org.pvsim.evtchn.op.EvtchnClose;
import org.pvsim.evtchn.ring.PcpuKickRings;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.Subsystem;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The event-channel subsystem ({@code xen/common/event_channel.c}, {@code event_2l.c}, {@code event_fifo.c}): what
 * the composition root creates and the hypervisor installs. {@link #install} registers hypercalls {@code
 * event_channel_op} (32) and {@code event_channel_op_compat} (16), the domain hook ({@code evtchn_init}, {@code
 * evtchn_destroy}), the VIRQ sink, the {@code SCHEDOP_poll} port check, the pCPU kick rings and the I11/I12 audit.
 *
 * <p>Tunable: the kick ring size ({@link PcpuKickRings#DEFAULT_RING_SIZE} slots per pCPU by default; a power of two).
 * A smaller ring only drops more kicks; it never loses an event (see {@link PcpuKickRings}).
 */
public final class EventChannels implements Subsystem {
    private final int kickRingSize;
    private final FifoAbi fifo;
    private final EvtchnDomainTable table = new EvtchnDomainTable();
    private PcpuKickRings kicks;
    private EvtchnUpcalls upcalls;
    private EventChannelOp op;

    /** Event channels with kick rings of the default size. */
    public EventChannels() {
        this(PcpuKickRings.DEFAULT_RING_SIZE);
    }

    /**
     * Event channels with kick rings of {@code kickRingSize} slots per pCPU.
     *
     * @throws IllegalArgumentException unless {@code kickRingSize} is a power of two
     */
    public EventChannels(int kickRingSize) {
        this(kickRingSize, new FifoAbi(TwoLevelPortOps.INSTANCE));
    }

    /**
     * Event channels with kick rings of {@code kickRingSize} slots and {@code fifo} serving the FIFO ABI's sub-ops
     * (its teardown must return domains to {@link TwoLevelPortOps#INSTANCE}).
     *
     * @throws IllegalArgumentException unless {@code kickRingSize} is a power of two
     */
    public EventChannels(int kickRingSize, FifoAbi fifo) {
        PcpuKickRings.checkRingSize(kickRingSize);
        this.kickRingSize = kickRingSize;
        this.fifo = fifo;
    }

    @Override
    public String name() {
        return "event-channels";
    }

    @Override
    public void install(SubsystemHost host) {
        if (kicks != null) {
            throw new IllegalStateException("event channels are already installed");
        }
        kicks = new PcpuKickRings(kickRingSize, Math.max(host.domains().nrPcpus(), 0));
        upcalls = new EvtchnUpcalls(host, kicks);
        EvtchnClose close = new EvtchnClose(table, host, fifo);
        op = new EventChannelOp(table, host, close, fifo);
        host.registerHypercall(Hypercall.event_channel_op.number, op);
        host.registerHypercall(Hypercall.event_channel_op_compat.number, new EventChannelOpCompat(op));
        host.addDomainHook(new EvtchnLifecycle(table, host, upcalls, close));
        host.setVirqSink(new EvtchnVirqs(table, host));
        host.setPirqSink(new EvtchnPirqs(table));
        host.setPortPoll(new EvtchnPoll(table));
        host.setPcpuKicks(kicks);
        host.addAudit(new EvtchnAudit(table, host.domains(), fifo::frameReferences, kicks, upcalls));
    }

    /** Domain {@code domid}'s event channels, or {@code null} (for statistics and tests; installed only). */
    public EvtchnDomain domain(int domid) {
        return table.get(domid);
    }

    /** The pCPU kick rings and their counters, or {@code null} before {@link #install}. */
    public PcpuKickRings kicks() {
        return kicks;
    }

    /** The kick ring size each pCPU gets. */
    public int kickRingSize() {
        return kickRingSize;
    }
}
