package org.pvsim.dom0.toolstack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.pvsim.dom0.backend.BlockStores;
import org.pvsim.dom0.backend.XenbusBackendBus;
import org.pvsim.dom0.backend.blkback.Blkback;
import org.pvsim.dom0.backend.netback.Netback;
import org.pvsim.dom0.daemon.Dom0Xenstored;
import org.pvsim.dom0.daemon.Xenconsoled;
import org.pvsim.dom0.hw.MachineDiskDriver;
import org.pvsim.dom0.hw.MachineNicDriver;
import org.pvsim.dom0.net.Bridge;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.dom0.xlcfg.ShutdownAction;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlCreateDomainDescriptor;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;

/**
 * pvsim's toolstack, the part of libxl and xl that {@code xl create} and the xl scheduling commands need, running in
 * dom0 and reaching Xen only through hypercalls. Commands are queued by whoever drives dom0 (the scenario runner,
 * standing in for a user at dom0's shell) and executed one per step of dom0's vCPU 0, in order; each records its
 * outcome. A command may be queued for later ({@link #xl(XlCommand, long)}): the queue waits for it, and dom0 sleeps
 * until then ({@link ToolstackWorkload}).
 *
 * <p>{@code create} follows libxl: {@code XEN_DOMCTL_createdomain} with {@code DOMID_ANY}, the vCPUs' affinity from
 * {@code cpus}/{@code cpus_soft} ({@code libxl__build_pre}), {@code XEN_DOMCTL_max_mem} of the memory plus {@code
 * LIBXL_MAXMEM_CONSTANT} (1 MiB), the image build ({@link PvDomainImageBuilder}), the scheduler's parameters from
 * {@code cpu_weight}, {@code cap}, {@code period}, {@code extratime} ({@code libxl__build_post}, see {@link
 * BuildSchedulingSettings}), and {@code XEN_DOMCTL_unpausedomain}. A failure destroys the half-built domain, as libxl
 * does. Domain names live here (libxl keeps them in xenstore, which pvsim does not have yet).
 *
 * <p>An xl command ({@link XlCommand}) runs in one step, makes its hypercalls, and records xl's standard output,
 * standard error and exit status ({@link XlInvocation}).
 */
public final class Toolstack {
    /** {@code LIBXL_MAXMEM_CONSTANT}: KiB libxl adds to a domain's maximum memory. */
    public static final long LIBXL_MAXMEM_CONSTANT_KIB = 1024;
    /** The bridge the machine's NIC is the uplink of: {@code xenbr0}, xl's default {@code bridge=}. */
    public static final String UPLINK_BRIDGE = "xenbr0";

    /** The outcome of one {@code create}. */
    public static final class Creation {
        private final DomainBuildSpec spec;
        private int domid = -1;
        private String error;
        private boolean done;
        private List<String> warnings = List.of();

        Creation(DomainBuildSpec spec) {
            this.spec = spec;
        }

        public DomainBuildSpec spec() {
            return spec;
        }

        /** Whether the command ran. */
        public boolean isDone() {
            return done;
        }

        /** The new domain's id, or -1 if it was not created. */
        public int domid() {
            return domid;
        }

        /** Why the creation failed, or {@code null}. */
        public String error() {
            return error;
        }

        /** Scheduling keys the running scheduler ignored, one sentence each. */
        public List<String> warnings() {
            return warnings;
        }
    }

    /** The outcome of one xl command: filled when dom0 has run it. */
    public static final class XlInvocation {
        private final XlCommand command;
        private final long notBeforeNs;
        private boolean done;
        private long doneAtNs = -1;
        private int exitCode = -1;
        private String out = "";
        private String err = "";
        private List<XlChunk> transcript = List.of();

        XlInvocation(XlCommand command, long notBeforeNs) {
            this.command = command;
            this.notBeforeNs = notBeforeNs;
        }

        public XlCommand command() {
            return command;
        }

        /** The virtual time before which dom0 does not run it. */
        public long notBeforeNs() {
            return notBeforeNs;
        }

        /** Whether dom0 has run it. */
        public boolean isDone() {
            return done;
        }

        /** The virtual time (dom0's TSC) at which dom0 ran it, or -1. */
        public long doneAtNs() {
            return doneAtNs;
        }

        /** xl's exit status (0 or 1), or -1 if not run yet. */
        public int exitCode() {
            return exitCode;
        }

        /** What xl printed on standard output. */
        public String out() {
            return out;
        }

        /** What xl and libxl printed on standard error. */
        public String err() {
            return err;
        }

        /** Both streams interleaved, in the order xl wrote them. */
        public List<XlChunk> transcript() {
            return transcript;
        }
    }

    private final Deque<Object> pending = new ArrayDeque<>();
    private final List<Creation> creations = new ArrayList<>();
    private final Map<Integer, String> names = new TreeMap<>();
    /** Domains this toolstack created and looks after (xl's per-domain daemon): id → their configuration. */
    private final Map<Integer, DomainBuildSpec> monitored = new TreeMap<>();
    /** Domains to build again after a restart action, in the order they are due. */
    private final Deque<Restart> restarts = new ArrayDeque<>();

    private Dom0Xenstored xenstored;
    private Xenconsoled xenconsoled;
    private XenbusBackendBus backends;
    private final BlockStores blockStores = new BlockStores(null, null);
    private MachineDiskDriver machineDisk;
    private MachineNicDriver machineNic;
    private final Map<String, Bridge> bridges = new TreeMap<>();
    private DomainDeathWatch deathWatch;
    private XsSocket xs;
    /** The xl command in progress across dom0 steps (at the queue's head), its console, and when to look again. */
    private XlProcess running;

    private XlConsole runningCon;
    private long pollAtNs;

    /** How often dom0 looks again at an xl command that waits (libxl's event loop): 1 ms of virtual time. */
    public static final long XL_POLL_NS = 1_000_000L;

    /**
     * How long xl waits before it builds a restarted domain again: 2 s, the {@code sleep(2)} before {@code Done.
     * Rebooting now} in {@code create_domain}.
     */
    public static final long XL_RESTART_DELAY_NS = 2_000_000_000L;

    /** A domain to build again once the clock reaches {@code dueNs}. */
    private record Restart(DomainBuildSpec spec, long dueNs) {}

    /**
     * The life cycle xl commands drive ({@code libxl_domain_create_new}, {@code libxl_domain_destroy}), acting as
     * dom0's vCPU of the current step.
     */
    private final class Lifecycle implements LibxlLife.Lifecycle {
        private final Kernel kernel;
        private final GuestCpu cpu;
        private final XlConsole con;

        Lifecycle(Kernel kernel, GuestCpu cpu, XlConsole con) {
            this.kernel = kernel;
            this.cpu = cpu;
            this.con = con;
        }

        @Override
        public int inject(Dom0Fault fault) {
            return fault.inject(kernel, cpu, Toolstack.this, con);
        }

        @Override
        public int create(DomainBuildSpec spec, boolean paused) {
            // libxl__domain_make names the domain with libxl__domain_rename, which refuses a name in use
            Libxl libxl = new Libxl(kernel.hypercalls(cpu), names, con, xs, this, xenconsoled, backends);
            if (xs != null && XlDomid.nameToDomid(libxl, spec.name()) >= 0) {
                con.log(
                        XlConsole.Level.ERROR,
                        "libxl_domain.c",
                        81,
                        "libxl__domain_rename",
                        -1,
                        0,
                        "Domain with name \"" + spec.name() + "\" already exists.");
                xenstored.acting(cpu);
                return LibxlError.FAIL;
            }
            Creation c = new Creation(spec);
            c.done = true;
            creations.add(c);
            try {
                c.domid = Toolstack.this.create(kernel, cpu, c, con, paused);
                return c.domid;
            } catch (ToolstackException e) {
                c.error = e.getMessage();
                con.log(XlConsole.Level.ERROR, "libxl_create.c", 0, "libxl__domain_make", 0, 0, e.getMessage());
                return LibxlError.FAIL;
            }
        }

        @Override
        public int destroy(int domid) {
            return Toolstack.this.destroy(kernel, cpu, domid, con);
        }
    }

    public Toolstack() {
        names.put(DomId.DOM0, "Domain-0");
    }

    /** Queues {@code xl create} of a domain; returns its outcome, filled when dom0 has run it. */
    public Creation create(DomainBuildSpec spec) {
        Creation c = new Creation(spec);
        pending.add(c);
        creations.add(c);
        return c;
    }

    /**
     * Queues an xl command for dom0 to run once its clock reaches {@code notBeforeNs} (at once if that has passed),
     * after every command queued before it.
     */
    public XlInvocation xl(XlCommand command, long notBeforeNs) {
        XlInvocation x = new XlInvocation(Objects.requireNonNull(command, "command"), notBeforeNs);
        pending.add(x);
        return x;
    }

    /** Every creation queued, in order. */
    public List<Creation> creations() {
        return Collections.unmodifiableList(creations);
    }

    /** Whether a command, a restart or a domain's death is waiting for the toolstack. */
    public boolean hasPending() {
        return !pending.isEmpty() || !restarts.isEmpty() || (deathWatch != null && deathWatch.fired());
    }

    /**
     * When the toolstack has something to do: 0 for a creation or a domain's death to look at (with an xl command in
     * progress, at its next poll, so that it sees the shutdown before the daemon acts on it), its time for an xl
     * command, a restart's time; the earliest of these, or -1 if nothing is waiting.
     */
    public long nextDueNs() {
        long due = headDueNs();
        if (deathWatch != null && deathWatch.fired()) {
            due = Math.min(due, running != null ? pollAtNs : 0);
        }
        if (!restarts.isEmpty()) {
            due = Math.min(due, restarts.peek().dueNs());
        }
        return due == Long.MAX_VALUE ? -1 : due;
    }

    /** When the queue's head may run: 0 for a creation, an xl command's time or next poll; MAX_VALUE if empty. */
    private long headDueNs() {
        Object next = pending.peek();
        if (next == null) {
            return Long.MAX_VALUE;
        }
        return running != null ? pollAtNs : next instanceof XlInvocation x ? x.notBeforeNs : 0;
    }

    /** The name of domain {@code domid}, or {@code null} if the toolstack did not create it. */
    public String name(int domid) {
        return names.get(domid);
    }

    /** The id of the domain this toolstack knows as {@code domain} (a name, or an id in decimal), or -1. */
    public int domidOf(String domain) {
        for (Map.Entry<Integer, String> e : names.entrySet()) {
            if (e.getValue().equals(domain) || Integer.toString(e.getKey()).equals(domain)) {
                return e.getKey();
            }
        }
        return -1;
    }

    /**
     * dom0's xenstored, started by the toolstack's first command ({@link #daemons}); {@code null} before, or on a
     * host without event channels.
     */
    public Dom0Xenstored xenstored() {
        return xenstored;
    }

    /** dom0's xenconsoled, started with xenstored ({@link #daemons}); {@code null} before, or without xenstore. */
    public Xenconsoled xenconsoled() {
        return xenconsoled;
    }

    /**
     * dom0's xenbus backend bus, on which the split-driver backends serve the domains' devices; started with
     * xenstored ({@link #daemons}), {@code null} before.
     */
    public XenbusBackendBus backends() {
        return backends;
    }

    /**
     * The disk images blkback serves, kept for the whole run (a disk outlives its backend); a test or a scenario may
     * {@link BlockStores#put} its own before the domains are created.
     */
    /** dom0's driver for the machine's disk (null until dom0 runs). */
    public MachineDiskDriver machineDisk() {
        return machineDisk;
    }

    /** dom0's driver for the machine's NIC, {@code peth0} on {@code xenbr0} (null until dom0 runs). */
    public MachineNicDriver machineNic() {
        return machineNic;
    }

    /** A bridge; {@link #UPLINK_BRIDGE} gets the machine's NIC as its uplink, as Xen's network scripts set it up. */
    private Bridge newBridge(String name, Kernel kernel) {
        Bridge b = new Bridge(name, kernel);
        if (name.equals(UPLINK_BRIDGE)) {
            machineNic.plugInto(b);
        }
        return b;
    }

    public BlockStores blockStores() {
        return blockStores;
    }

    /** The toolstack's own xenstore connection, or {@code null} before xenstored started. */
    public XsSocket xs() {
        return xs;
    }

    /**
     * Starts dom0's xenstored and xenconsoled once, before the first command, as xencommons starts them before
     * anything uses xl: xenstored binds {@code VIRQ_DOM_EXC}, xenconsoled sets its watches, and the toolstack writes
     * dom0's own nodes. Without event channels there is no xenstore, as on a Xen without them.
     */
    private void daemons(Kernel kernel, GuestCpu cpu) {
        if (xenstored != null || !kernel.events(cpu).isAvailable()) {
            return;
        }
        xenstored = new Dom0Xenstored(kernel, cpu);
        xs = xenstored.openSocket(cpu);
        try {
            LibxlDomainNodes.writeDom0(xs);
        } catch (XsException e) {
            kernel.printk(cpu, "xenstored: writing dom0's nodes failed: " + e.errno());
        }
        xenconsoled = new Xenconsoled(kernel, xenstored.openSocket(cpu));
        xenstored.addDaemon(xenconsoled);
        backends = new XenbusBackendBus(kernel, xenstored.openSocket(cpu));
        machineDisk = new MachineDiskDriver(kernel);
        machineNic = new MachineNicDriver(kernel);
        blockStores.attach(kernel, machineDisk);
        backends.register(new Blkback(kernel, blockStores));
        backends.register(new Netback(kernel, name -> bridges.computeIfAbsent(name, n -> newBridge(n, kernel))));
        xenstored.addDaemon(backends);
        try {
            deathWatch = new DomainDeathWatch(xenstored.openSocket(cpu));
            xenstored.addDaemon(deathWatch);
        } catch (XsException e) {
            kernel.printk(cpu, "xl: cannot watch @releaseDomain: " + e.errno() + "; on_* actions are off");
        }
        xenstored.acting(cpu);
    }

    /**
     * Does what is due on dom0's {@code cpu}: a restart, the daemon's look at dead domains, or the next queued
     * command (then the look at dead domains, if the command was in progress).
     */
    void runNext(Kernel kernel, GuestCpu cpu) {
        daemons(kernel, cpu);
        long now = cpu.rdtsc();
        if (!restarts.isEmpty() && restarts.peek().dueNs() <= now) {
            restart(kernel, cpu, restarts.poll().spec());
            return;
        }
        boolean deaths = deathWatch != null && deathWatch.fired();
        if (deaths && running == null) {
            deathWatch.take();
            handleDeaths(kernel, cpu);
            return;
        }
        if (headDueNs() > now) {
            return;
        }
        runCommand(kernel, cpu);
        if (deaths && deathWatch.take()) {
            handleDeaths(kernel, cpu);
        }
    }

    private void runCommand(Kernel kernel, GuestCpu cpu) {
        Object next = pending.poll();
        if (next instanceof XlInvocation x) {
            runXl(kernel, cpu, x);
            return;
        }
        Creation c = (Creation) next;
        if (c == null) {
            return;
        }
        c.done = true;
        XlConsole log = new XlConsole();
        try {
            c.domid = create(kernel, cpu, c, log, false);
            kernel.printk(cpu, "xl: created domain " + c.spec.name() + " (id " + c.domid + ")");
            for (String w : c.warnings) {
                kernel.printk(cpu, "xl: warning: " + w);
            }
        } catch (ToolstackException e) {
            c.error = e.getMessage();
            log.err().lines().forEach(line -> kernel.printk(cpu, line));
            kernel.printk(cpu, "xl: creating " + c.spec.name() + " failed: " + e.getMessage());
        }
    }

    private void runXl(Kernel kernel, GuestCpu cpu, XlInvocation x) {
        XlConsole con = running != null ? runningCon : new XlConsole();
        Libxl libxl = new Libxl(
                kernel.hypercalls(cpu), names, con, xs, new Lifecycle(kernel, cpu, con), xenconsoled, backends);
        XlCommand c = x.command;
        int rc;
        if (c instanceof Dom0Fault fault) {
            rc = libxl.lifecycle.inject(fault);
            if (xenstored != null) {
                xenstored.acting(cpu);
            }
        } else if (c instanceof XlSpawning spawning) {
            if (running == null) {
                running = spawning.spawn();
                runningCon = con;
            }
            rc = running.step(libxl);
            if (xenstored != null) {
                xenstored.acting(cpu);
            }
            if (rc == XlProcess.IN_PROGRESS) {
                pending.addFirst(x);
                pollAtNs = cpu.rdtsc() + XL_POLL_NS;
                return;
            }
            running = null;
            runningCon = null;
        } else if (c instanceof XlCommand.SchedCredit s) {
            rc = new XlSched(libxl).credit(s);
        } else if (c instanceof XlCommand.SchedCredit2 s) {
            rc = new XlSched(libxl).credit2(s);
        } else if (c instanceof XlCommand.SchedRtds s) {
            rc = new XlSched(libxl).rtds(s);
        } else if (c instanceof XlCommand.VcpuList l) {
            rc = new XlVcpu(libxl).list(l);
        } else if (c instanceof XlCommand.VcpuPin p) {
            rc = new XlVcpu(libxl).pin(p);
        } else {
            rc = ((XlRunnable) c).run(libxl);
            if (xenstored != null) {
                xenstored.acting(cpu);
            }
        }
        x.done = true;
        x.doneAtNs = cpu.rdtsc();
        x.exitCode = rc;
        x.out = con.out();
        x.err = con.err();
        x.transcript = con.transcript();
    }

    private int create(Kernel kernel, GuestCpu cpu, Creation c, XlConsole log, boolean paused)
            throws ToolstackException {
        DomainBuildSpec spec = c.spec;
        Hypercalls hc = kernel.hypercalls(cpu);
        byte[] op = Domctl.op(DomctlCmd.XEN_DOMCTL_createdomain, DomId.DOMID_ANY);
        int u = Domctl.U;
        System.arraycopy(spec.handle(), 0, op, u + DomctlCreateDomainDescriptor.HANDLE_OFFSET, 16);
        LittleEndian.putI32(op, u + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, spec.maxVcpus());
        LittleEndian.putI32(op, u + DomctlCreateDomainDescriptor.MAX_EVTCHN_PORT_OFFSET, spec.maxEvtchnPort());
        LittleEndian.putI32(op, u + DomctlCreateDomainDescriptor.MAX_GRANT_FRAMES_OFFSET, spec.maxGrantFrames());
        LittleEndian.putI32(op, u + DomctlCreateDomainDescriptor.MAX_MAPTRACK_FRAMES_OFFSET, spec.maxMaptrackFrames());
        LittleEndian.putI32(
                op,
                u + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET,
                spec.maxGrantVersion() & DomctlCreateDomainDescriptor.XEN_DOMCTL_GRANT_version_mask);
        long rc = hc.domctl(op);
        if (rc != 0) {
            throw ToolstackException.failed("XEN_DOMCTL_createdomain", rc);
        }
        int domid = LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET);
        BuildSchedulingSettings scheduling = new BuildSchedulingSettings(hc, names, log);
        try {
            scheduling.applyAffinity(domid, spec);
            op = Domctl.op(DomctlCmd.XEN_DOMCTL_max_mem, domid);
            LittleEndian.putI64(
                    op, u + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, spec.memoryKib() + LIBXL_MAXMEM_CONSTANT_KIB);
            check(hc.domctl(op), "XEN_DOMCTL_max_mem");
            op = Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
            check(hc.domctl(op), "XEN_DOMCTL_getdomaininfo");
            long sharedInfo = LittleEndian.getI64(op, u + DomctlGetDomainInfoDescriptor.SHARED_INFO_FRAME_OFFSET);
            PvDomainImageBuilder.RingPages rings = new PvDomainImageBuilder(kernel, cpu).build(domid, spec, sharedInfo);
            if (xs != null) {
                try {
                    LibxlDomainNodes.write(xs, domid, spec, rings, cpu.rdtsc());
                    xs.introduce(domid, rings.storeMfn(), rings.storePort());
                    addDevices(domid, spec);
                } catch (XsException e) {
                    throw new ToolstackException("xenstore: " + e.getMessage());
                } finally {
                    xenstored.acting(cpu);
                }
            }
            c.warnings = List.copyOf(scheduling.applyParams(domid, spec));
            if (!paused) {
                check(hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_unpausedomain, domid)), "XEN_DOMCTL_unpausedomain");
            }
            monitored.put(domid, spec);
            names.put(domid, spec.name());
            return domid;
        } catch (ToolstackException e) {
            hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_destroydomain, domid));
            throw e;
        }
    }

    /**
     * libxl's device adds at domain creation ({@code domcreate_launch_dm} and its callbacks): each {@code disk}, then
     * each {@code vif} of the spec, in the configuration's order; a vif without {@code mac=} gets a generated address.
     */
    private void addDevices(int domid, DomainBuildSpec spec) throws XsException, ToolstackException {
        DomainDevices devices = spec.devices();
        for (var disk : devices.disks()) {
            checkDom0Backend(disk.backend().orElse(null), "disk " + disk.vdev());
            LibxlDevices.addDisk(xs, domid, disk);
        }
        for (int i = 0; i < devices.vifs().size(); i++) {
            var vif = devices.vifs().get(i);
            int devid = devices.vifDevid(i);
            checkDom0Backend(vif.backend().orElse(null), "vif " + devid);
            String mac = vif.mac().orElse(LibxlDevices.generatedMac(spec.handle(), devid));
            LibxlDevices.addNic(xs, domid, devid, vif, mac);
        }
    }

    /** Backends run in dom0 only: {@code backend=} may name dom0 and nothing else. */
    private static void checkDom0Backend(String backend, String what) throws ToolstackException {
        if (backend != null && !backend.equals("0") && !backend.equals("Domain-0")) {
            throw new ToolstackException(what + ": backend domain " + backend
                    + " is not supported; pvsim's backends run in dom0 (driver domains are not modelled)");
        }
    }

    /**
     * {@code libxl_domain_destroy}: {@code XEN_DOMCTL_destroydomain}, then the domain's xenstore nodes ({@code
     * /local/domain/N}, its {@code /vm} directory, {@code /libxl/N}) removed and the domain released from xenstored.
     * Answers 0, or {@code ERROR_FAIL} with libxl's log line.
     */
    private int destroy(Kernel kernel, GuestCpu cpu, int domid, XlConsole con) {
        Hypercalls hc = kernel.hypercalls(cpu);
        long rc = hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_destroydomain, domid));
        if (rc != 0) {
            con.log(
                    XlConsole.Level.ERROR,
                    "libxl_domain.c",
                    0,
                    "devices_destroy_cb",
                    domid,
                    rc,
                    "xc_domain_destroy failed");
            return LibxlError.FAIL;
        }
        names.remove(domid);
        monitored.remove(domid);
        if (xs != null) {
            LibxlDevices.destroyAll(xs, domid);
            String dom = "/local/domain/" + domid;
            try {
                String vm = xs.read(XsSocket.XBT_NULL, dom + "/vm");
                xs.rm(XsSocket.XBT_NULL, vm);
            } catch (XsException e) {
                // no /vm: nothing to remove
            }
            for (String path : List.of(dom, "/libxl/" + domid)) {
                try {
                    xs.rm(XsSocket.XBT_NULL, path);
                } catch (XsException e) {
                    // already gone
                }
            }
            try {
                xs.release(domid);
            } catch (XsException e) {
                // not introduced, or released already at its death
            }
            xenstored.acting(cpu);
        }
        return 0;
    }

    /**
     * xl's per-domain daemon ({@code domain_death_xswatch_callback}, {@code handle_domain_death}): each looked-after
     * domain that has shut down gets the action its configuration names for the reason; one that died otherwise is
     * forgotten. What the daemon logs (xl's {@code xl-NAME.log}) goes to dom0's console, prefixed {@code xl: }.
     */
    private void handleDeaths(Kernel kernel, GuestCpu cpu) {
        XlConsole log = new XlConsole();
        Libxl libxl = new Libxl(kernel.hypercalls(cpu), names, log, xs, new Lifecycle(kernel, cpu, log), xenconsoled);
        for (int domid : monitored.keySet().toArray(Integer[]::new)) {
            LibxlDominfo info = LibxlDominfo.probe(libxl, domid);
            if (info == null || info.dying()) {
                monitored.remove(domid);
                continue;
            }
            if (!info.shutdown()) {
                continue;
            }
            DomainBuildSpec spec = monitored.get(domid);
            int reason = info.shutdownReason();
            kernel.printk(
                    cpu,
                    "xl: Domain " + domid + " has shut down, reason code " + reason + " 0x"
                            + Integer.toHexString(reason));
            ShutdownAction action = spec.onShutdown().forReason(reason);
            if (action == null) {
                kernel.printk(cpu, "xl: Domain has suspended.");
                continue; // xl keeps waiting; pvsim's guests do not resume
            }
            monitored.remove(domid);
            kernel.printk(cpu, "xl: Action for shutdown reason code " + reason + " is " + action.xlName());
            if (action == ShutdownAction.COREDUMP_DESTROY || action == ShutdownAction.COREDUMP_RESTART) {
                kernel.printk(cpu, "xl: core dump of " + spec.name() + " not written (pvsim writes no dump files)");
                action = action == ShutdownAction.COREDUMP_DESTROY ? ShutdownAction.DESTROY : ShutdownAction.RESTART;
            }
            switch (action) {
                case PRESERVE -> kernel.printk(cpu, "xl: Done. Exiting now");
                case SOFT_RESET ->
                    kernel.printk(
                            cpu,
                            "xl: soft-reset is not modelled: domain " + domid + " is preserved. Done. Exiting now");
                case RENAME_RESTART -> {
                    String suffix = XlPreserve.suffix(cpu.rdtsc());
                    kernel.printk(cpu, "xl: Preserving domain " + domid + " " + spec.name() + " with suffix" + suffix);
                    if (XlRename.rename(libxl, domid, spec.name(), spec.name() + suffix) != 0) {
                        daemonLog(kernel, cpu, log);
                        continue; // xl leaves the old domain in place and exits
                    }
                    names.put(domid, spec.name() + suffix);
                    rebootLater(kernel, cpu, spec);
                }
                case RESTART, DESTROY -> {
                    kernel.printk(cpu, "xl: Domain " + domid + " needs to be cleaned up: destroying the domain");
                    destroy(kernel, cpu, domid, log);
                    daemonLog(kernel, cpu, log);
                    if (action == ShutdownAction.RESTART) {
                        rebootLater(kernel, cpu, spec);
                    } else {
                        kernel.printk(cpu, "xl: Done. Exiting now");
                    }
                }
                default -> throw new IllegalStateException("coredump actions are turned into others above");
            }
        }
        if (xenstored != null) {
            xenstored.acting(cpu);
        }
    }

    /** What libxl logged for xl's daemon, on dom0's console (xl's {@code xl-NAME.log}). */
    private static void daemonLog(Kernel kernel, GuestCpu cpu, XlConsole log) {
        log.err().lines().forEach(line -> kernel.printk(cpu, "xl: " + line));
    }

    private void rebootLater(Kernel kernel, GuestCpu cpu, DomainBuildSpec spec) {
        kernel.printk(cpu, "xl: Done. Rebooting now");
        restarts.add(new Restart(spec, cpu.rdtsc() + XL_RESTART_DELAY_NS));
    }

    /** Builds a restarted domain again, from the same configuration, under a new id. */
    private void restart(Kernel kernel, GuestCpu cpu, DomainBuildSpec spec) {
        XlConsole log = new XlConsole();
        Creation c = new Creation(spec);
        c.done = true;
        try {
            int domid = create(kernel, cpu, c, log, false);
            kernel.printk(cpu, "xl: restarted domain " + spec.name() + " (id " + domid + ")");
        } catch (ToolstackException e) {
            daemonLog(kernel, cpu, log);
            kernel.printk(cpu, "xl: restarting " + spec.name() + " failed: " + e.getMessage());
        }
    }

    private static void check(long rc, String step) throws ToolstackException {
        if (rc != 0) {
            throw ToolstackException.failed(step, rc);
        }
    }
}
