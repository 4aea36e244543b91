package org.pvsim.hypervisor.spi.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.EvtchnPortPoll;
import org.pvsim.hypervisor.spi.FrameMemory;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallHandler;
import org.pvsim.hypervisor.spi.PcpuKicks;
import org.pvsim.hypervisor.spi.PirqHost;
import org.pvsim.hypervisor.spi.PirqSink;
import org.pvsim.hypervisor.spi.SubsystemAudit;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;
import org.pvsim.hypervisor.spi.SubsystemHost;
import org.pvsim.hypervisor.spi.SubsystemJournal;
import org.pvsim.hypervisor.spi.VcpuEvents;
import org.pvsim.hypervisor.spi.VirqSink;

/**
 * A {@link SubsystemHost} that keeps what a subsystem registers (hypercall handlers, domain hooks, audits, the VIRQ
 * sink, port poll and pCPU kicks) and serves it fakes: {@link FakeDomains}, a {@link ByteArrayFrameMemory}, a
 * recording {@link FakeVcpus}, a {@link FakeGrantMmu} and a {@link RecordingJournal}. Time is {@link #now}, set by
 * hand. The event channels and the grant tables are each tested on it alone, with no hypervisor.
 */
public final class FakeHost implements SubsystemHost {
    public final FakeDomains domains;
    public final ByteArrayFrameMemory memory = new ByteArrayFrameMemory();
    public final FakeVcpus vcpus = new FakeVcpus();
    public final FakeGrantMmu mmu = new FakeGrantMmu();
    public final RecordingJournal journal = new RecordingJournal();
    public final HypercallHandler[] hypercalls = new HypercallHandler[Hypercall.NR_HYPERCALLS];
    public final List<SubsystemDomainHook> hooks = new ArrayList<>();
    public final List<SubsystemAudit> audits = new ArrayList<>();
    public VirqSink virqSink;
    public EvtchnPortPoll portPoll = EvtchnPortPoll.NO_PORTS;
    public PcpuKicks kicks = PcpuKicks.NONE;
    public long now;
    /** What {@link #memory()} serves: {@link #memory} unless a test puts another here before installing. */
    public FrameMemory frames = memory;
    /** What {@link #grantMmu()} serves: {@link #mmu} unless a test puts another here before installing. */
    public GrantMmu grants = mmu;

    /** A host with one pCPU. */
    public FakeHost() {
        this(1);
    }

    public FakeHost(int nrPcpus) {
        this.domains = new FakeDomains(nrPcpus);
    }

    /** Every violation the installed audits report now, as "I11: message". */
    public List<String> violations() {
        List<String> out = new ArrayList<>();
        for (SubsystemAudit a : audits) {
            a.audit((invariant, message) -> out.add(invariant + ": " + message));
        }
        return out;
    }

    /** The handler registered for {@code hypercall}, or null. */
    public HypercallHandler hypercall(Hypercall hypercall) {
        return hypercalls[hypercall.number];
    }

    @Override
    public void registerHypercall(int op, HypercallHandler handler) {
        hypercalls[op] = handler;
    }

    @Override
    public void addDomainHook(SubsystemDomainHook hook) {
        hooks.add(hook);
    }

    @Override
    public void setPirqSink(PirqSink sink) {
        pirqs.setSink(sink);
    }

    @Override
    public PirqHost pirqs() {
        return pirqs;
    }

    /** The PIRQ table: map a GSI with {@code pirqs.mapGsi} before binding, raise it with {@code assertLine}. */
    public final IrqLines pirqs = new IrqLines();

    @Override
    public void setVirqSink(VirqSink sink) {
        this.virqSink = sink;
    }

    @Override
    public void setPortPoll(EvtchnPortPoll poll) {
        this.portPoll = poll;
    }

    @Override
    public void setPcpuKicks(PcpuKicks kicks) {
        this.kicks = kicks;
    }

    @Override
    public void addAudit(SubsystemAudit audit) {
        audits.add(audit);
    }

    @Override
    public long now() {
        return now;
    }

    @Override
    public DomainQuery domains() {
        return domains;
    }

    @Override
    public FrameMemory memory() {
        return frames;
    }

    @Override
    public VcpuEvents vcpus() {
        return vcpus;
    }

    @Override
    public GrantMmu grantMmu() {
        return grants;
    }

    @Override
    public SubsystemJournal journal() {
        return journal;
    }
}
