package org.pvsim.dom0.backend.blkback;

import static org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor.SECTORS_PER_PAGE;
import static org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor.SECTOR_SIZE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.pvsim.dom0.backend.BackendDevice;
import org.pvsim.dom0.backend.BackendDriver;
import org.pvsim.dom0.backend.BlockCompletion;
import org.pvsim.dom0.backend.BlockStore;
import org.pvsim.dom0.backend.BlockStores;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.gnttab.GrantCopyOp;
import org.pvsim.guest.io.BackRing;
import org.pvsim.guest.io.RingLayout;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor;
import org.pvsim.hypervisor.abi.io.BlkifResponseDescriptor;
import org.pvsim.hypervisor.abi.io.XenbusState;

/**
 * blkback, dom0's block backend (Linux's {@code xen-blkback}): serves every {@code vbd} device on the backend bus from
 * the {@link BlockStore} its {@code params} names.
 *
 * <p><b>Connecting.</b> Probe opens the store, publishes {@code feature-flush-cache} and switches to {@code InitWait}.
 * When the frontend is {@code Initialised}, blkback maps its ring ({@code GNTTABOP_map_grant_ref}), binds its event
 * channel, publishes {@code sectors}, {@code sector-size} and {@code info} ({@code VDISK_READONLY} for a read-only
 * disk) and switches to {@code Connected}. A frontend that closes is followed to {@code Closing}/{@code Closed}; one
 * that starts again from {@code Initialising} finds the backend in {@code InitWait} again.
 *
 * <p><b>Requests.</b> On each event, blkback copies each request out of the ring once and checks it: an operation
 * other than read, write and flush is {@code BLKIF_RSP_EOPNOTSUPP}; 1 to 11 segments with {@code first_sect <=
 * last_sect <= 7}, the sectors inside the disk, no write to a read-only disk, else {@code BLKIF_RSP_ERROR}. The data
 * moves by {@code GNTTABOP_copy} between the guest's granted pages and dom0 bounce pages (a grant the guest did not
 * give fails the copy: {@code BLKIF_RSP_ERROR}), and the store serves the bounce pages. Responses are published with
 * {@code RING_PUSH_RESPONSES_AND_CHECK_NOTIFY}, and the final check runs before blkback waits again.
 *
 * <p><b>A hostile frontend</b> with impossible ring indices gets its device closed ({@code devFatal}) and reported in
 * {@link #messages()}; nothing it writes can make blkback throw, and other devices go on.
 *
 * <p>Cost: dom0's CPU, {@link #REQUEST_NS} per request plus what the store and the grant copies cost. With more than
 * one vCPU in dom0, a device's event channel is bound to a vCPU other than 0 (as irqbalance spreads interrupts), so
 * a busy disk does not starve the toolstack on vCPU 0.
 */
public final class Blkback implements BackendDriver {
    /** The blkif ring type. */
    public static final RingLayout BLKIF =
            new RingLayout("blkif", BlkifRequestDescriptor.SIZE, BlkifResponseDescriptor.SIZE);
    /** dom0's CPU time per request (parse, checks, response): 2 µs. */
    public static final long REQUEST_NS = 2_000;
    /** {@code VDISK_READONLY} in {@code info}. */
    public static final int VDISK_READONLY = 4;

    private final Kernel kernel;
    private final BlockStores stores;
    private final List<String> messages = new ArrayList<>();
    private final List<Vbd> vbds = new ArrayList<>();

    /** blkback in dom0's {@code kernel}, opening disks with {@code stores}. */
    public Blkback(Kernel kernel, BlockStores stores) {
        this.kernel = kernel;
        this.stores = stores;
    }

    @Override
    public String type() {
        return "vbd";
    }

    @Override
    public void probe(GuestCpu cpu, BackendDevice dev) {
        String params = dev.read("params");
        boolean ro = "r".equals(dev.read("mode"));
        BlockStore store;
        try {
            if (params == null) {
                throw new IllegalArgumentException("no params node");
            }
            store = stores.open(dev.nodename(), params, ro);
            store.open(cpu);
        } catch (IllegalArgumentException e) {
            message(dev, "cannot open " + params + ": " + e.getMessage());
            dev.devFatal("opening " + params + ": " + e.getMessage());
            return;
        }
        Vbd vbd = new Vbd(dev, store);
        vbd.readOnly = ro || store.readOnly();
        dev.data(vbd);
        vbds.add(vbd);
        dev.write("feature-flush-cache", "1");
        dev.write("feature-barrier", "0");
        dev.switchState(XenbusState.XenbusStateInitWait);
    }

    @Override
    public void frontendChanged(GuestCpu cpu, BackendDevice dev, XenbusState state) {
        if (!(dev.data() instanceof Vbd vbd)) {
            return;
        }
        switch (state) {
            case XenbusStateInitialising -> {
                if (dev.state() == XenbusState.XenbusStateClosed) {
                    dev.switchState(XenbusState.XenbusStateInitWait); // the frontend reconnects
                }
            }
            case XenbusStateInitialised, XenbusStateConnected -> {
                if (!vbd.connected && dev.state() == XenbusState.XenbusStateInitWait) {
                    connect(cpu, vbd);
                }
            }
            case XenbusStateClosing -> {
                if (vbd.connected || dev.state() == XenbusState.XenbusStateConnected) {
                    disconnect(cpu, vbd);
                    dev.switchState(XenbusState.XenbusStateClosing);
                }
            }
            case XenbusStateClosed, XenbusStateUnknown -> {
                // A frontend still Closed from an earlier connection is not a reason to close a fresh InitWait.
                if (vbd.connected
                        || dev.state() == XenbusState.XenbusStateConnected
                        || dev.state() == XenbusState.XenbusStateClosing) {
                    disconnect(cpu, vbd);
                    dev.switchState(XenbusState.XenbusStateClosed);
                }
            }
            default -> {}
        }
    }

    /** {@code connect_ring} and {@code connect}: map, bind, publish, {@code Connected}. */
    private void connect(GuestCpu cpu, Vbd vbd) {
        BackendDevice dev = vbd.dev;
        int ringRef = dev.readFrontendNumber("ring-ref");
        int port = dev.readFrontendNumber("event-channel");
        String protocol = dev.readFrontend("protocol");
        if (ringRef < 0 || port < 0) {
            dev.devFatal("reading " + dev.frontend() + "/ring-ref and event-channel");
            return;
        }
        if (protocol != null && !protocol.equals("x86_64-abi")) {
            dev.devFatal("unsupported protocol " + protocol);
            return;
        }
        long va = vbd.ringMap.map(kernel, cpu, dev, ringRef);
        if (va == -1) {
            return;
        }
        int local = kernel.events(cpu).bindInterdomain(dev.frontendId(), port, (c, p) -> serve(c, vbd));
        if (local <= 0) {
            vbd.ringMap.unmap(kernel, cpu);
            dev.devFatal("binding event-channel " + port + " of d" + dev.frontendId());
            return;
        }
        int online = kernel.onlineVcpus();
        if (online > 1) {
            // Spread the devices' interrupts over dom0's vCPUs other than 0, where the toolstack runs (irqbalance).
            kernel.events(cpu).bindVcpu(local, 1 + dev.frontendId() % (online - 1));
        }
        if (!vbd.bouncesAllocated) {
            for (int s = 0; s < Vbd.SLOTS; s++) {
                for (int p = 0; p < Vbd.PAGES; p++) {
                    long pfn = kernel.allocPfn();
                    if (pfn == Kernel.NO_PAGE) {
                        dev.devFatal("out of dom0 memory for bounce pages");
                        return;
                    }
                    vbd.bounce[s][p] = pfn;
                }
            }
            vbd.bouncesAllocated = true;
        }
        vbd.localPort = local;
        vbd.ring.attach(va);
        vbd.connected = true;
        vbd.generation++;
        dev.write("sectors", Long.toString(vbd.store.sectors()));
        dev.write("sector-size", Integer.toString(SECTOR_SIZE));
        dev.write("info", Integer.toString(vbd.store.readOnly() ? VDISK_READONLY : 0));
        dev.switchState(XenbusState.XenbusStateConnected);
    }

    /** {@code xen_blkif_disconnect}: unbind and unmap; completions still to come are dropped. */
    private void disconnect(GuestCpu cpu, Vbd vbd) {
        if (!vbd.connected) {
            return;
        }
        vbd.connected = false;
        vbd.generation++;
        kernel.events(cpu).close(vbd.localPort);
        vbd.ringMap.unmap(kernel, cpu);
        vbd.localPort = -1;
        java.util.Arrays.fill(vbd.slotBusy, false);
    }

    @Override
    public void remove(GuestCpu cpu, BackendDevice dev) {
        if (dev.data() instanceof Vbd vbd) {
            disconnect(cpu, vbd);
            vbd.alive = false;
            if (vbd.bouncesAllocated) {
                for (long[] pages : vbd.bounce) {
                    for (long pfn : pages) {
                        kernel.freePfn(pfn);
                    }
                }
                vbd.bouncesAllocated = false;
            }
            vbds.remove(vbd);
            dev.data(null);
        }
    }

    /** {@code do_block_io_op}: every request on the ring, then the final check. */
    private void serve(GuestCpu cpu, Vbd vbd) {
        if (!vbd.connected) {
            return;
        }
        BackRing ring = vbd.ring;
        do {
            int n = ring.unconsumedRequests(cpu);
            if (n == BackRing.CORRUPT) {
                message(vbd.dev, "ring corrupt (req_prod impossible); device disconnected");
                disconnect(cpu, vbd);
                vbd.dev.devFatal("ring corrupt: impossible req_prod from d" + vbd.dev.frontendId());
                return;
            }
            for (int i = 0; i < n && vbd.connected; i++) {
                int slot = vbd.freeSlot();
                if (slot < 0) {
                    vbd.oo++; // cannot happen with at most RING_SIZE in flight, but never overrun a slot
                    break;
                }
                ring.copyRequest(cpu, vbd.req);
                cpu.compute(REQUEST_NS);
                dispatch(cpu, vbd, slot);
            }
            push(cpu, vbd);
        } while (vbd.connected && ring.finalCheckForRequests(cpu));
    }

    /** Checks the copied request and starts it, or answers it at once. */
    private void dispatch(GuestCpu cpu, Vbd vbd, int slot) {
        byte[] r = vbd.req;
        int op = LittleEndian.getU8(r, BlkifRequestDescriptor.OPERATION_OFFSET);
        int nseg = LittleEndian.getU8(r, BlkifRequestDescriptor.NR_SEGMENTS_OFFSET);
        long id = LittleEndian.getI64(r, BlkifRequestDescriptor.ID_OFFSET);
        long sector = LittleEndian.getI64(r, BlkifRequestDescriptor.SECTOR_NUMBER_OFFSET);
        if (op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE) {
            start(cpu, vbd, slot, id, op, sector, 0);
            return;
        }
        if (op != BlkifOp.BLKIF_OP_READ && op != BlkifOp.BLKIF_OP_WRITE) {
            respond(cpu, vbd, id, op, BlkifResponseDescriptor.BLKIF_RSP_EOPNOTSUPP);
            return;
        }
        if (nseg == 0 || nseg > BlkifRequestDescriptor.BLKIF_MAX_SEGMENTS_PER_REQUEST) {
            error(cpu, vbd, id, op, "bad number of segments " + nseg);
            return;
        }
        int count = 0;
        int[] seg = vbd.slotSeg[slot];
        for (int i = 0; i < nseg; i++) {
            int gref = LittleEndian.getI32(r, BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_GREF_OFFSET));
            int first =
                    LittleEndian.getU8(r, BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_FIRST_SECT_OFFSET));
            int last =
                    LittleEndian.getU8(r, BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_LAST_SECT_OFFSET));
            if (first > last || last >= SECTORS_PER_PAGE) {
                error(cpu, vbd, id, op, "bad segment " + i + ": sectors " + first + ".." + last);
                return;
            }
            seg[3 * i] = gref;
            seg[3 * i + 1] = first;
            seg[3 * i + 2] = last;
            count += last - first + 1;
        }
        if (sector < 0 || sector + count > vbd.store.sectors()) {
            error(
                    cpu,
                    vbd,
                    id,
                    op,
                    "sectors " + sector + "+" + count + " beyond the disk (" + vbd.store.sectors() + ")");
            return;
        }
        if (op == BlkifOp.BLKIF_OP_WRITE && vbd.readOnly) {
            error(cpu, vbd, id, op, "write to a read-only disk");
            return;
        }
        vbd.slotNseg[slot] = nseg;
        if (op == BlkifOp.BLKIF_OP_WRITE) {
            if (!copy(cpu, vbd, slot, true)) {
                error(cpu, vbd, id, op, "grant copy from the guest failed");
                return;
            }
            vbd.wrReqs++;
            vbd.wrSect += count;
        } else {
            vbd.rdReqs++;
            vbd.rdSect += count;
        }
        start(cpu, vbd, slot, id, op, sector, count);
    }

    private void start(GuestCpu cpu, Vbd vbd, int slot, long id, int op, long sector, int count) {
        vbd.slotBusy[slot] = true;
        vbd.slotId[slot] = id;
        vbd.slotOp[slot] = op;
        vbd.slotSectors[slot] = count;
        if (op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE) {
            vbd.slotNseg[slot] = 0;
        }
        long tag = ((long) vbd.generation << 8) | slot;
        if (vbd.failNext > 0 && op != BlkifOp.BLKIF_OP_FLUSH_DISKCACHE) {
            vbd.failNext--;
            message(vbd.dev, "request " + id + " (" + BlkifOp.name(op) + "): the disk returned an error");
            completed(cpu, vbd, tag, BlkifResponseDescriptor.BLKIF_RSP_ERROR);
            return;
        }
        int pages = (count + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
        if (!vbd.store.submit(cpu, op, sector, count, vbd.bounce[slot], pages, tag, completion(vbd))) {
            vbd.oo++;
            vbd.slotBusy[slot] = false;
            error(cpu, vbd, id, op, "store busy");
        }
    }

    /** The store's completion for {@code vbd}: copies a read's data to the guest and answers. */
    private BlockCompletion completion(Vbd vbd) {
        return vbd.completion != null
                ? vbd.completion
                : (vbd.completion = (c, tag, status) -> completed(c, vbd, tag, status));
    }

    private void completed(GuestCpu cpu, Vbd vbd, long tag, int status) {
        int slot = (int) (tag & 0xFF);
        if (!vbd.alive || !vbd.connected || (tag >>> 8) != vbd.generation || !vbd.slotBusy[slot]) {
            return; // the device went away meanwhile: the frontend reissues
        }
        vbd.slotBusy[slot] = false;
        long id = vbd.slotId[slot];
        int op = vbd.slotOp[slot];
        if (status == BlkifResponseDescriptor.BLKIF_RSP_OKAY
                && op == BlkifOp.BLKIF_OP_READ
                && !copy(cpu, vbd, slot, false)) {
            status = BlkifResponseDescriptor.BLKIF_RSP_ERROR;
            message(vbd.dev, "grant copy to the guest failed for request " + id);
        }
        if (status != BlkifResponseDescriptor.BLKIF_RSP_OKAY) {
            vbd.errors++;
        }
        respond(cpu, vbd, id, op, status);
        push(cpu, vbd);
    }

    /**
     * {@code GNTTABOP_copy} of the slot's segments: guest → bounce ({@code fromGuest}) or bounce → guest. Request
     * sector {@code k} is at bounce page {@code k / 8}; a segment that straddles two bounce pages takes two copies.
     */
    private boolean copy(GuestCpu cpu, Vbd vbd, int slot, boolean fromGuest) {
        int[] seg = vbd.slotSeg[slot];
        int n = 0;
        int pos = 0; // byte offset in the request's data
        int fe = vbd.dev.frontendId();
        for (int i = 0; i < vbd.slotNseg[slot]; i++) {
            int gref = seg[3 * i];
            int guestOff = seg[3 * i + 1] * SECTOR_SIZE;
            int len = (seg[3 * i + 2] - seg[3 * i + 1] + 1) * SECTOR_SIZE;
            while (len > 0) {
                int page = pos / 4096;
                int pageOff = pos % 4096;
                int chunk = Math.min(len, 4096 - pageOff);
                long mfn = kernel.mfn(vbd.bounce[slot][page]);
                GrantCopyOp op = vbd.copies[n++];
                op.flags = 0;
                if (fromGuest) {
                    op.source(true, gref, fe, guestOff)
                            .dest(false, mfn, DomId.DOMID_SELF, pageOff)
                            .len(chunk);
                } else {
                    op.source(false, mfn, DomId.DOMID_SELF, pageOff)
                            .dest(true, gref, fe, guestOff)
                            .len(chunk);
                }
                pos += chunk;
                guestOff += chunk;
                len -= chunk;
            }
        }
        long rc = kernel.grants(cpu).copy(vbd.copies, n);
        if (rc != 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (vbd.copies[i].status != 0) {
                return false;
            }
        }
        return true;
    }

    private void error(GuestCpu cpu, Vbd vbd, long id, int op, String why) {
        vbd.errors++;
        message(vbd.dev, "request " + id + " (" + BlkifOp.name(op) + "): " + why);
        respond(cpu, vbd, id, op, BlkifResponseDescriptor.BLKIF_RSP_ERROR);
    }

    /** {@code make_response}: the response in the next slot; published by {@link #push}. */
    private void respond(GuestCpu cpu, Vbd vbd, long id, int op, int status) {
        long va = vbd.ring.responseVa();
        cpu.write64(va + BlkifResponseDescriptor.ID_OFFSET, id);
        cpu.write8(va + BlkifResponseDescriptor.OPERATION_OFFSET, op);
        cpu.write16(va + BlkifResponseDescriptor.STATUS_OFFSET, status);
        vbd.ring.produceResponse();
    }

    private void push(GuestCpu cpu, Vbd vbd) {
        if (vbd.connected && vbd.ring.pushResponsesAndCheckNotify(cpu)) {
            kernel.events(cpu).send(vbd.localPort);
        }
    }

    private void message(BackendDevice dev, String m) {
        messages.add(dev.nodename() + ": " + m);
    }

    /** The counters of domain {@code domid}'s disk {@code devid}, or {@link VbdStats#NONE} if blkback does not serve it. */
    public VbdStats stats(int domid, int devid) {
        for (Vbd v : vbds) {
            if (v.dev.frontendId() == domid && v.dev.devid() == devid) {
                return v.stats();
            }
        }
        return VbdStats.NONE;
    }

    /** The sum of domain {@code domid}'s disks' counters, and their number as {@link VbdStats#oo}'s companion. */
    public int disks(int domid) {
        int n = 0;
        for (Vbd v : vbds) {
            if (v.dev.frontendId() == domid) {
                n++;
            }
        }
        return n;
    }

    /**
     * Makes the next {@code n} reads or writes of domain {@code domid}'s disk {@code devid} fail as a failing disk
     * would (the {@code disk-error} fault): a store that models its medium ({@code /dev/...}, the machine's disk) fails
     * them in the device; for the others the store is not asked. Either way the guest gets {@code BLKIF_RSP_ERROR}.
     *
     * @return false if blkback serves no such disk
     */
    public boolean failNext(GuestCpu cpu, int domid, int devid, int n) {
        for (Vbd v : vbds) {
            if (v.dev.frontendId() == domid && v.dev.devid() == devid) {
                if (v.store == null || !v.store.injectErrors(cpu, n)) {
                    v.failNext += n;
                }
                return true;
            }
        }
        return false;
    }

    /** The stores blkback opens disks with. */
    public BlockStores stores() {
        return stores;
    }

    /** What went wrong (bad requests, corrupt rings, stores that would not open), oldest first. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }
}
