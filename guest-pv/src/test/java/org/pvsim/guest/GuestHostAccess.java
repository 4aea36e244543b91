package org.pvsim.guest;

import org.pvsim.guest.api.Workload;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.domain.Domain;

/** {@link GuestHost} for tests in other packages of the module. */
public final class GuestHostAccess {
    private final GuestHost host;

    private GuestHostAccess(GuestHost host) {
        this.host = host;
    }

    /** 2 pCPUs, 32 MiB, a 4 MiB dom0 running {@code dom0Cmdline}. */
    public static GuestHostAccess boot(String dom0Cmdline) {
        return new GuestHostAccess(GuestHost.boot(dom0Cmdline));
    }

    /** {@code pcpus} pCPUs, otherwise as {@link #boot(String)}. */
    public static GuestHostAccess boot(int pcpus, String dom0Cmdline) {
        return new GuestHostAccess(GuestHost.boot(pcpus, 8192, 1024, 1, dom0Cmdline, WorkloadCatalog.standard()));
    }

    /** {@link GuestHost#bootWithEvents}: a host with event channels. */
    public static GuestHostAccess bootWithEvents(int pcpus, String scheduler, String dom0Cmdline) {
        return new GuestHostAccess(GuestHost.bootWithEvents(pcpus, scheduler, dom0Cmdline));
    }

    /** {@link GuestHost#bootWithGrants}: a host with event channels and grant tables. */
    public static GuestHostAccess bootWithGrants(int pcpus, String scheduler, String dom0Cmdline) {
        return new GuestHostAccess(GuestHost.bootWithGrants(pcpus, scheduler, dom0Cmdline));
    }

    /** {@link GuestHost#hypercallCounts()}. */
    public String hypercallCounts() {
        return host.hypercallCounts();
    }

    /** {@link GuestHost#memoryDigest()}. */
    public String memoryDigest() {
        return host.memoryDigest();
    }

    public Domain domU(int domid, int pages, int vcpus, String cmdline) {
        return host.domU(domid, pages, vcpus, cmdline);
    }

    public GuestHostAccess runUntil(long ns) {
        host.runUntil(ns);
        return this;
    }

    /** Runs in small steps until domain {@code domid}'s kernel has booted; returns the time reached. */
    public long runUntilBooted(int domid) {
        long t = host.hv.now();
        while (host.kernel(domid) == null || !host.kernel(domid).isRunning()) {
            t += 100;
            host.runUntil(t);
            if (t > 10_000_000) {
                throw new AssertionError("d" + domid + " did not boot within 10 ms");
            }
        }
        return t;
    }

    public Hypervisor hv() {
        return host.hv;
    }

    public PvKernel kernel(int domid) {
        return host.kernel(domid);
    }

    public Workload workload(int domid) {
        return host.kernel(domid).workload();
    }

    public long count(int domid, Hypercall h) {
        return host.count(domid, h);
    }

    public String console() {
        return host.console();
    }

    public void auditEveryHypercall() {
        host.auditEveryHypercall();
    }

    public void assertAuditClean() {
        host.assertAuditClean();
    }

    public java.util.List<String> frameState(int domid) {
        return host.frameState(domid);
    }
}
