package org.pvsim.hypervisor.subsystem;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.LongSupplier;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainHook;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.HypercallTable;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.lifecycle.DomainLifecycle;
import org.pvsim.hypervisor.machine.FrameAllocator;
import org.pvsim.hypervisor.machine.MachineMemory;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.mm.PageTypes;
import org.pvsim.hypervisor.mm.PvGrantMmu;
import org.pvsim.hypervisor.sched.VcpuBlocking;
import org.pvsim.hypervisor.spi.DomainQuery;
import org.pvsim.hypervisor.spi.EvtchnEvent;
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
 * The core's implementation of {@link SubsystemHost} and of the services behind it, one object for all installed
 * subsystems. It translates ids to the core's domains and vCPUs, so that subsystems never hold core objects.
 *
 * <p>Invariants: every query answers for any id (an unknown one is "no such thing"); nothing here allocates after
 * installation; a pCPU interrupt goes to the execution engine when one runs (recording) and is ignored otherwise
 * (replay, where the recorded UPCALL records say when upcalls happened).
 */
public final class SubsystemServices implements SubsystemHost, DomainQuery, FrameMemory, VcpuEvents, SubsystemJournal {
    /** Interrupts a pCPU: installed by the execution engine. */
    @FunctionalInterface
    public interface PcpuInterrupter {
        void interrupt(int pcpu);
    }

    private final HypercallTable table;
    private final DomainTable domains;
    private final DomainLifecycle lifecycle;
    private final VcpuBlocking blocking;
    private final MachineMemory memory;
    private final PageTypes types;
    private final Journal journal;
    private final LongSupplier clock;
    private final int nrPcpus;
    private final List<SubsystemAudit> audits = new ArrayList<>();
    private final GrantMmu grantMmu;
    private PcpuKicks kicks = PcpuKicks.NONE;
    private IrqLines irqLines;
    private PcpuInterrupter interrupter = pcpu -> {};

    public SubsystemServices(
            HypercallTable table,
            DomainTable domains,
            DomainLifecycle lifecycle,
            VcpuBlocking blocking,
            MachineMemory memory,
            FrameAllocator allocator,
            PageTypes types,
            Journal journal,
            LongSupplier clock,
            int nrPcpus) {
        this.table = table;
        this.domains = domains;
        this.lifecycle = lifecycle;
        this.blocking = blocking;
        this.memory = memory;
        this.types = types;
        this.journal = journal;
        this.clock = clock;
        this.nrPcpus = nrPcpus;
        this.grantMmu = new PvGrantMmu(types, domains, allocator);
    }

    /** The machine's interrupt lines, whose PIRQ table subsystems reach through {@link #pirqs}. */
    public void setIrqLines(IrqLines lines) {
        this.irqLines = lines;
    }

    /** Where pCPU interrupts go: the execution engine installs itself while it runs guests. */
    public void setInterrupter(PcpuInterrupter interrupter) {
        this.interrupter = interrupter;
    }

    /** The kicks installed by the event-channel subsystem, or {@link PcpuKicks#NONE}. */
    public PcpuKicks kicks() {
        return kicks;
    }

    /** The subsystems' audits, in installation order. */
    public List<SubsystemAudit> audits() {
        return Collections.unmodifiableList(audits);
    }

    // ---- SubsystemHost ----

    @Override
    public void registerHypercall(int op, HypercallHandler handler) {
        Hypercall h = Hypercall.ofNumber(op);
        if (h == null) {
            throw new IllegalArgumentException("hypercall " + op + " is not one Xen defines");
        }
        table.registerSubsystem(h, handler);
    }

    @Override
    public void addDomainHook(SubsystemDomainHook hook) {
        lifecycle.addDomainHook(new DomainHook() {
            @Override
            public int domainCreated(Domain d, long now) {
                return hook.domainCreated(d.domid(), now);
            }

            @Override
            public void domainKilled(Domain d, long now) {
                hook.domainKilled(d.domid(), now);
            }

            @Override
            public void domainDestroyed(Domain d, long now) {
                hook.domainDestroyed(d.domid(), now);
            }
        });
    }

    @Override
    public void setVirqSink(VirqSink sink) {
        lifecycle.setVirqSink(sink);
    }

    @Override
    public void setPirqSink(PirqSink sink) {
        irqLines.setSink(sink);
    }

    @Override
    public PirqHost pirqs() {
        return irqLines;
    }

    @Override
    public void setPortPoll(EvtchnPortPoll poll) {
        blocking.setPortPoll(poll);
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
        return clock.getAsLong();
    }

    @Override
    public DomainQuery domains() {
        return this;
    }

    @Override
    public FrameMemory memory() {
        return this;
    }

    @Override
    public VcpuEvents vcpus() {
        return this;
    }

    @Override
    public SubsystemJournal journal() {
        return this;
    }

    // ---- DomainQuery ----

    private Vcpu vcpu(int domid, int vcpu) {
        Domain d = domains.get(domid);
        return d == null || vcpu < 0 ? null : d.vcpu(vcpu);
    }

    @Override
    public int nrPcpus() {
        return nrPcpus;
    }

    @Override
    public boolean exists(int domid) {
        return domains.get(domid) != null;
    }

    @Override
    public boolean isAlive(int domid) {
        Domain d = domains.get(domid);
        return d != null && d.isAlive();
    }

    @Override
    public boolean isControlDomain(int domid) {
        Domain d = domains.get(domid);
        return d != null && d.isPrivileged();
    }

    @Override
    public boolean isHardwareDomain(int domid) {
        Domain d = domains.get(domid);
        return d != null && d.isHardwareDomain();
    }

    @Override
    public int maxVcpus(int domid) {
        Domain d = domains.get(domid);
        return d == null ? 0 : d.maxVcpus();
    }

    @Override
    public boolean vcpuExists(int domid, int vcpu) {
        return vcpu(domid, vcpu) != null;
    }

    @Override
    public int runningOn(int domid, int vcpu) {
        Vcpu v = vcpu(domid, vcpu);
        return v != null && v.isRunning() ? v.processor() : -1;
    }

    @Override
    public int maxEvtchnPort(int domid) {
        Domain d = domains.get(domid);
        return d == null ? -1 : d.maxEvtchnPort();
    }

    @Override
    public int maxGrantFrames(int domid) {
        Domain d = domains.get(domid);
        return d == null ? -1 : d.maxGrantFrames();
    }

    @Override
    public int maxMaptrackFrames(int domid) {
        Domain d = domains.get(domid);
        return d == null ? -1 : d.maxMaptrackFrames();
    }

    @Override
    public int maxGrantVersion(int domid) {
        Domain d = domains.get(domid);
        return d == null ? -1 : d.maxGrantVersion();
    }

    @Override
    public int controllerPauseCount(int domid) {
        Domain d = domains.get(domid);
        return d == null ? 0 : d.controllerPauseCount();
    }

    @Override
    public long sharedInfoMfn(int domid) {
        Domain d = domains.get(domid);
        return d == null ? -1 : d.sharedInfoMfn();
    }

    // ---- FrameMemory ----

    @Override
    public int read8(long mfn, int offset) {
        return memory.read8(mfn, offset);
    }

    @Override
    public void write8(long mfn, int offset, int value) {
        memory.write8(mfn, offset, value);
    }

    @Override
    public int read16(long mfn, int offset) {
        return memory.read16(mfn, offset);
    }

    @Override
    public void write16(long mfn, int offset, int value) {
        memory.write16(mfn, offset, value);
    }

    @Override
    public void copy(long srcMfn, int srcOff, long dstMfn, int dstOff, int len) {
        memory.copy(srcMfn, srcOff, dstMfn, dstOff, len);
    }

    @Override
    public int read32(long mfn, int offset) {
        return memory.read32(mfn, offset);
    }

    @Override
    public void write32(long mfn, int offset, int value) {
        memory.write32(mfn, offset, value);
    }

    @Override
    public long read64(long mfn, int offset) {
        return memory.read64(mfn, offset);
    }

    @Override
    public void write64(long mfn, int offset, long value) {
        memory.write64(mfn, offset, value);
    }

    @Override
    public long getWritablePage(int domid, long gfn) {
        // a PV domain's gfn is its mfn (get_page_from_gfn on a PV guest)
        if (gfn < 0 || gfn >= memory.nrFrames() || !memory.isRam(gfn)) {
            return Errno.EINVAL.neg();
        }
        int rc = types.getPageAndTypeFromMfn(gfn, PageType.PGT_writable_page, domid);
        return rc != 0 ? Errno.EINVAL.neg() : gfn;
    }

    @Override
    public void putWritablePage(long mfn) {
        types.putPageAndType(mfn);
    }

    // ---- VcpuEvents ----

    @Override
    public void unblock(int domid, int vcpu, long now) {
        Vcpu v = vcpu(domid, vcpu);
        if (v != null) {
            blocking.unblock(v, now);
        }
    }

    @Override
    public void checkPollers(int domid, int port, long now) {
        Domain d = domains.get(domid);
        if (d != null) {
            blocking.checkPollers(d, port, now);
        }
    }

    @Override
    public void interruptPcpu(int pcpu) {
        if (pcpu >= 0 && pcpu < nrPcpus) {
            interrupter.interrupt(pcpu);
        }
    }

    // ---- SubsystemJournal ----

    @Override
    public void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg) {
        journal.evtchn(clock.getAsLong(), event.code, domid, vcpu, port, arg);
    }

    @Override
    public void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg) {
        journal.gnttab(clock.getAsLong(), op, domid, remoteDomid, ref, status, arg);
    }

    // ---- GrantMmu ----

    @Override
    public GrantMmu grantMmu() {
        return grantMmu;
    }
}
