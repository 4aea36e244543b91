package org.pvsim.guest;

import static org.pvsim.hypervisor.abi.X86Paging.PAGE_SIZE;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.KernelPanic;
import org.pvsim.guest.api.StartInfo;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.console.ConsoleRing;
import org.pvsim.guest.control.ControlKernel;
import org.pvsim.guest.control.ControlWatches;
import org.pvsim.guest.evtchn.EventAbi;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.evtchn.KernelPages;
import org.pvsim.guest.gnttab.GrantKernel;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.guest.hypercall.ScratchPages;
import org.pvsim.guest.mm.ForeignWindow;
import org.pvsim.guest.mm.PageAllocator;
import org.pvsim.guest.mm.PhysMap;
import org.pvsim.guest.mm.VmArea;
import org.pvsim.guest.xenbus.XenbusFrontendBus;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.VcpuStopped;
import org.pvsim.hypervisor.abi.X86Paging;

/**
 * pvsim's PV guest kernel: what a 64-bit PV Linux kernel does on Xen, reduced to what pvsim's workloads need.
 *
 * <p><b>Boot</b> (its first step, on vCPU 0): reads {@code start_info} at RSI and checks its magic; reads the P2M
 * list and walks the bootstrap page tables ({@link PhysMap}); starts a page allocator over the pages after the
 * bootstrap region ({@link PageAllocator}); reserves each vCPU's hypercall argument area; parses the command line
 * ({@code workload=<name>}, the workload's {@code key=value} arguments, {@code pvsim.vcpus=<n>}); finds how many vCPUs
 * the domain has ({@code VCPUOP_is_up} until {@code -ENOENT}) and brings the wanted number online ({@code
 * VCPUOP_initialise} with a fresh stack and the kernel's L4, then {@code VCPUOP_up}); sets events up ({@link
 * EventBoot}: the event callback, {@code shared_info} mapped, the event layer on the ABI {@code evtchn=} names, {@code
 * VIRQ_TIMER} bound on every vCPU); creates the workload; and enables events.
 *
 * <p><b>Upcalls</b>: Xen delivers events by entering {@link #eventCallback} at the registered address, a step of its
 * own; the event layer ({@link GuestEvents}) runs the handlers of the pending ports and re-enables events.
 *
 * <p><b>Then</b>: each step of an online vCPU runs one step of the workload on it. A missing or unknown workload, or
 * bad arguments, is a kernel panic: a clear console line and {@code SHUTDOWN_crash}. An exception escaping the
 * workload is an oops: it is printed, then let through, so the hypervisor crashes the domain.
 *
 * <p>Invariants: every structure passed to Xen is in guest memory; every page the kernel turns into a page table is
 * read-only in its initial mapping first, and writable again only after Xen stopped using it as one; the allocator
 * hands out the lowest free page, so two runs of the same inputs do the same things. One instance runs one domain;
 * its steps never run concurrently.
 */
public final class PvKernel implements GuestKernel, Kernel {
    private enum State {
        NOT_BOOTED,
        RUNNING,
        HALTED
    }

    /**
     * Where {@code xen_hypervisor_callback}, the kernel's event upcall entry, lies: this far into the kernel image
     * page, after its header ({@link org.pvsim.hypervisor.abi.KernelImageDescriptor}) and before the early console's
     * buffer. The kernel registers {@code bootRip + XEN_HYPERVISOR_CALLBACK_OFFSET} as its {@code CALLBACKTYPE_event}.
     */
    public static final long XEN_HYPERVISOR_CALLBACK_OFFSET = 0x100;

    private final WorkloadCatalog catalog;
    private final KernelPages eventPages = new KernelPages() {
        @Override
        public long alloc() {
            return pages.alloc();
        }

        @Override
        public void free(long pfn) {
            pages.free(pfn);
        }

        @Override
        public long va(long pfn) {
            return PhysMap.va(pfn);
        }

        @Override
        public long mfn(long pfn) {
            return physmap.mfn(pfn);
        }
    };
    private final ForeignWindow foreign = new ForeignWindow();
    private final GuestGrants grants = new GuestGrants();
    private final VmArea grantArea = new VmArea(GuestGrants.AREA_BASE);
    private final GrantKernel grantKernel = new GrantKernel() {
        @Override
        public long reserveVa() {
            return grantArea.reserve();
        }

        @Override
        public void releaseVa(long va) {
            grantArea.release(va);
        }

        @Override
        public long pteMachineAddress(long va) {
            return grantArea.pteMachineAddress(va);
        }

        @Override
        public Hypercalls hypercalls(GuestCpu cpu) {
            return PvKernel.this.hypercalls(cpu);
        }

        @Override
        public RuntimeException panic(GuestCpu cpu, String message) {
            return PvKernel.this.panic(cpu, message);
        }
    };
    private final ScratchPages scratch = new ScratchPages() {
        @Override
        public long allocate(int n) {
            long pfn = pages.allocContiguous(n);
            return pfn < 0 ? 0 : PhysMap.va(pfn);
        }

        @Override
        public void free(long va, int n) {
            long pfn = PhysMap.pfnOf(va);
            for (int i = 0; i < n; i++) {
                pages.free(pfn + i);
            }
        }
    };

    private State state = State.NOT_BOOTED;
    private ShutdownReason haltReason;
    private long bootRip;
    private long eventCallback;
    private GuestEvents events;
    private StartInfo startInfo;
    private CommandLine commandLine;
    private PhysMap physmap;
    private PageAllocator pages;
    private PerCpu[] cpus = new PerCpu[0];
    private int vcpusAvailable;
    private int online;
    private WorkloadSpec spec;
    private Map<String, String> args = Map.of();
    private Workload workload;
    private ConsoleRing consoleRing;
    private XenstoreClient xenstore;
    private ControlWatches control;
    private XenbusFrontendBus xenbus;
    private final ControlKernel controlKernel = new ControlKernel() {
        @Override
        public Kernel kernel() {
            return PvKernel.this;
        }

        @Override
        public void shutdown(GuestCpu cpu, ShutdownReason reason) {
            PvKernel.this.shutdown(cpu, reason);
        }

        @Override
        public boolean isVcpuOnline(int vcpu) {
            return vcpu >= 0 && vcpu < cpus.length && cpus[vcpu] != null && !cpus[vcpu].down;
        }

        @Override
        public int vcpuUp(GuestCpu cpu, int vcpu) {
            return PvKernel.this.vcpuUp(cpu, vcpu);
        }

        @Override
        public int vcpuDown(GuestCpu cpu, int vcpu) {
            return PvKernel.this.vcpuDown(cpu, vcpu);
        }
    };

    /** A kernel that runs the workload its command line names, from {@code catalog}. */
    public PvKernel(WorkloadCatalog catalog) {
        this.catalog = catalog;
    }

    // -------------------------------------------------------------------------------------------------------------
    // GuestKernel

    @Override
    public void step(GuestCpu cpu) {
        try {
            switch (state) {
                case NOT_BOOTED:
                    if (cpu.vcpuId() == 0) {
                        boot(cpu);
                    } else {
                        cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_yield.code, 0, 0, 0, 0);
                    }
                    return;
                case HALTED:
                    EarlyConsole.shutdown(cpu, haltReason);
                    return;
                default:
                    runWorkload(cpu);
            }
        } catch (KernelPanic | VcpuStopped e) {
            // a panic already reported itself and shut the domain down; a stopped vCPU ends the step
        } catch (RuntimeException e) {
            oops(cpu, e);
            throw e;
        }
    }

    private void runWorkload(GuestCpu cpu) {
        PerCpu pc = perCpu(cpu);
        if (!pc.started) {
            pc.started = true;
            EventBoot.bringUp(this, events, cpu, pc, eventCallback);
            printk(cpu, "vCPU " + pc.vcpuId + " up, running " + spec.name());
            return;
        }
        if (pc.vcpuId == 0 && control != null && control.balloon().hasWork()) {
            // kernel work (Linux's balloon worker) runs before the workload's next step
            control.balloon().work(cpu);
            return;
        }
        workload.step(this, cpu);
    }

    private void oops(GuestCpu cpu, RuntimeException e) {
        state = State.HALTED;
        haltReason = ShutdownReason.SHUTDOWN_crash;
        try {
            printk(cpu, "Oops on vCPU " + cpu.vcpuId() + ": " + e);
        } catch (RuntimeException ignored) {
            // the console itself failed: the hypervisor still records the failure
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Boot

    private void boot(GuestCpu cpu) {
        bootRip = cpu.bootRip();
        StartInfo si = StartInfo.read(cpu, cpu.bootRsi());
        if (!si.hasValidMagic()) {
            throw earlyPanic(
                    cpu,
                    String.format(
                            "start_info at %#x has magic \"%s\", not a 64-bit PV one", cpu.bootRsi(), si.magic()));
        }
        startInfo = si;
        try {
            physmap = PhysMap.load(cpu, si);
        } catch (IllegalStateException e) {
            throw earlyPanic(cpu, "cannot read the initial memory map: " + e.getMessage());
        }
        pages = new PageAllocator(si.nrPages(), bootstrapEnd(cpu, si));
        PerCpu boot = newPerCpu(0, false);
        if (boot == null) {
            throw earlyPanic(cpu, "no free pages for vCPU 0's hypercall area");
        }
        cpus = new PerCpu[] {boot};
        boot.started = true;
        online = 1;
        state = State.RUNNING;
        consoleRing = XenBoot.console(this, cpu, si);
        printk(
                cpu,
                String.format(
                        "pvsim PV kernel: %s, %d pages (%d KiB), %s; %d free pages from pfn %d",
                        si.magic(),
                        si.nrPages(),
                        si.nrPages() * 4,
                        si.isInitialDomain() ? "initial domain" : si.isPrivileged() ? "privileged" : "unprivileged",
                        pages.freeCount(),
                        pages.firstFree()));
        printk(cpu, "command line: " + si.cmdLine());
        commandLine = CommandLine.parse(si.cmdLine());
        chooseWorkload(cpu);
        eventCallback = bootRip + XEN_HYPERVISOR_CALLBACK_OFFSET;
        events = EventBoot.start(this, cpu, si, commandLine, eventCallback, eventPages);
        perCpu(cpu).callbackRegistered = true;
        perCpu(cpu).eventsReady = true;
        XenBoot.bindConsole(this, cpu, consoleRing, events);
        xenstore = XenBoot.xenstore(this, cpu, si, events);
        startVcpus(cpu);
        workload = spec.create(args);
        events.bind(cpu, hypercalls(cpu)).enable();
        if (xenstore != null) {
            control = new ControlWatches(controlKernel, si.nrPages());
            control.start(cpu, xenstore.bind(cpu));
            xenbus = new XenbusFrontendBus(xenstore);
            FrontendDrivers.registerAll(xenbus, this);
            xenbus.start(cpu);
        }
        printk(
                cpu,
                "running workload " + spec.name() + " " + describeArgs() + " on " + online + " vCPU"
                        + (online == 1 ? "" : "s"));
    }

    /** The first page after the bootstrap region: past everything start_info points into, and the boot stack. */
    private long bootstrapEnd(GuestCpu cpu, StartInfo si) {
        long end = PhysMap.pfnOf(si.ptBase()) + si.nrPtFrames() + 1;
        end = Math.max(end, PhysMap.pfnOf(si.mfnList()) + (si.nrPages() * 8 + PAGE_SIZE - 1) / PAGE_SIZE);
        end = Math.max(end, PhysMap.pfnOf(cpu.bootRsi()) + 1);
        if (si.storeMfn() != 0) {
            end = Math.max(end, PhysMap.pfnOfMfn(cpu, si.storeMfn()) + 1);
        }
        if (si.consoleMfn() != 0) {
            end = Math.max(end, PhysMap.pfnOfMfn(cpu, si.consoleMfn()) + 1);
        }
        return Math.min(end, si.nrPages());
    }

    private void chooseWorkload(GuestCpu cpu) {
        Optional<String> name = commandLine.value(CommandLine.WORKLOAD);
        if (name.isEmpty() || name.get().isEmpty()) {
            throw panic(
                    cpu,
                    "no workload on the command line: add workload=<name>, one of "
                            + String.join(", ", catalog.names()));
        }
        Optional<WorkloadSpec> found = catalog.find(name.get());
        if (found.isEmpty()) {
            throw panic(
                    cpu,
                    "unknown workload \"" + name.get() + "\": choose one of " + String.join(", ", catalog.names()));
        }
        spec = found.get();
        Map<String, String> given = new LinkedHashMap<>();
        List<String> ignored = new ArrayList<>();
        for (CommandLine.Word w : commandLine.words()) {
            if (w.key().equals(CommandLine.WORKLOAD)
                    || w.key().equals(CommandLine.VCPUS)
                    || w.key().equals(EventAbi.KEY)) {
                continue;
            }
            if (w.value() != null && spec.argument(w.key()).isPresent()) {
                given.put(w.key(), w.value());
            } else {
                ignored.add(w.toString());
            }
        }
        if (!ignored.isEmpty()) {
            printk(cpu, "ignoring command-line words " + spec.name() + " does not take: " + String.join(" ", ignored));
        }
        Optional<String> problem = spec.problem(given);
        if (problem.isPresent()) {
            throw panic(cpu, "bad workload arguments: " + problem.get());
        }
        args = spec.resolve(given);
    }

    private String describeArgs() {
        StringBuilder b = new StringBuilder();
        args.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : " ").append(k).append('=').append(v));
        return b.length() == 0 ? "(no arguments)" : b.toString();
    }

    // -------------------------------------------------------------------------------------------------------------
    // Events

    /**
     * The event upcall ({@code xen_hypervisor_callback}): Xen enters here with the vCPU's {@code evtchn_upcall_mask}
     * set; the event layer handles what is pending and re-enables events ({@link GuestEvents#upcall()}). Entered at
     * any other address than the one the kernel registered, or before the kernel set events up, it is a kernel panic:
     * there is no code there.
     */
    @Override
    public void eventCallback(GuestCpu cpu, long rip) {
        try {
            if (events == null || rip != eventCallback) {
                throw panic(
                        cpu,
                        String.format(
                                "event upcall at %#x, where the kernel has no handler (xen_hypervisor_callback is at"
                                        + " %#x)",
                                rip, eventCallback));
            }
            if (state == State.HALTED) {
                EarlyConsole.shutdown(cpu, haltReason);
                return;
            }
            events.bind(cpu, hypercalls(cpu)).upcall();
        } catch (KernelPanic | VcpuStopped e) {
            // as in step
        } catch (RuntimeException e) {
            oops(cpu, e);
            throw e;
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // vCPUs

    private void startVcpus(GuestCpu cpu) {
        Hypercalls hc = hypercalls(cpu);
        long n = VcpuBringUp.count(hc);
        if (n < 0) {
            throw panic(cpu, "VCPUOP_is_up failed: " + Errno.describe(n));
        }
        vcpusAvailable = (int) n;
        int wanted = vcpusAvailable;
        Optional<String> v = commandLine.value(CommandLine.VCPUS);
        if (v.isPresent()) {
            Optional<String> p = new ArgumentType.Count(1, VcpuBringUp.MAX_VCPUS).problem(v.get());
            if (p.isPresent()) {
                throw panic(cpu, "bad " + CommandLine.VCPUS + ": " + p.get());
            }
            wanted = (int) ArgumentType.Count.parse(v.get());
            if (wanted > vcpusAvailable) {
                printk(
                        cpu,
                        CommandLine.VCPUS + "=" + wanted + " but the domain has " + vcpusAvailable + " vCPUs: using "
                                + vcpusAvailable);
                wanted = vcpusAvailable;
            }
        }
        cpus = Arrays.copyOf(cpus, vcpusAvailable);
        for (int id = 1; id < wanted; id++) {
            long rc = startVcpu(cpu, hc, id);
            if (rc == Errno.ENOMEM.neg()) {
                printk(cpu, "vCPU " + id + ": no free pages for its stack and hypercall area; left offline");
            } else if (rc < 0) {
                printk(cpu, "vCPU " + id + ": bringing it up failed: " + Errno.describe(rc) + "; left offline");
            }
        }
    }

    /** Starts vCPU {@code id} the kernel never ran: its pages, its context, {@code VCPUOP_up}, its events. */
    private long startVcpu(GuestCpu cpu, Hypercalls hc, int id) {
        PerCpu pc = newPerCpu(id, true);
        if (pc == null) {
            return Errno.ENOMEM.neg();
        }
        long rc =
                VcpuBringUp.start(hc, id, bootRip, PhysMap.va(pc.stackPfn) + PAGE_SIZE, physmap.l4Mfn(), eventCallback);
        if (rc < 0) {
            for (int i = 0; i < ArgumentArea.PAGES; i++) {
                pages.free(pc.areaPfn + i);
            }
            pages.free(pc.stackPfn);
            return rc;
        }
        pc.callbackRegistered = rc == VcpuBringUp.STARTED;
        cpus[id] = pc;
        online++;
        EventBoot.prepareVcpu(this, events, cpu, pc);
        return 0;
    }

    /** vCPU hotplug up ({@code cpu_up}): {@code VCPUOP_up} of a vCPU the kernel took down, or a first start. */
    private int vcpuUp(GuestCpu cpu, int id) {
        if (id < 0 || id >= vcpusAvailable) {
            return Errno.ENOENT.neg();
        }
        Hypercalls hc = hypercalls(cpu);
        if (id < cpus.length && cpus[id] != null) {
            if (!cpus[id].down) {
                return 0;
            }
            long rc = hc.vcpuUp(id);
            if (rc == 0) {
                cpus[id].down = false;
                online++;
            }
            return (int) rc;
        }
        if (id >= cpus.length) {
            cpus = Arrays.copyOf(cpus, id + 1);
        }
        return (int) startVcpu(cpu, hc, id);
    }

    /** vCPU hotplug down ({@code cpu_down}): {@code VCPUOP_down}; the vCPU keeps its pages for a later up. */
    private int vcpuDown(GuestCpu cpu, int id) {
        if (id <= 0 || id >= cpus.length || cpus[id] == null || cpus[id].down) {
            return id == 0 ? Errno.EBUSY.neg() : 0;
        }
        long rc = hypercalls(cpu).vcpuDown(id);
        if (rc == 0) {
            cpus[id].down = true;
            online--;
        }
        return (int) rc;
    }

    /** Reserves a vCPU's argument area (and, for a secondary vCPU, its stack); {@code null} if out of pages. */
    private PerCpu newPerCpu(int id, boolean withStack) {
        long area = pages.allocContiguous(ArgumentArea.PAGES);
        if (area < 0) {
            return null;
        }
        long stack = PerCpu.NO_STACK;
        if (withStack) {
            stack = pages.alloc();
            if (stack < 0) {
                for (int i = 0; i < ArgumentArea.PAGES; i++) {
                    pages.free(area + i);
                }
                return null;
            }
        }
        return new PerCpu(id, area, stack, new Hypercalls(new ArgumentArea(PhysMap.va(area)), scratch));
    }

    /** The per-vCPU data of {@code cpu}'s vCPU, made now if another agent brought the vCPU up. */
    private PerCpu perCpu(GuestCpu cpu) {
        int id = cpu.vcpuId();
        if (id >= cpus.length) {
            cpus = Arrays.copyOf(cpus, id + 1);
        }
        if (cpus[id] == null) {
            PerCpu pc = newPerCpu(id, false);
            if (pc == null) {
                throw earlyPanic(cpu, "vCPU " + id + " came up but no page is free for its hypercall area");
            }
            cpus[id] = pc;
            online++;
        }
        return cpus[id];
    }

    // -------------------------------------------------------------------------------------------------------------
    // Panics and the early console

    @Override
    public KernelPanic panic(GuestCpu cpu, String message) {
        if (state == State.NOT_BOOTED || cpus.length == 0 || cpus[0] == null) {
            return earlyPanic(cpu, message);
        }
        state = State.HALTED;
        haltReason = ShutdownReason.SHUTDOWN_crash;
        Hypercalls hc = hypercalls(cpu);
        if (consoleRing != null && !consoleRing.isBroken()) {
            // the PV console first, for xenconsoled's log; Xen's console as well, as the domain is about to die
            byte[] b = ("kernel panic: " + message + "\n").getBytes(StandardCharsets.UTF_8);
            consoleRing.write(cpu, b, 0, b.length);
        }
        hc.consoleWrite("kernel panic: " + message + "\n");
        hc.shutdown(ShutdownReason.SHUTDOWN_crash);
        return new KernelPanic(message);
    }

    /** A panic before the argument areas exist: the early console carries the message. */
    private KernelPanic earlyPanic(GuestCpu cpu, String message) {
        state = State.HALTED;
        haltReason = ShutdownReason.SHUTDOWN_crash;
        EarlyConsole.println(cpu, "kernel panic: " + message);
        EarlyConsole.shutdown(cpu, ShutdownReason.SHUTDOWN_crash);
        return new KernelPanic(message);
    }

    // -------------------------------------------------------------------------------------------------------------
    // Kernel services

    @Override
    public StartInfo startInfo() {
        return startInfo;
    }

    @Override
    public String workloadName() {
        return spec == null ? null : spec.name();
    }

    @Override
    public Map<String, String> args() {
        return args;
    }

    @Override
    public int vcpusAvailable() {
        return vcpusAvailable;
    }

    @Override
    public int onlineVcpus() {
        return online;
    }

    @Override
    public boolean isPrivileged() {
        return startInfo != null && startInfo.isPrivileged();
    }

    @Override
    public long nrPages() {
        return physmap.nrPages();
    }

    @Override
    public long allocPfn() {
        long pfn = pages.alloc();
        return pfn < 0 ? NO_PAGE : pfn;
    }

    @Override
    public void freePfn(long pfn) {
        pages.free(pfn);
    }

    @Override
    public long freePages() {
        return pages.freeCount();
    }

    @Override
    public long va(long pfn) {
        return PhysMap.va(pfn);
    }

    @Override
    public long pfnOfVa(long va) {
        return PhysMap.pfnOf(va);
    }

    @Override
    public long mfn(long pfn) {
        return physmap.mfn(pfn);
    }

    @Override
    public void setMfn(GuestCpu cpu, long pfn, long mfn) {
        physmap.set(cpu, pfn, mfn);
    }

    @Override
    public long pfnOfMfn(GuestCpu cpu, long mfn) {
        return PhysMap.pfnOfMfn(cpu, mfn);
    }

    @Override
    public long kernelL4Pfn() {
        return physmap.l4Pfn();
    }

    @Override
    public long kernelL4Mfn() {
        return physmap.l4Mfn();
    }

    @Override
    public long pteMachineAddress(long pfn) {
        return physmap.pteMachineAddress(pfn);
    }

    @Override
    public void makeReadOnly(GuestCpu cpu, long pfn) {
        long rc = hypercalls(cpu)
                .updateVaMapping(
                        PhysMap.va(pfn),
                        X86Paging.entry(physmap.mfn(pfn), StartOfDayLayout.L1_PROT_RO),
                        UvmFlags.UVMF_INVLPG | UvmFlags.UVMF_ALL);
        if (rc != 0) {
            throw panic(cpu, "cannot map page " + pfn + " read-only: " + Errno.describe(rc));
        }
    }

    @Override
    public void makeWritable(GuestCpu cpu, long pfn) {
        long rc = hypercalls(cpu)
                .mmuUpdate(
                        physmap.pteMachineAddress(pfn),
                        X86Paging.entry(physmap.mfn(pfn), StartOfDayLayout.L1_PROT),
                        DomId.DOMID_SELF);
        if (rc != 0) {
            throw panic(cpu, "cannot map page " + pfn + " writable again: " + Errno.describe(rc));
        }
    }

    @Override
    public Hypercalls hypercalls(GuestCpu cpu) {
        return perCpu(cpu).hypercalls.bind(cpu);
    }

    @Override
    public GuestEvents events(GuestCpu cpu) {
        if (events == null) {
            throw new IllegalStateException("events are set up at boot; the kernel has not booted");
        }
        return events.bind(cpu, hypercalls(cpu));
    }

    @Override
    public GuestGrants grants(GuestCpu cpu) {
        grantArea.bind(this, cpu);
        return grants.bind(grantKernel, cpu);
    }

    @Override
    public ForeignMappings foreign(GuestCpu cpu) {
        return foreign.bind(this, cpu);
    }

    @Override
    public void printk(GuestCpu cpu, String line) {
        if (consoleRing != null && !consoleRing.isBroken()) {
            byte[] b = (line + "\n").getBytes(StandardCharsets.UTF_8);
            consoleRing.write(cpu, b, 0, b.length);
            return;
        }
        hypercalls(cpu).consoleWrite(line + "\n");
    }

    @Override
    public boolean hasXenstore() {
        return xenstore != null;
    }

    @Override
    public XenbusFrontendBus xenbus() {
        return xenbus;
    }

    @Override
    public XenstoreClient xenstore(GuestCpu cpu) {
        if (xenstore == null) {
            throw new IllegalStateException("this kernel has no xenstore connection");
        }
        return xenstore.bind(cpu);
    }

    /** Shuts the domain down with {@code reason} ({@code SCHEDOP_shutdown}); the kernel halts. */
    void shutdown(GuestCpu cpu, ShutdownReason reason) {
        state = State.HALTED;
        haltReason = reason;
        hypercalls(cpu).shutdown(reason);
    }

    @Override
    public void poweroff(GuestCpu cpu) {
        state = State.HALTED;
        haltReason = ShutdownReason.SHUTDOWN_poweroff;
        hypercalls(cpu).shutdown(ShutdownReason.SHUTDOWN_poweroff);
    }

    // -------------------------------------------------------------------------------------------------------------
    // For tests and tools

    /** Whether boot completed and the workload runs (not before boot, not after a panic or power-off). */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /** The workload, once booted; {@code null} before. */
    public Workload workload() {
        return workload;
    }

    /** The event layer, once booted (its counters, its ABI); {@code null} before. */
    public GuestEvents eventLayer() {
        return events;
    }

    /** The grant table (its counters, its frames), whether or not it is set up yet. */
    public GuestGrants grantTable() {
        return grants;
    }

    /** The parsed command line, once booted. */
    public CommandLine commandLine() {
        return commandLine;
    }

    /** The virtual address of vCPU {@code id}'s argument area, or -1 if it has none. */
    public long argumentAreaVa(int id) {
        return id < cpus.length && cpus[id] != null ? PhysMap.va(cpus[id].areaPfn) : -1;
    }

    /** The PV console writer, if the kernel writes to a console page; else null. */
    public ConsoleRing consoleRing() {
        return consoleRing;
    }

    /** The control watches (shutdown, balloon, vCPU hotplug), if the kernel has xenstore; else null. */
    public ControlWatches controlWatches() {
        return control;
    }

    /** The lowest-free-first allocator, for tests. */
    PageAllocator allocator() {
        return pages;
    }
}
