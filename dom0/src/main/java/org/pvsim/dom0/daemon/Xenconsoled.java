package org.pvsim.dom0.daemon;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.pvsim.dom0.xenstore.XsException;
import org.pvsim.dom0.xenstore.XsSocket;
import org.pvsim.guest.api.ForeignMappings;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.io.SharedByteRing;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * xenconsoled ({@code tools/console/daemon/io.c}) in dom0: the backend of every domU's PV console. It watches {@code
 * @introduceDomain} and {@code @releaseDomain} on its own xenstore socket; on either it enumerates the domains
 * ({@code enum_domains}): a new one whose {@code console/ring-ref} and {@code console/port} are in xenstore gets its
 * console page mapped and an interdomain channel bound to that port ({@code domain_create_ring}); one that is dying or
 * gone has its remaining output drained, its page unmapped and its channel closed. On every event from a guest it
 * drains the {@code out} ring ({@code buffer_append}) into that guest's {@link ConsoleLog} and notifies the guest,
 * which may be waiting for room.
 *
 * <p>A hostile guest cannot hurt dom0 or another guest: impossible ring indices are reported ({@link #messages()}) and
 * that console alone is dropped, as {@code buffer_append} gives up on a corrupt ring; a log is bounded
 * ({@link ConsoleLog#MAX_BYTES}) and says how much it discarded.
 *
 * <p>Cost: each event costs dom0's vCPU {@link #EVENT_NS} plus {@link #PER_BYTE_NS} per byte drained.
 */
public final class Xenconsoled implements Dom0Xenstored.SocketDaemon {
    /** CPU time dom0 spends per console event (port handling, ring index reads): 1 µs. */
    public static final long EVENT_NS = 1_000;

    /** CPU time dom0 spends per byte drained and logged: 4 ns. */
    public static final long PER_BYTE_NS = 4;

    /** The token of xenconsoled's two watches. */
    static final String TOKEN = "xenconsoled";

    private static final SharedByteRing OUT = SharedByteRing.consoleOut();

    /** One domain's console while xenconsoled serves it. */
    private static final class Console {
        final ConsoleLog log;
        long va = -1;
        int localPort = -1;

        Console(ConsoleLog log) {
            this.log = log;
        }

        boolean connected() {
            return localPort > 0;
        }
    }

    private final Kernel kernel;
    private final XsSocket xs;
    private final Map<Integer, Console> consoles = new TreeMap<>();
    private final Map<String, ConsoleLog> logs = new TreeMap<>();
    private final List<String> messages = new ArrayList<>();
    private final byte[] buf = new byte[OUT.size()];

    /** Starts xenconsoled on dom0's {@code kernel}, with its xenstore socket {@code xs}: sets its two watches. */
    public Xenconsoled(Kernel kernel, XsSocket xs) {
        this.kernel = kernel;
        this.xs = xs;
        try {
            xs.watch("@introduceDomain", TOKEN);
            xs.watch("@releaseDomain", TOKEN);
        } catch (XsException e) {
            messages.add("cannot watch @introduceDomain/@releaseDomain: " + e.errno());
        }
    }

    @Override
    public void pump(GuestCpu cpu) {
        boolean fired = false;
        while (xs.pollWatchEvent() != null) {
            fired = true;
        }
        if (fired) {
            enumDomains(cpu);
        }
    }

    /** {@code enum_domains}: serve new domains' consoles, drop those of dying or vanished ones. */
    private void enumDomains(GuestCpu cpu) {
        Set<Integer> present = new TreeSet<>();
        try {
            for (String child : xs.directory(XsSocket.XBT_NULL, "/local/domain")) {
                try {
                    present.add(Integer.parseInt(child));
                } catch (NumberFormatException e) {
                    // not a domain
                }
            }
        } catch (XsException e) {
            return;
        }
        for (Integer domid : consoles.keySet().toArray(Integer[]::new)) {
            if (!present.contains(domid) || DomainProbe.flags(kernel.hypercalls(cpu), domid) == DomainProbe.GONE) {
                Console c = consoles.remove(domid);
                if (c.connected()) {
                    drain(cpu, domid, c);
                    disconnect(cpu, c);
                }
            }
        }
        for (int domid : present) {
            if (domid != 0
                    && !consoles.containsKey(domid)
                    && DomainProbe.flags(kernel.hypercalls(cpu), domid) != DomainProbe.GONE) {
                connect(cpu, domid);
            }
        }
    }

    /** {@code domain_create_ring}: maps the console page and binds its port, if xenstore names them. */
    private void connect(GuestCpu cpu, int domid) {
        String dom = "/local/domain/" + domid;
        long mfn;
        int port;
        String name;
        try {
            mfn = Long.parseLong(xs.read(XsSocket.XBT_NULL, dom + "/console/ring-ref"));
            port = Integer.parseInt(xs.read(XsSocket.XBT_NULL, dom + "/console/port"));
            name = xs.read(XsSocket.XBT_NULL, dom + "/name");
        } catch (XsException | NumberFormatException e) {
            return; // no console (yet): looked at again on the next watch event
        }
        Console c = new Console(logs.computeIfAbsent(name, ConsoleLog::new));
        consoles.put(domid, c);
        ForeignMappings foreign = kernel.foreign(cpu);
        long va = foreign.map(domid, mfn, true);
        if (ForeignMappings.isError(va)) {
            messages.add("d" + domid + ": cannot map console page " + mfn + " (" + va + ")");
            return;
        }
        int local = kernel.events(cpu).bindInterdomain(domid, port, (h, p) -> handle(h, domid));
        if (local <= 0) {
            foreign.unmap(va);
            messages.add("d" + domid + ": cannot bind console port " + port + " (" + local + ")");
            return;
        }
        c.va = va;
        c.localPort = local;
        drain(cpu, domid, c); // output written before the connection
    }

    private void disconnect(GuestCpu cpu, Console c) {
        kernel.events(cpu).close(c.localPort);
        kernel.foreign(cpu).unmap(c.va);
        c.localPort = -1;
        c.va = -1;
    }

    /** An event from the guest: drain its output and tell it there is room. */
    private void handle(GuestCpu cpu, int domid) {
        Console c = consoles.get(domid);
        if (c != null && c.connected() && drain(cpu, domid, c)) {
            kernel.events(cpu).send(c.localPort);
        }
    }

    /** Drains the {@code out} ring into the log; false (and the console dropped) if the ring is corrupt. */
    private boolean drain(GuestCpu cpu, int domid, Console c) {
        long drained = 0;
        try {
            while (true) {
                int n = OUT.consume(cpu, c.va, buf, 0, buf.length);
                if (n == SharedByteRing.CORRUPT) {
                    messages.add("d" + domid + ": console ring corrupt (out indices); console dropped");
                    disconnect(cpu, c);
                    return false;
                }
                if (n == 0) {
                    return true;
                }
                c.log.append(buf, 0, n);
                drained += n;
            }
        } finally {
            cpu.compute(EVENT_NS + drained * PER_BYTE_NS);
        }
    }

    /** Domains whose console is served now, in id order. */
    public Set<Integer> served() {
        Set<Integer> out = new TreeSet<>();
        consoles.forEach((d, c) -> {
            if (c.connected()) {
                out.add(d);
            }
        });
        return out;
    }

    /** The log of the console domain {@code domid} has now, or {@code null} if xenconsoled does not serve it. */
    public ConsoleLog console(int domid) {
        Console c = consoles.get(domid);
        return c == null || !c.connected() ? null : c.log;
    }

    /** Every guest's log, by name (logs outlive their domains, as log files do). */
    public Map<String, ConsoleLog> logs() {
        return Collections.unmodifiableMap(logs);
    }

    /** What xenconsoled itself reported (corrupt rings, failed mappings), in order. */
    public List<String> messages() {
        return List.copyOf(messages);
    }
}
