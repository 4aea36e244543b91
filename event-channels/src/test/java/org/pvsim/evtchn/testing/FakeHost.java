package org.pvsim.evtchn.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.EvtchnPortPoll;
import org.pvsim.hypervisor.spi.FrameMemory;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.spi.HypercallHandler;
import org.pvsim.hypervisor.spi.PcpuKicks;
import org.pvsim.hypervisor.spi.SubsystemAudit;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;
import org.pvsim.hypervisor.spi.SubsystemHost;
import org.pvsim.hypervisor.spi.SubsystemJournal;
import org.pvsim.hypervisor.spi.VcpuEvents;
import org.pvsim.hypervisor.spi.VirqSink;

/** A {@link SubsystemHost} that keeps what a subsystem registers and serves it fakes. */
public final class FakeHost implements SubsystemHost {
    public final FakeDomains domains;
    public final ByteArrayFrameMemory memory = new ByteArrayFrameMemory();
    public final FakeVcpus vcpus = new FakeVcpus();
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

    public FakeHost(int nrPcpus) {
        this.domains = new FakeDomains(nrPcpus);
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
        throw new UnsupportedOperationException("the event channels use no grant services");
    }

    @Override
    public SubsystemJournal journal() {
        return journal;
    }
}
