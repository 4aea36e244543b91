package org.pvsim.guest.blkfront;

import static org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor.SECTORS_PER_PAGE;

import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.io.FrontRing;
import org.pvsim.guest.io.RingLayout;
import org.pvsim.guest.xenbus.XenbusDevice;
import org.pvsim.guest.xenbus.XenbusDriver;
import org.pvsim.guest.xenbus.XenbusFrontendBus;
import org.pvsim.guest.xenstore.XenstoreClient;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.BlkifRequestDescriptor;
import org.pvsim.hypervisor.abi.io.BlkifResponseDescriptor;
import org.pvsim.hypervisor.abi.io.XenbusState;
import org.pvsim.hypervisor.abi.io.XsdErrors;

/**
 * blkfront, Linux's {@code xen-blkfront} for one virtual disk ({@code device/vbd/<id>}): a 32-slot blkif ring in a
 * page granted to the backend, one event channel, and a shadow of every request in flight.
 *
 * <p><b>Connecting.</b> When the backend reaches {@code InitWait} (and this end is {@code Initialising} or {@code
 * Closed}), it allocates and grants a fresh ring page, allocates an unbound event channel for the backend, writes
 * {@code ring-ref}, {@code event-channel} and {@code protocol}, and switches to {@code Initialised}. When the backend
 * is {@code Connected}, it reads {@code sectors} and {@code info}, switches to {@code Connected}, and puts every
 * request still in flight on the new ring ({@code blkif_recover}).
 *
 * <p><b>Requests.</b> {@link #submit} grants each data page to the backend (read-only for a write), writes a {@code
 * blkif_request} whose id is its shadow slot, publishes it and notifies if the backend asked. A response completes the
 * request with that id exactly once; a response whose id is not in flight is counted ({@link #strays()}) and
 * ignored, and a ring with impossible indices closes the device.
 *
 * <p><b>A backend that goes away.</b> On the backend's {@code Closing} or {@code Closed}, the event channel closes and
 * this end switches to {@code Closed}, keeping its shadows; when the backend is back in {@code InitWait} the device
 * connects again, and the requests in flight are reissued, each once ({@link #reissued()}).
 *
 * <p>Invariant: at most {@link #RING_SIZE} requests in flight, each in exactly one shadow slot; {@link #completed()}
 * never exceeds {@link #submitted()}.
 */
public final class Blkfront implements XenbusDriver {
    /** The blkif ring type: 112-byte requests, 16-byte responses. */
    public static final RingLayout BLKIF =
            new RingLayout("blkif", BlkifRequestDescriptor.SIZE, BlkifResponseDescriptor.SIZE);
    /** Requests in flight at most: the ring's slots. */
    public static final int RING_SIZE = BLKIF.size();
    /** {@link #submit}'s answer when the request cannot be taken now (not connected, or the ring is full). */
    public static final int BUSY = -1;
    /** CPU time the guest spends per request submitted or completed: 1 µs. */
    public static final long REQUEST_NS = 1_000;

    private final Kernel kernel;
    private final FrontRing ring = new FrontRing(BLKIF);
    private final BlkShadow[] shadow = new BlkShadow[RING_SIZE];
    private final int[] freeIds = new int[RING_SIZE];
    private final EventHandler handler = (c, p) -> interrupt(c);
    private int nFree;
    private XenbusDevice dev;
    private long ringPfn = -1;
    private int ringRef = -1;
    private int port = -1;
    private boolean connected;
    private boolean closed;
    private long sectors;
    private boolean readOnly;
    private long submitted;
    private long completed;
    private long reissued;
    private long strays;
    private long connects;
    private String lastError;

    /** A blkfront of {@code kernel}, bound to a device at {@link #probe}. */
    public Blkfront(Kernel kernel) {
        this.kernel = kernel;
        for (int i = 0; i < RING_SIZE; i++) {
            shadow[i] = new BlkShadow();
            freeIds[nFree++] = RING_SIZE - 1 - i;
        }
    }

    /** The blkfront of {@code kernel}'s first virtual disk (lowest device id), or null if it has none yet. */
    public static Blkfront first(Kernel kernel) {
        XenbusFrontendBus bus = kernel.xenbus();
        if (bus == null) {
            return null;
        }
        Blkfront best = null;
        long bestId = Long.MAX_VALUE;
        for (XenbusDevice d : bus.devices().values()) {
            if (d.driver() instanceof Blkfront b && d.type().equals("vbd")) {
                long id = parseId(d.nodename().substring(d.nodename().lastIndexOf('/') + 1));
                if (id < bestId) {
                    best = b;
                    bestId = id;
                }
            }
        }
        return best;
    }

    private static long parseId(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public int probe(GuestCpu cpu, XenbusDevice dev) {
        this.dev = dev;
        return 0;
    }

    @Override
    public void otherendChanged(GuestCpu cpu, XenbusDevice dev, XenbusState state) {
        switch (state) {
            case XenbusStateInitWait -> {
                if (closed || !connected && port <= 0) { // first contact, or the backend is back
                    talkToBackend(cpu);
                }
            }
            case XenbusStateConnected -> {
                if (!connected && port > 0) {
                    connect(cpu);
                }
            }
            case XenbusStateClosing, XenbusStateClosed -> {
                if (!closed) {
                    closed = true;
                    kernel.printk(
                            cpu,
                            "blkfront: " + dev.nodename() + ": backend " + state + ", closing with " + inFlight()
                                    + " requests in flight");
                    disconnect(cpu);
                    dev.switchState(cpu, XenbusState.XenbusStateClosed, null);
                }
            }
            default -> {}
        }
    }

    /** {@code talk_to_blkback}: a fresh ring and channel, published; then {@code Initialised}. */
    private void talkToBackend(GuestCpu cpu) {
        closed = false;
        releaseRing(cpu);
        GuestGrants grants = kernel.grants(cpu);
        long pfn = kernel.allocPfn();
        if (pfn == Kernel.NO_PAGE) {
            dev.devFatal(cpu, XsdErrors.ENOMEM, "allocating ring page");
            return;
        }
        ringPfn = pfn;
        ring.init(cpu, kernel.va(pfn));
        int ref = grants.grantForeignAccess(dev.otherendId(), kernel.mfn(pfn), false);
        if (ref < 0) {
            dev.devFatal(cpu, XsdErrors.ENOSPC, "granting ring page");
            return;
        }
        ringRef = ref;
        int p = kernel.events(cpu).allocUnbound(dev.otherendId(), handler);
        if (p <= 0) {
            dev.devFatal(cpu, XsdErrors.EIO, "allocating event channel");
            return;
        }
        port = p;
        XenstoreClient xs = kernel.xenstore(cpu);
        String node = dev.nodename();
        xs.write(XenstoreClient.XBT_NIL, node + "/ring-ref", Integer.toString(ringRef), null);
        xs.write(XenstoreClient.XBT_NIL, node + "/event-channel", Integer.toString(port), null);
        xs.write(XenstoreClient.XBT_NIL, node + "/protocol", "x86_64-abi", null);
        dev.switchState(cpu, XenbusState.XenbusStateInitialised, null);
    }

    /** {@code blkfront_connect}: the disk's size and mode, then {@code Connected}, then the requests in flight again. */
    private void connect(GuestCpu cpu) {
        XenstoreClient xs = kernel.xenstore(cpu);
        String be = dev.otherend();
        xs.read(XenstoreClient.XBT_NIL, be + "/sectors", (c, sec) -> {
            xs.bind(c).read(XenstoreClient.XBT_NIL, be + "/info", (c2, info) -> {
                long n = sec.isError() ? -1 : parseId(sec.value());
                if (n < 0 || n == Long.MAX_VALUE) {
                    dev.devFatal(c2, XsdErrors.EINVAL, "reading backend fields at " + be);
                    return;
                }
                sectors = n;
                readOnly = !info.isError() && (parseId(info.value()) & 4) != 0; // VDISK_READONLY
                connected = true;
                connects++;
                dev.switchState(c2, XenbusState.XenbusStateConnected, null);
                long before = reissued;
                recover(c2);
                kernel.printk(
                        c2,
                        "blkfront: " + dev.nodename() + ": connected, " + sectors + " sectors"
                                + (connects > 1 ? ", " + (reissued - before) + " requests reissued" : ""));
            });
        });
    }

    /** {@code blkif_recover}: every request in flight goes on the new ring, in id order, with the same grants. */
    private void recover(GuestCpu cpu) {
        boolean any = false;
        for (int id = 0; id < RING_SIZE; id++) {
            BlkShadow s = shadow[id];
            if (s.inUse) {
                if (connects > 1) {
                    reissued++;
                }
                writeRequest(cpu, id, s);
                any = true;
            }
        }
        if (any && ring.pushRequestsAndCheckNotify(cpu)) {
            kernel.events(cpu).send(port);
        }
    }

    /** The backend went away: stop using the ring and channel; the shadows stay for {@link #recover}. */
    private void disconnect(GuestCpu cpu) {
        connected = false;
        if (port > 0) {
            kernel.events(cpu).close(port);
            port = -1;
        }
    }

    /** Ends the old ring's grant and frees its page, if the backend no longer maps it; else leaves it. */
    private void releaseRing(GuestCpu cpu) {
        if (ringRef >= 0) {
            if (kernel.grants(cpu).endForeignAccess(ringRef) && ringPfn >= 0) {
                kernel.freePfn(ringPfn);
            }
            ringRef = -1;
            ringPfn = -1;
        }
    }

    /**
     * Submits a request: {@code op} ({@link BlkifOp#BLKIF_OP_READ}, {@code WRITE} or {@code FLUSH_DISKCACHE}) of
     * {@code count} sectors from {@code sector}, with the data in the guest's pages {@code pfns[0..)} (8 sectors a
     * page, in order; none for a flush). {@code done} is called once with {@code cookie} when the response comes.
     *
     * @return 0, or {@link #BUSY} if the disk is not connected or the ring is full (try again after a completion)
     * @throws IllegalArgumentException for a request no blkif ring can carry (more than 11 pages, no sectors)
     */
    public int submit(GuestCpu cpu, int op, long sector, int count, long[] pfns, BlkifCompletion done, long cookie) {
        int segments = op == BlkifOp.BLKIF_OP_FLUSH_DISKCACHE ? 0 : (count + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
        if (segments > BlkifRequestDescriptor.BLKIF_MAX_SEGMENTS_PER_REQUEST
                || op != BlkifOp.BLKIF_OP_FLUSH_DISKCACHE && count <= 0) {
            throw new IllegalArgumentException("a blkif request carries 1 to 88 sectors, not " + count);
        }
        if (!connected || ring.isFull() || nFree == 0) {
            return BUSY;
        }
        int id = freeIds[--nFree];
        BlkShadow s = shadow[id];
        GuestGrants grants = kernel.grants(cpu);
        for (int i = 0; i < segments; i++) {
            int ref = grants.grantForeignAccess(dev.otherendId(), kernel.mfn(pfns[i]), op == BlkifOp.BLKIF_OP_WRITE);
            if (ref < 0) {
                for (int j = 0; j < i; j++) {
                    grants.endForeignAccess(s.grefs[j]);
                }
                freeIds[nFree++] = id;
                return BUSY;
            }
            s.pfns[i] = pfns[i];
            s.grefs[i] = ref;
        }
        s.inUse = true;
        s.op = op;
        s.sector = sector;
        s.sectors = count;
        s.segments = segments;
        s.done = done;
        s.cookie = cookie;
        submitted++;
        writeRequest(cpu, id, s);
        cpu.compute(REQUEST_NS);
        if (ring.pushRequestsAndCheckNotify(cpu)) {
            kernel.events(cpu).send(port);
        }
        return 0;
    }

    private void writeRequest(GuestCpu cpu, int id, BlkShadow s) {
        long va = ring.requestVa();
        cpu.write8(va + BlkifRequestDescriptor.OPERATION_OFFSET, s.op);
        cpu.write8(va + BlkifRequestDescriptor.NR_SEGMENTS_OFFSET, s.segments);
        cpu.write16(va + BlkifRequestDescriptor.HANDLE_OFFSET, 0);
        cpu.write64(va + BlkifRequestDescriptor.ID_OFFSET, id);
        cpu.write64(va + BlkifRequestDescriptor.SECTOR_NUMBER_OFFSET, s.sector);
        for (int i = 0; i < s.segments; i++) {
            int last = i == s.segments - 1 ? (s.sectors - 1) % SECTORS_PER_PAGE : SECTORS_PER_PAGE - 1;
            cpu.write32(va + BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_GREF_OFFSET), s.grefs[i]);
            cpu.write8(va + BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_FIRST_SECT_OFFSET), 0);
            cpu.write8(va + BlkifRequestDescriptor.seg(i, BlkifRequestDescriptor.SEG_LAST_SECT_OFFSET), last);
        }
        ring.produceRequest();
    }

    /** {@code blkif_interrupt}: every response, then the final check. */
    private void interrupt(GuestCpu cpu) {
        if (!connected) {
            return;
        }
        do {
            int n = ring.unconsumedResponses(cpu);
            if (n == FrontRing.CORRUPT) {
                lastError = "illegal number of responses";
                disconnect(cpu);
                dev.devFatal(cpu, XsdErrors.EIO, "illegal number of responses from the backend");
                return;
            }
            for (int i = 0; i < n; i++) {
                long va = ring.responseVa();
                long id = cpu.read64(va + BlkifResponseDescriptor.ID_OFFSET);
                int status = (short) cpu.read16(va + BlkifResponseDescriptor.STATUS_OFFSET);
                ring.consumeResponse();
                complete(cpu, id, status);
            }
        } while (connected && ring.finalCheckForResponses(cpu));
    }

    private void complete(GuestCpu cpu, long id, int status) {
        if (id < 0 || id >= RING_SIZE || !shadow[(int) id].inUse) {
            strays++;
            return;
        }
        BlkShadow s = shadow[(int) id];
        GuestGrants grants = kernel.grants(cpu);
        for (int i = 0; i < s.segments; i++) {
            grants.endForeignAccess(s.grefs[i]);
        }
        s.inUse = false;
        BlkifCompletion done = s.done;
        s.done = null;
        freeIds[nFree++] = (int) id;
        completed++;
        cpu.compute(REQUEST_NS);
        done.done(cpu, s.cookie, status);
    }

    @Override
    public void remove(GuestCpu cpu, XenbusDevice dev) {
        disconnect(cpu);
        for (int id = 0; id < RING_SIZE; id++) {
            if (shadow[id].inUse) {
                complete(cpu, id, BlkifResponseDescriptor.BLKIF_RSP_ERROR);
            }
        }
        releaseRing(cpu);
    }

    /** Whether the disk is connected: requests are accepted. */
    public boolean isConnected() {
        return connected;
    }

    /** The disk's size in 512-byte sectors, as the backend published it (0 before the first connection). */
    public long sectors() {
        return sectors;
    }

    /** Whether the backend says the disk is read-only. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** Requests in flight. */
    public int inFlight() {
        return RING_SIZE - nFree;
    }

    /** Requests accepted by {@link #submit}. */
    public long submitted() {
        return submitted;
    }

    /** Requests completed (each accepted request once). */
    public long completed() {
        return completed;
    }

    /** Requests put on a new ring after the backend came back. */
    public long reissued() {
        return reissued;
    }

    /** Responses whose id was not in flight. */
    public long strays() {
        return strays;
    }

    /** Times the device connected. */
    public long connects() {
        return connects;
    }

    /** The device's xenbus node, or null before probe. */
    public XenbusDevice device() {
        return dev;
    }

    /** The ring page's address (a hostile test workload writes into it). */
    public long ringVa() {
        return ring.sringVa();
    }

    /** What closed the device last, or null. */
    public String lastError() {
        return lastError;
    }
}
