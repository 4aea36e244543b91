package org.pvsim.gnttab.testing;

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
    public final FakeDomains domains = new FakeDomains();
    public final ByteArrayFrameMemory memory = new ByteArrayFrameMemory();
    public final FakeGrantMmu mmu = new FakeGrantMmu();
    public final RecordingJournal journal = new RecordingJournal();
    public final HypercallHandler[] hypercalls = new HypercallHandler[Hypercall.NR_HYPERCALLS];
    public final List<SubsystemDomainHook> hooks = new ArrayList<>();
    public final List<SubsystemAudit> audits = new ArrayList<>();

    @Override
    public void registerHypercall(int op, HypercallHandler handler) {
        hypercalls[op] = handler;
    }

    @Override
    public void addDomainHook(SubsystemDomainHook hook) {
        hooks.add(hook);
    }

    @Override
    public void setVirqSink(VirqSink sink) {}

    @Override
    public void setPortPoll(EvtchnPortPoll poll) {}

    @Override
    public void setPcpuKicks(PcpuKicks kicks) {}

    @Override
    public void addAudit(SubsystemAudit audit) {
        audits.add(audit);
    }

    @Override
    public long now() {
        return 0;
    }

    @Override
    public DomainQuery domains() {
        return domains;
    }

    @Override
    public FrameMemory memory() {
        return memory;
    }

    @Override
    public VcpuEvents vcpus() {
        return new VcpuEvents() {
            @Override
            public void unblock(int domid, int vcpu, long now) {}

            @Override
            public void checkPollers(int domid, int port, long now) {}

            @Override
            public void interruptPcpu(int pcpu) {}
        };
    }

    @Override
    public GrantMmu grantMmu() {
        return mmu;
    }

    @Override
    public SubsystemJournal journal() {
        return journal;
    }
}
