package org.pvsim.hypervisor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestGeneralProtection;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.console.XenConsole;
import org.pvsim.hypervisor.device.MachineDevices;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.DomainHook;
import org.pvsim.hypervisor.domain.DomainTable;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.hypercall.HypercallFrame;
import org.pvsim.hypervisor.hypercall.HypercallTable;
import org.pvsim.hypervisor.hypercall.Multicall;
import org.pvsim.hypervisor.irq.IrqLines;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.GuestFaultKind;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.JournalFormat;
import org.pvsim.hypervisor.journal.ReplayTarget;
import org.pvsim.hypervisor.lifecycle.DomainLifecycle;
import org.pvsim.hypervisor.lifecycle.DomainWatchdogs;
import org.pvsim.hypervisor.lifecycle.NoEvtchnVirqSink;
import org.pvsim.hypervisor.machine.CpuTopology;
import org.pvsim.hypervisor.machine.Machine;
import org.pvsim.hypervisor.machine.XenCommandLine;
import org.pvsim.hypervisor.mm.MmuUpdateHypercall;
import org.pvsim.hypervisor.mm.MmuextOpHypercall;
import org.pvsim.hypervisor.mm.PageRefs;
import org.pvsim.hypervisor.mm.PageTypes;
import org.pvsim.hypervisor.mm.UpdateVaMappingHypercall;
import org.pvsim.hypervisor.paging.GuestMemoryAccess;
import org.pvsim.hypervisor.paging.GuestPageWalker;
import org.pvsim.hypervisor.sched.ScheduleDecision;
import org.pvsim.hypervisor.sched.SchedulerCore;
import org.pvsim.hypervisor.sched.VcpuBlocking;
import org.pvsim.hypervisor.spi.Subsystem;
import org.pvsim.hypervisor.spi.VirqSink;
import org.pvsim.hypervisor.subsystem.SubsystemServices;
import org.pvsim.hypervisor.time.EventEngine;
import org.pvsim.hypervisor.time.HypervisorTimers;
import org.pvsim.hypervisor.timer.VcpuSystemTime;
import org.pvsim.hypervisor.timer.VcpuTimers;

/**
 * One simulated Xen host: the machine, the domains, and the hypervisor's entry points. Everything that changes
 * hypervisor state from outside comes through the methods here — a hypercall, a guest store, a guest fault, a
 * scheduling decision — and each is reported to the {@link Journal} as it is applied. While recording, the guest
 * execution engine ({@code org.pvsim.hypervisor.exec}) calls them; while replaying, the journal's replayer does,
 * through {@link ReplayTarget}.
 *
 * <p>Guarantees: no Java exception escapes a hypercall (an internal failure is recorded as a hypervisor bug, which
 * halts the host like a Xen {@code BUG()}); the same inputs in the same order give the same state and the same
 * journal records.
 */
public final class Hypervisor implements ReplayTarget {
    /** Listens to every hypercall as it completes: the auditor's hook. */
    @FunctionalInterface
    public interface HypercallObserver {
        void afterHypercall(Vcpu caller, int op, long result);
    }

    /**
     * What an {@code in} or {@code out} costs a PV guest: the #GP trap into Xen, decoding and emulating the instruction,
     * and the return (about a microsecond on current hardware).
     */
    public static final long PORT_IO_EMULATION_NS = 1_000;

    private final BootParameters params;
    private final Machine machine;
    private final DomainTable domains = new DomainTable();
    private final EventEngine engine = new EventEngine();
    private final Journal journal;
    private final HypervisorTimers timers;
    private final SchedulerCore sched;
    private final PageRefs refs;
    private final PageTypes types;
    private final GuestMemoryAccess memory;
    private final HypercallFrame frame;
    private final HypercallTable table = new HypercallTable();
    private final DomainLifecycle lifecycle;
    private final XenConsole console = new XenConsole();
    private final MmuextOpHypercall mmuext;
    private final VcpuBlocking blocking;
    private final VcpuTimers vcpuTimers;
    private final DomainWatchdogs watchdogs;
    private final SubsystemServices subsystems;
    private final IrqLines irqLines = new IrqLines();
    private final MachineDevices devices;
    private long lastPortIoCost;
    private final List<String> installed = new ArrayList<>();

    private final ScheduleDecision replayDecision = new ScheduleDecision();
    private final List<String> bugs = new ArrayList<>();
    private HypercallObserver observer = (v, op, r) -> {};
    private boolean halted;
    private int haltReason = -1;
    private long lastHypercallCost;
    private long hypercallsServed;

    /**
     * A host with the machine described by {@code params}, no domains yet. Recording and replaying build the same
     * host: the scheduling policy runs in both.
     *
     * <p>Until an event-channel subsystem replaces it ({@code lifecycle().setVirqSink}), VIRQs go to a {@link
     * NoEvtchnVirqSink}: recorded, and a per-vCPU one wakes its vCPU.
     *
     * @throws IllegalArgumentException if the scheduler is unknown, the CPU topology does not divide the pCPUs, or a
     *     Xen boot option is bad (the message says which)
     */
    public Hypervisor(BootParameters params, Journal journal) {
        this.params = params;
        this.journal = journal;
        this.machine = new Machine(params.nrPcpus(), params.ramFrames());
        this.timers = new HypervisorTimers(engine, journal);
        this.sched = new SchedulerCore(
                Schedulers.create(params.scheduler()),
                CpuTopology.of(params.nrPcpus(), params.sockets(), params.threadsPerCore()),
                XenCommandLine.parse(params.xenCmdline()),
                journal,
                timers);
        this.sched.setBugReporter(this::bug);
        this.refs = new PageRefs(machine.frames(), machine.memory(), machine.allocator(), domains);
        this.types = new PageTypes(refs, domains);
        this.types.setWarnings(console::xenLine);
        this.memory = new GuestMemoryAccess(machine.memory(), machine.frames());
        this.frame = new HypercallFrame(memory, journal);
        this.lifecycle = new DomainLifecycle(domains, sched, types, journal, engine::now);
        this.lifecycle.setHostHalt((reason, at) -> {
            halted = true;
            haltReason = reason;
        });
        this.mmuext = new MmuextOpHypercall(types, domains);
        this.blocking = new VcpuBlocking(sched, machine.memory(), timers);
        this.lifecycle.setVirqSink(new NoEvtchnVirqSink(journal, domains, blocking));
        // VIRQ_TIMER goes to whichever sink is installed when it fires
        VirqSink virqs = (domid, vcpu, virq, at) -> lifecycle.virqSink().raise(domid, vcpu, virq, at);
        this.vcpuTimers =
                new VcpuTimers(timers, virqs, blocking, new VcpuSystemTime(machine.memory(), sched.commandLine()));
        this.watchdogs = new DomainWatchdogs(timers, lifecycle, console);
        lifecycle.addDomainHook(vcpuTimers);
        lifecycle.addDomainHook(watchdogs);
        sched.setContextSwitchListener(vcpuTimers);
        this.devices =
                new MachineDevices(MachineDevicesSpec.parse(params.devices()), machine.memory(), irqLines, timers);
        lifecycle.addDomainHook(new DomainHook() {
            @Override
            public int domainCreated(Domain d, long now) {
                return 0;
            }

            @Override
            public void domainDestroyed(Domain d, long now) {
                irqLines.domainDestroyed(d.domid());
            }
        });
        HypercallRegistry.registerCore(this);
        this.subsystems = new SubsystemServices(
                table,
                domains,
                lifecycle,
                blocking,
                machine.memory(),
                machine.allocator(),
                types,
                journal,
                engine::now,
                machine.nrPcpus());
        this.subsystems.setIrqLines(irqLines);
    }

    /**
     * Installs a subsystem (event channels, grant tables): it registers its hypercalls and hooks through the SPI.
     * Install every subsystem before the first domain is created, in the same order when recording and replaying.
     *
     * @throws IllegalStateException if a domain already exists
     */
    public void install(Subsystem s) {
        if (domains.all().iterator().hasNext()) {
            throw new IllegalStateException("subsystem " + s.name() + " must be installed before the first domain");
        }
        s.install(subsystems);
        installed.add(s.name());
    }

    /** The names of the installed subsystems, in installation order. */
    public List<String> installedSubsystems() {
        return Collections.unmodifiableList(installed);
    }

    /** The core's side of the subsystem SPI. */
    public SubsystemServices subsystems() {
        return subsystems;
    }

    // -------------------------------------------------------------------------------------------------------------
    // Components, for the composition root, the auditor and tests

    public BootParameters params() {
        return params;
    }

    public IrqLines irqLines() {
        return irqLines;
    }

    /** The machine's I/O devices (disk controller, network card) and its port space. */
    public MachineDevices devices() {
        return devices;
    }

    public Machine machine() {
        return machine;
    }

    public DomainTable domains() {
        return domains;
    }

    public EventEngine engine() {
        return engine;
    }

    public Journal journal() {
        return journal;
    }

    public SchedulerCore sched() {
        return sched;
    }

    /** The hypervisor's journalled timers. */
    public HypervisorTimers timers() {
        return timers;
    }

    public PageRefs pageRefs() {
        return refs;
    }

    public PageTypes pageTypes() {
        return types;
    }

    public GuestMemoryAccess guestMemory() {
        return memory;
    }

    public DomainLifecycle lifecycle() {
        return lifecycle;
    }

    public XenConsole console() {
        return console;
    }

    /** How vCPUs block, poll and are woken ({@code vcpu_block}, {@code do_poll}, {@code vcpu_unblock}). */
    public VcpuBlocking vcpuBlocking() {
        return blocking;
    }

    /** The vCPUs' periodic, single-shot and poll timers, and their {@code vcpu_time_info}. */
    public VcpuTimers vcpuTimers() {
        return vcpuTimers;
    }

    /** The domains' watchdogs ({@code SCHEDOP_watchdog}). */
    public DomainWatchdogs watchdogs() {
        return watchdogs;
    }

    public HypercallTable hypercallTable() {
        return table;
    }

    HypercallFrame frame() {
        return frame;
    }

    MmuextOpHypercall mmuext() {
        return mmuext;
    }

    /** Installs the observer told about every completed hypercall (the auditor in tests and {@code --audit}). */
    public void setHypercallObserver(HypercallObserver observer) {
        this.observer = observer;
    }

    /** Whether the host has halted: the hardware domain shut down, or a hypervisor bug. */
    public boolean isHalted() {
        return halted;
    }

    /** The shutdown reason that halted the host, or -1. */
    public int haltReason() {
        return haltReason;
    }

    /** Internal failures met so far (each halts the host): empty in a correct run. */
    public List<String> bugs() {
        return Collections.unmodifiableList(bugs);
    }

    /** CPU time the last hypercall's own work cost (beyond the entry/exit cost the execution engine adds). */
    public long lastHypercallCost() {
        return lastHypercallCost;
    }

    /** Hypercalls served so far, multicall entries not counted separately. */
    public long hypercallsServed() {
        return hypercallsServed;
    }

    /** The virtual time now. */
    public long now() {
        return engine.now();
    }

    /** The vCPU {@code vcpu} of domain {@code domid}, or {@code null}. */
    public Vcpu vcpu(int domid, int vcpu) {
        Domain d = domains.get(domid);
        return d == null ? null : d.vcpu(vcpu);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inputs

    /**
     * A hypercall from {@code v} at {@code at}: dispatched by number, journalled with the guest bytes it reads and
     * writes. Never throws.
     */
    public long hypercall(Vcpu v, long at, int op, long a1, long a2, long a3, long a4, long a5) {
        setTime(at);
        journal.hypercallBegin(v.domain().domid(), v.vcpuId(), at, op, a1, a2, a3, a4, a5);
        frame.enter(v, at);
        long result;
        try {
            result = table.dispatch(frame, op, a1, a2, a3, a4, a5);
        } catch (RuntimeException | StackOverflowError e) {
            result = Errno.EFAULT.neg();
            bug("hypercall " + Hypercall.nameOf(op) + " from " + v + " failed inside the hypervisor: " + e);
        }
        lastHypercallCost = frame.cost();
        hypercallsServed++;
        journal.hypercallEnd(result);
        observer.afterHypercall(v, op, result);
        return result;
    }

    /**
     * A guest store of {@code len} bytes at {@code va} through {@code v}'s page tables: all of it or, if a page cannot
     * be written, none of it and a {@link GuestPageFault}.
     */
    public void guestWrite(Vcpu v, long at, long va, byte[] src, int off, int len) {
        long maddr = memory.translateForWrite(v.guestTable(), va, len);
        if (GuestPageWalker.isFault(maddr)) {
            long faultVa = memory.writeFaultAddress(v.guestTable(), va, len);
            throw new GuestPageFault(faultVa, GuestPageWalker.faultCode(maddr));
        }
        setTime(at);
        memory.write(v.guestTable(), va, src, off, len);
        journal.guestWrite(v.domain().domid(), v.vcpuId(), at, va, maddr, src, off, len);
    }

    /** A guest load of {@code len} bytes at {@code va}; throws {@link GuestPageFault} if it cannot be read. */
    public void guestRead(Vcpu v, long va, byte[] dst, int off, int len) {
        int done = memory.read(v.guestTable(), va, dst, off, len, true);
        if (done < len) {
            long at = va + done;
            throw new GuestPageFault(at, memory.readFaultCode(v.guestTable(), at));
        }
    }

    /** A guest's code failed on {@code v}: journalled, and the domain is crashed as Xen crashes it. */
    /**
     * A guest's {@code in} or {@code out} ({@code emulate_privileged_op}, {@code xen/arch/x86/pv/emul-priv-op.c}):
     * journalled as a PORT_IO input. With a virtual IOPL below 1 ({@code guest_io_okay}: a 64-bit PV kernel runs at
     * privilege 1) the guest takes {@link GuestGeneralProtection}; otherwise a port the domain may not use ({@code
     * ioports_access_permitted}: pvsim gives the hardware domain every port and other domains none) reads as all ones
     * and ignores writes, and a permitted one reaches the machine's devices.
     *
     * @return the value read (for an {@code out}, 0)
     * @throws GuestGeneralProtection if the instruction is not allowed, or not one x86 has (size not 1, 2 or 4, port
     *     outside 0..0xFFFF)
     */
    public int portIo(Vcpu v, long at, int port, int size, boolean write, int value) {
        int domid = v.domain().domid();
        lastPortIoCost = PORT_IO_EMULATION_NS;
        if ((size != 1 && size != 2 && size != 4) || port < 0 || port + size > 0x10000) {
            throw new GuestGeneralProtection(port & 0xFFFF, "no such I/O instruction (" + size + " bytes)");
        }
        int flags = write ? JournalFormat.PORT_IO_WRITE : 0;
        if (v.iopl() < 1) {
            journal.portIoBegin(domid, v.vcpuId(), at, port, size, flags | JournalFormat.PORT_IO_FAULTED, 0);
            journal.portIoEnd();
            throw new GuestGeneralProtection(port, "virtual IOPL " + v.iopl() + " does not allow port I/O");
        }
        boolean permitted = v.domain().isHardwareDomain();
        int mask = size == 4 ? -1 : (1 << (8 * size)) - 1;
        if (!write) {
            int read = permitted ? devices.in(port, size, at) : mask;
            journal.portIoBegin(domid, v.vcpuId(), at, port, size, flags, read);
            journal.portIoEnd();
            return read;
        }
        journal.portIoBegin(domid, v.vcpuId(), at, port, size, flags, value & mask);
        try {
            if (permitted) {
                devices.out(port, size, value, at);
            }
        } finally {
            journal.portIoEnd();
        }
        return 0;
    }

    /** The CPU time the last {@link #portIo} cost the guest: the trap and the emulation. */
    public long lastPortIoCost() {
        return lastPortIoCost;
    }

    public void guestFault(Vcpu v, long at, GuestFaultKind kind, long va, int errorCode) {
        setTime(at);
        journal.guestFault(v.domain().domid(), v.vcpuId(), at, kind.code, va, errorCode);
        switch (kind) {
            case PAGE_FAULT:
                console.xenLine(String.format(
                        "%s: unhandled page fault at %#x (error code %#x): domain crashed", v, va, errorCode));
                break;
            case NO_KERNEL:
                console.xenLine(v + ": no kernel image at the entry point: domain crashed");
                break;
            case GENERAL_PROTECTION:
                console.xenLine(
                        String.format("%s: unhandled general protection fault (I/O port %#x): domain crashed", v, va));
                break;
            default:
                console.xenLine(v + ": kernel panic: domain crashed");
                break;
        }
        if (v.domain().isAlive()) {
            lifecycle.crash(v.domain(), at);
        }
    }

    /**
     * A scheduling decision: {@code pcpu} runs {@code do_schedule} at {@code at}. Returns the timeslice granted, or
     * {@code ScheduleDecision.NO_TIMESLICE}.
     */
    public long schedule(int pcpu, long at, ScheduleDecision scratch) {
        setTime(at);
        return sched.schedule(pcpu, at, scratch);
    }

    /**
     * {@code test_guest_events}: whether {@code v} has an upcall to take when it next returns to guest code, its
     * {@code evtchn_upcall_pending} set and {@code evtchn_upcall_mask} clear.
     */
    public boolean upcallDue(Vcpu v) {
        return blocking.localEventsNeedDelivery(v);
    }

    /**
     * An input: delivers an event upcall to {@code v} at {@code at} ({@code create_bounce_frame} with {@code
     * TBF_INTERRUPT}): journalled, then {@code evtchn_upcall_mask} is set and the guest is entered at its event
     * callback, whose address is returned. With no event callback registered, Xen crashes the domain ({@code
     * create_bounce_frame_bad_bounce_ip}); then 0 is returned. The caller checked {@link #upcallDue}.
     */
    public long deliverUpcall(Vcpu v, long at) {
        setTime(at);
        long rip = v.eventCallbackEip;
        journal.upcall(v.domain().domid(), v.vcpuId(), at, rip);
        if (rip == 0) {
            console.xenLine(v + ": event upcall with no event callback registered: domain crashed");
            lifecycle.crash(v.domain(), at);
            return 0;
        }
        blocking.setUpcallMask(v, 1);
        v.upcalls++;
        return rip;
    }

    /** Records an internal failure and halts the host, as a Xen {@code BUG()} would. */
    public void bug(String message) {
        bugs.add(message);
        console.xenLine("BUG: " + message);
        halted = true;
    }

    private void setTime(long at) {
        if (at != engine.now()) {
            engine.advanceTo(at);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // ReplayTarget: the same inputs, named by ids as the journal names them

    private Vcpu requireVcpu(int domid, int vcpuId) {
        Vcpu v = vcpu(domid, vcpuId);
        if (v == null) {
            throw new IllegalStateException("the journal names d" + domid + "v" + vcpuId + ", which does not exist");
        }
        return v;
    }

    @Override
    public long hypercall(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5) {
        return hypercall(requireVcpu(domid, vcpu), time, op, a1, a2, a3, a4, a5);
    }

    @Override
    public void guestWrite(int domid, int vcpu, long time, long va, byte[] src, int off, int len) {
        guestWrite(requireVcpu(domid, vcpu), time, va, src, off, len);
    }

    @Override
    public void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode) {
        GuestFaultKind k = GuestFaultKind.ofCode(kind);
        if (k == null) {
            throw new IllegalStateException("the journal names an unknown guest-fault kind " + kind);
        }
        guestFault(requireVcpu(domid, vcpu), time, k, va, errorCode);
    }

    @Override
    public void schedule(int pcpu, long time) {
        if (pcpu < 0 || pcpu >= machine.nrPcpus()) {
            throw new IllegalStateException("the journal names pCPU " + pcpu + " of " + machine.nrPcpus());
        }
        schedule(pcpu, time, replayDecision);
    }

    @Override
    public void timer(long time, int timerClass, int domid, int vcpu, int index) {
        setTime(time);
        timers.fireRecorded(time, timerClass, domid, vcpu, index);
    }

    @Override
    public void portIo(int domid, int vcpu, long time, int port, int size, boolean write, int value) {
        try {
            portIo(requireVcpu(domid, vcpu), time, port, size, write, value);
        } catch (GuestGeneralProtection recorded) {
            // the recording's guest took the same fault; the PORT_IO record says so
        }
    }

    @Override
    public void upcall(int domid, int vcpu, long time, long rip) {
        Vcpu v = requireVcpu(domid, vcpu);
        if (!upcallDue(v)) {
            throw new IllegalStateException("the journal delivers an upcall to " + v + ", which has none due"
                    + " (evtchn_upcall_pending clear or evtchn_upcall_mask set)");
        }
        deliverUpcall(v, time);
    }

    /** The core's hypercalls, for the registry. */
    Multicall newMulticall() {
        return new Multicall(table);
    }

    MmuUpdateHypercall newMmuUpdate() {
        return new MmuUpdateHypercall(types, domains);
    }

    UpdateVaMappingHypercall newUpdateVaMapping() {
        return new UpdateVaMappingHypercall(types, domains);
    }
}
