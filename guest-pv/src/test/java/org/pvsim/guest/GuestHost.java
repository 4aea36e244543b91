package org.pvsim.guest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.copy.GnttabCopy;
import org.pvsim.gnttab.copy.GnttabTransfer;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.exec.ExecutionCosts;
import org.pvsim.hypervisor.exec.GuestExecution;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.MachineMemory;

/**
 * A booted host whose guests run {@link PvKernel}: dom0 built at boot, domUs built by the hypervisor-side builder,
 * everything run in virtual time by {@link GuestExecution}. Tests may use hypervisor internals; the kernel may not.
 */
final class GuestHost {
    static final String KERNEL = "pvsim-pv";
    static final long MS = 1_000_000L;

    final Hypervisor hv;
    final Auditor auditor;
    private final WorkloadCatalog catalog;
    private final Map<Integer, PvKernel> kernels = new TreeMap<>();
    private GuestExecution exec;
    private final List<String> auditFailures = new ArrayList<>();

    private GuestHost(Hypervisor hv, WorkloadCatalog catalog) {
        this.hv = hv;
        this.catalog = catalog;
        this.auditor = new Auditor(hv);
    }

    /** 2 pCPUs, 32 MiB of RAM, a 4 MiB single-vCPU dom0 running {@code dom0Cmdline}. */
    static GuestHost boot(String dom0Cmdline) {
        return boot(2, 8192, 1024, 1, dom0Cmdline, WorkloadCatalog.standard());
    }

    static GuestHost boot(
            int pcpus, int frames, int dom0Pages, int dom0Vcpus, String dom0Cmdline, WorkloadCatalog catalog) {
        BootParameters params = new BootParameters(
                "test", "guest-test", 1, pcpus, frames, "rr", dom0Pages, dom0Vcpus, KERNEL, dom0Cmdline);
        return new GuestHost(HostBoot.boot(params, Journal.OFF), catalog);
    }

    /**
     * A host with the event-channel subsystem installed: {@code pcpus} pCPUs, 32 MiB, a 4 MiB single-vCPU dom0
     * running {@code dom0Cmdline}, scheduler {@code scheduler} ({@code "rr"}, {@code "credit2"}, ...).
     */
    static GuestHost bootWithEvents(int pcpus, String scheduler, String dom0Cmdline) {
        return bootWithEvents(pcpus, scheduler, dom0Cmdline, WorkloadCatalog.standard());
    }

    /** {@link #bootWithEvents(int, String, String)} with the workloads of {@code catalog}. */
    static GuestHost bootWithEvents(int pcpus, String scheduler, String dom0Cmdline, WorkloadCatalog catalog) {
        BootParameters params =
                new BootParameters("test", "guest-test", 1, pcpus, 8192, scheduler, 1024, 1, KERNEL, dom0Cmdline);
        return new GuestHost(HostBoot.boot(params, Journal.OFF, List.of(new EventChannels())), catalog);
    }

    /** A host with event channels and grant tables (copy and transfer included) installed, otherwise as {@link #bootWithEvents}. */
    static GuestHost bootWithGrants(int pcpus, String scheduler, String dom0Cmdline) {
        return bootWithGrants(pcpus, scheduler, dom0Cmdline, WorkloadCatalog.standard());
    }

    /** {@link #bootWithGrants(int, String, String)} with the workloads of {@code catalog}. */
    static GuestHost bootWithGrants(int pcpus, String scheduler, String dom0Cmdline, WorkloadCatalog catalog) {
        BootParameters params =
                new BootParameters("test", "guest-test", 1, pcpus, 8192, scheduler, 1024, 1, KERNEL, dom0Cmdline);
        return new GuestHost(
                HostBoot.boot(
                        params,
                        Journal.OFF,
                        List.of(new EventChannels(), new GrantTables(GnttabCopy::new, GnttabTransfer::new))),
                catalog);
    }

    /** Builds domU {@code domid}; call before the first run. */
    Domain domU(int domid, int pages, int vcpus, String cmdline) {
        return PvDomainBuilder.build(hv, domid, false, pages, vcpus, KERNEL, cmdline);
    }

    Domain domain(int domid) {
        return hv.domains().get(domid);
    }

    /** Runs until virtual time {@code ns}. */
    GuestHost runUntil(long ns) {
        if (exec == null) {
            exec = new GuestExecution(
                    hv,
                    (domid, image) -> {
                        if (!image.equals(KERNEL)) {
                            return null;
                        }
                        PvKernel k = new PvKernel(catalog);
                        kernels.put(domid, k);
                        return k;
                    },
                    ExecutionCosts.DEFAULT);
        }
        exec.runUntil(ns);
        return this;
    }

    GuestExecution execution() {
        return exec;
    }

    PvKernel kernel(int domid) {
        return kernels.get(domid);
    }

    String console() {
        return hv.console().text();
    }

    /** Audits after every hypercall from now on; {@link #assertAuditClean()} reports the first failure. */
    void auditEveryHypercall() {
        hv.setHypercallObserver((v, op, result) -> {
            if (!auditFailures.isEmpty()) {
                return;
            }
            List<Violation> found = auditor.audit();
            if (!found.isEmpty()) {
                auditFailures.add(
                        "after " + v + " " + Hypercall.nameOf(op) + " -> " + Errno.describe(result) + ": " + found);
            }
        });
    }

    /** Fails if an audit after some hypercall, or one now, finds a violation, or a guest failed. */
    void assertAuditClean() {
        if (!auditFailures.isEmpty()) {
            throw new AssertionError(auditFailures.get(0));
        }
        List<Violation> now = auditor.audit();
        if (!now.isEmpty()) {
            throw new AssertionError("invariants violated: " + now);
        }
        if (exec != null && !exec.failures().isEmpty()) {
            throw new AssertionError("guest failures: " + exec.failures());
        }
    }

    /** Hypercalls of {@code domid} with number {@code h}. */
    long count(int domid, Hypercall h) {
        return domain(domid).hypercallCount(h.number);
    }

    /** Every hypercall count of every domain, as text: two runs of one setup must give the same. */
    String hypercallCounts() {
        StringBuilder b = new StringBuilder();
        for (int id = 0; id < 16; id++) {
            Domain d = domain(id);
            if (d == null) {
                continue;
            }
            for (Hypercall h : Hypercall.values()) {
                long n = d.hypercallCount(h.number);
                if (n != 0) {
                    b.append('d')
                            .append(id)
                            .append(' ')
                            .append(h)
                            .append('=')
                            .append(n)
                            .append('\n');
                }
            }
        }
        return b.toString();
    }

    /** A digest of every machine frame's contents and bookkeeping. */
    String memoryDigest() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            MachineMemory mem = hv.machine().memory();
            FrameTable ft = hv.machine().frames();
            byte[] page = new byte[4096];
            byte[] meta = new byte[32];
            for (long mfn = 0; mfn < hv.machine().nrFrames(); mfn++) {
                if (mem.isRam(mfn)) {
                    mem.read(mfn, 0, page, 0, page.length);
                    md.update(page);
                }
                LittleEndian.putI32(meta, 0, ft.owner(mfn));
                LittleEndian.putI32(meta, 4, ft.count(mfn));
                LittleEndian.putI32(meta, 8, ft.type(mfn).code);
                LittleEndian.putI32(meta, 12, ft.typeCount(mfn));
                LittleEndian.putI32(meta, 16, ft.isPinned(mfn) ? 1 : 0);
                LittleEndian.putI64(meta, 20, ft.m2p(mfn));
                md.update(meta);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each frame {@code domid} owns, with its counts and type: {@code "mfn:count/type:typecount[P]"}. */
    List<String> frameState(int domid) {
        FrameTable ft = hv.machine().frames();
        List<String> out = new ArrayList<>();
        for (long mfn = 0; mfn < hv.machine().nrFrames(); mfn++) {
            if (ft.owner(mfn) == domid) {
                out.add(mfn + ":" + ft.count(mfn) + "/" + ft.type(mfn) + ":" + ft.typeCount(mfn)
                        + (ft.isPinned(mfn) ? "P" : ""));
            }
        }
        return out;
    }
}
