package org.pvsim.dom0.toolstack;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * pvsim's toolstack, the part of libxl that {@code xl create} needs, running in dom0 and reaching Xen only through
 * hypercalls. Commands are queued by whoever drives dom0 (the scenario runner, standing in for a user at dom0's
 * shell) and executed one per step of dom0's vCPU 0, in order; each records its outcome.
 *
 * <p>{@code create} follows libxl: {@code XEN_DOMCTL_createdomain} with {@code DOMID_ANY}, {@code XEN_DOMCTL_max_mem}
 * of the memory plus {@code LIBXL_MAXMEM_CONSTANT} (1 MiB), the image build ({@link PvDomainImageBuilder}), and
 * {@code XEN_DOMCTL_unpausedomain}. A failure destroys the half-built domain, as libxl does. Domain names live here
 * (libxl keeps them in xenstore, which pvsim does not have yet).
 */
public final class Toolstack {
    /** {@code LIBXL_MAXMEM_CONSTANT}: KiB libxl adds to a domain's maximum memory. */
    public static final long LIBXL_MAXMEM_CONSTANT_KIB = 1024;

    /** The outcome of one {@code create}. */
    public static final class Creation {
        private final DomainBuildSpec spec;
        private int domid = -1;
        private String error;
        private boolean done;

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
    }

    private final Deque<Creation> pending = new ArrayDeque<>();
    private final List<Creation> creations = new ArrayList<>();
    private final Map<Integer, String> names = new TreeMap<>();

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

    /** Every creation queued, in order. */
    public List<Creation> creations() {
        return Collections.unmodifiableList(creations);
    }

    /** Whether a command is waiting. */
    public boolean hasPending() {
        return !pending.isEmpty();
    }

    /** The name of domain {@code domid}, or {@code null} if the toolstack did not create it. */
    public String name(int domid) {
        return names.get(domid);
    }

    /** Runs the next queued command on dom0's {@code cpu}. */
    void runNext(Kernel kernel, GuestCpu cpu) {
        Creation c = pending.poll();
        if (c == null) {
            return;
        }
        c.done = true;
        try {
            c.domid = create(kernel, cpu, c.spec);
            names.put(c.domid, c.spec.name());
            kernel.printk(cpu, "xl: created domain " + c.spec.name() + " (id " + c.domid + ")");
        } catch (ToolstackException e) {
            c.error = e.getMessage();
            kernel.printk(cpu, "xl: creating " + c.spec.name() + " failed: " + e.getMessage());
        }
    }

    private int create(Kernel kernel, GuestCpu cpu, DomainBuildSpec spec) throws ToolstackException {
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
        try {
            op = Domctl.op(DomctlCmd.XEN_DOMCTL_max_mem, domid);
            LittleEndian.putI64(
                    op, u + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, spec.memoryKib() + LIBXL_MAXMEM_CONSTANT_KIB);
            check(hc.domctl(op), "XEN_DOMCTL_max_mem");
            op = Domctl.op(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
            check(hc.domctl(op), "XEN_DOMCTL_getdomaininfo");
            long sharedInfo = LittleEndian.getI64(op, u + DomctlGetDomainInfoDescriptor.SHARED_INFO_FRAME_OFFSET);
            new PvDomainImageBuilder(kernel, cpu).build(domid, spec, sharedInfo);
            check(hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_unpausedomain, domid)), "XEN_DOMCTL_unpausedomain");
            return domid;
        } catch (ToolstackException e) {
            hc.domctl(Domctl.op(DomctlCmd.XEN_DOMCTL_destroydomain, domid));
            throw e;
        }
    }

    private static void check(long rc, String step) throws ToolstackException {
        if (rc != 0) {
            throw ToolstackException.failed(step, rc);
        }
    }
}
