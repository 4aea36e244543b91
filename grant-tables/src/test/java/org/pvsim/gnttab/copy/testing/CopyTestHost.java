package org.pvsim.gnttab.copy.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.EvtchnEvent;
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

/**
 * A {@link SubsystemHost} for the copy and transfer tests: domains 0 to {@link FakeGrantMmu#MAX_DOMS}-1 that a test
 * creates and kills, one {@link FakeGrantMmu} as both the MMU and the frame memory, and a journal that keeps every
 * GNTTAB record.
 */
public final class CopyTestHost implements SubsystemHost, DomainQuery, SubsystemJournal {
    /** One GNTTAB journal record. */
    public record Rec(int op, int domid, int remoteDomid, long ref, int status, long arg) {}

    public final FakeGrantMmu mmu;
    public final boolean[] exists = new boolean[FakeGrantMmu.MAX_DOMS];
    public final boolean[] alive = new boolean[FakeGrantMmu.MAX_DOMS];
    public final List<Rec> records = new ArrayList<>();
    public final List<SubsystemDomainHook> hooks = new ArrayList<>();
    public final List<SubsystemAudit> audits = new ArrayList<>();
    public HypercallHandler grantTableOp;

    public CopyTestHost(int nrFrames) {
        this.mmu = new FakeGrantMmu(nrFrames);
    }

    private boolean known(int domid) {
        return domid >= 0 && domid < FakeGrantMmu.MAX_DOMS && exists[domid];
    }

    // ---- SubsystemHost ----

    @Override
    public void registerHypercall(int op, HypercallHandler handler) {
        if (op == Hypercall.grant_table_op.number) {
            grantTableOp = handler;
        }
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
        return this;
    }

    @Override
    public FrameMemory memory() {
        return mmu;
    }

    @Override
    public VcpuEvents vcpus() {
        throw new UnsupportedOperationException("grant copy and transfer wake no vCPU");
    }

    @Override
    public GrantMmu grantMmu() {
        return mmu;
    }

    @Override
    public SubsystemJournal journal() {
        return this;
    }

    // ---- SubsystemJournal ----

    @Override
    public void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg) {}

    @Override
    public void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg) {
        records.add(new Rec(op, domid, remoteDomid, ref, status, arg));
    }

    // ---- DomainQuery ----

    @Override
    public int nrPcpus() {
        return 1;
    }

    @Override
    public boolean exists(int domid) {
        return known(domid);
    }

    @Override
    public boolean isAlive(int domid) {
        return known(domid) && alive[domid];
    }

    @Override
    public boolean isControlDomain(int domid) {
        return domid == 0;
    }

    @Override
    public boolean isHardwareDomain(int domid) {
        return domid == 0;
    }

    @Override
    public int maxVcpus(int domid) {
        return known(domid) ? 1 : 0;
    }

    @Override
    public boolean vcpuExists(int domid, int vcpu) {
        return known(domid) && vcpu == 0;
    }

    @Override
    public int runningOn(int domid, int vcpu) {
        return -1;
    }

    @Override
    public int maxEvtchnPort(int domid) {
        return known(domid) ? 1023 : -1;
    }

    @Override
    public int maxGrantFrames(int domid) {
        return known(domid) ? 4 : -1;
    }

    @Override
    public int maxMaptrackFrames(int domid) {
        return known(domid) ? 4 : -1;
    }

    @Override
    public int maxGrantVersion(int domid) {
        return known(domid) ? 2 : -1;
    }

    @Override
    public int controllerPauseCount(int domid) {
        return 0;
    }

    @Override
    public long sharedInfoMfn(int domid) {
        return -1;
    }
}
