package org.pvsim.gnttab.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.pvsim.gnttab.abi.GnttabMapGrantRefDescriptor;
import org.pvsim.gnttab.abi.GnttabOp;
import org.pvsim.gnttab.abi.GnttabUnmapGrantRefDescriptor;
import org.pvsim.gnttab.op.GnttabOpFactory;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.gnttab.table.GrantTable;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.spi.SubsystemDomainHook;
import org.pvsim.hypervisor.spi.testing.FakeGrantMmu;
import org.pvsim.hypervisor.spi.testing.FakeGuest;
import org.pvsim.hypervisor.spi.testing.FakeHost;

/**
 * Grant tables installed on a {@link FakeHost}: domains are created, killed and destroyed through the hooks, and
 * grant_table_op is called with its structures in a {@link FakeGuest}'s memory. Helpers write grant entries as a
 * granter's kernel would and read the status words Xen keeps.
 */
public final class GnttabTestBed {
    /** Where map/unmap helpers put their structure. */
    public static final long OP_VA = FakeGuest.BASE + 0x100;
    /** A free area of guest memory for tests' own structures. */
    public static final long SCRATCH_VA = FakeGuest.BASE + 0x1000;

    public final FakeHost host = new FakeHost();
    public final GrantTables subsystem;
    public final FakeGuest guest = new FakeGuest(0x10000);
    public int lastHandle;
    public long lastDevBusAddr;

    public GnttabTestBed() {
        this(new GrantTables());
    }

    public GnttabTestBed(GnttabOpFactory copy, GnttabOpFactory transfer) {
        this(new GrantTables(copy, transfer));
    }

    private GnttabTestBed(GrantTables gt) {
        subsystem = gt;
        gt.install(host);
    }

    public GnttabCore core() {
        return subsystem.core();
    }

    public FakeGrantMmu mmu() {
        return host.mmu;
    }

    /** Creates domain {@code domid} (as XEN_DOMCTL_createdomain would): the hooks' answer. */
    public int create(int domid) {
        if (host.domains.get(domid) == null) {
            host.domains.add(domid);
        }
        for (SubsystemDomainHook h : host.hooks) {
            int rc = h.domainCreated(domid, 0);
            if (rc != 0) {
                return rc;
            }
        }
        return 0;
    }

    /** Creates {@code domid} and checks it worked. */
    public GrantTable domain(int domid) {
        assertThat(create(domid)).isZero();
        return table(domid);
    }

    public void kill(int domid) {
        host.domains.get(domid).alive = false;
        for (SubsystemDomainHook h : host.hooks) {
            h.domainKilled(domid, 0);
        }
    }

    public void destroy(int domid) {
        for (SubsystemDomainHook h : host.hooks) {
            h.domainDestroyed(domid, 0);
        }
        host.domains.remove(domid);
    }

    public GrantTable table(int domid) {
        return core().tables().get(domid);
    }

    /** A RAM frame of {@code domid}. */
    public long frameOf(int domid, long mfn) {
        host.mmu.give(mfn, domid);
        return mfn;
    }

    /** Grants {@code frame} to {@code grantee} in entry {@code ref} of {@code granter} (domid, frame, then flags). */
    public void grant(int granter, int ref, int grantee, long frame, int flags) {
        GrantTable gt = table(granter);
        core().entries().setDomid(gt, ref, grantee);
        core().entries().setFrame(gt, ref, frame);
        core().entries().setFlags(gt, ref, flags);
    }

    /** The entry's status word (v1 flags, v2 grant_status_t). */
    public int statusWord(int granter, int ref) {
        return core().entries().statusWord(table(granter), ref);
    }

    /** The entry's flags word. */
    public int flags(int granter, int ref) {
        return core().entries().flags(table(granter), ref);
    }

    public int pin(int granter, int ref) {
        return table(granter).active().pin(ref);
    }

    /** grant_table_op(cmd, uop, count) as domain {@code caller}. */
    public long call(int caller, long cmd, long uop, long count) {
        guest.domid = caller;
        return host.hypercalls[Hypercall.grant_table_op.number].invoke(guest, cmd, uop, count, 0, 0);
    }

    /** Writes one map_grant_ref element at {@code va}. */
    public void putMap(long va, long hostAddr, int flags, int ref, int dom) {
        guest.put64(va + GnttabMapGrantRefDescriptor.HOST_ADDR_OFFSET, hostAddr);
        guest.put32(va + GnttabMapGrantRefDescriptor.FLAGS_OFFSET, flags);
        guest.put32(va + GnttabMapGrantRefDescriptor.REF_OFFSET, ref);
        guest.put16(va + GnttabMapGrantRefDescriptor.DOM_OFFSET, dom);
        guest.put16(va + GnttabMapGrantRefDescriptor.STATUS_OFFSET, 0x7777);
        guest.put32(va + GnttabMapGrantRefDescriptor.HANDLE_OFFSET, 0x5555);
        guest.put64(va + GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, 0);
    }

    /** One map_grant_ref by {@code caller}: the element's status; {@link #lastHandle} and {@link #lastDevBusAddr}. */
    public int map(int caller, int dom, int ref, int flags, long hostAddr) {
        putMap(OP_VA, hostAddr, flags, ref, dom);
        assertThat(call(caller, GnttabOp.GNTTABOP_map_grant_ref.code, OP_VA, 1)).isZero();
        lastHandle = guest.get32(OP_VA + GnttabMapGrantRefDescriptor.HANDLE_OFFSET);
        lastDevBusAddr = guest.get64(OP_VA + GnttabMapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET);
        return guest.get16s(OP_VA + GnttabMapGrantRefDescriptor.STATUS_OFFSET);
    }

    /** Writes one unmap_grant_ref element at {@code va}. */
    public void putUnmap(long va, long hostAddr, long devBusAddr, int handle) {
        guest.put64(va + GnttabUnmapGrantRefDescriptor.HOST_ADDR_OFFSET, hostAddr);
        guest.put64(va + GnttabUnmapGrantRefDescriptor.DEV_BUS_ADDR_OFFSET, devBusAddr);
        guest.put32(va + GnttabUnmapGrantRefDescriptor.HANDLE_OFFSET, handle);
        guest.put16(va + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET, 0x7777);
    }

    /** One unmap_grant_ref by {@code caller}: the element's status. */
    public int unmap(int caller, int handle, long hostAddr, long devBusAddr) {
        putUnmap(OP_VA, hostAddr, devBusAddr, handle);
        assertThat(call(caller, GnttabOp.GNTTABOP_unmap_grant_ref.code, OP_VA, 1))
                .isZero();
        return guest.get16s(OP_VA + GnttabUnmapGrantRefDescriptor.STATUS_OFFSET);
    }

    /** Every violation the subsystem's audit reports now. */
    public List<String> violations() {
        return host.violations();
    }

    public void assertAudit() {
        assertThat(violations()).isEmpty();
    }
}
