package org.pvsim.guest.workload;

import java.util.List;
import java.util.Map;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.evtchn.EventHandler;
import org.pvsim.guest.evtchn.GuestEvents;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;

/**
 * {@code pingpong}: two domains bounce a notification over an interdomain event channel {@code count} times, and the
 * {@code ping} side reports the round-trip times. It is the event-channel analogue of a network ping: each round trip
 * is an {@code EVTCHNOP_send}, a wake-up and an upcall in the other domain, a send back, and a wake-up and an upcall
 * here. Only vCPU 0 takes part; other vCPUs stay blocked.
 *
 * <p><b>Connecting.</b> There is no xenstore yet (issue 6) to publish the port, so the two sides meet the way Xen
 * lets them without one. {@code ping} allocates a port that only its peer may bind ({@code EVTCHNOP_alloc_unbound},
 * remote = {@code peer}). {@code pong} tries {@code EVTCHNOP_bind_interdomain(peer, p)} for p = 1, 2, ... up to
 * {@link #PORT_SCAN_LIMIT}: Xen answers {@code -EINVAL} for a port that is not unbound or not offered to the caller,
 * so the first success is ping's port. If none succeeds (ping has not allocated yet) or the peer does not exist yet
 * ({@code -ESRCH}), pong sleeps {@link #RETRY_NS} on its single-shot timer and tries again. Xen marks pong's new port
 * pending on bind; pong's handler echoes every event, so that first one reaches ping as "connected".
 *
 * <p><b>Bouncing.</b> From then on ping's step sends (its TSC read just before, {@code rdtsc}, is the start of the
 * round trip) and blocks; pong's handler, in pong's upcall, sends back; ping's handler, in ping's upcall, reads the
 * TSC again: the difference is one round trip, in virtual nanoseconds. Both sides block ({@code SCHEDOP_block}) while
 * they wait. After {@code count} round trips ping prints one line with the count and the mean, median, 99th
 * percentile and maximum round-trip time in microseconds, and pong one line with its echoes; then both stay blocked,
 * so that a run's report shows them idle with the CPU time and hypercalls the round trips cost.
 *
 * <p>Without event channels in the hypervisor the workload panics: it cannot work without them. Recording a round
 * trip allocates nothing: the samples are an array sized from {@code count}.
 */
public final class PingPongWorkload implements Workload {
    /** The most round trips {@code count} may ask for. */
    public static final long MAX_COUNT = 1_000_000;
    /** The highest port of ping's that pong tries to bind. */
    public static final int PORT_SCAN_LIMIT = 128;
    /** How long pong sleeps before scanning again, when nothing was offered yet. */
    public static final long RETRY_NS = 1_000_000;

    /** The spec: {@code workload=pingpong role=ping peer=2 count=1000}. */
    public static final WorkloadSpec SPEC = WorkloadSpec.of(
            "pingpong",
            "bounces a notification with another domain over an event channel and reports the round-trip times",
            List.of(
                    WorkloadArgument.choice(
                            "role",
                            "ping",
                            "ping offers the channel, sends and measures; pong binds it and echoes",
                            "ping",
                            "pong"),
                    WorkloadArgument.count(
                            "peer", "1", 0, DomId.DOMID_FIRST_RESERVED - 1, "the id of the domain at the other end"),
                    WorkloadArgument.count("count", "1000", 1, MAX_COUNT, "round trips")),
            PingPongWorkload::new);

    private enum State {
        /** Nothing done yet. */
        START,
        /** pong: nothing to bind yet; asleep until the retry timer. */
        RETRYING,
        /** ping: the port is offered; waiting for pong's first event. */
        WAITING_FOR_PONG,
        /** ping: connected, nothing in flight: the next step sends. */
        READY,
        /** ping: a ping is in flight. */
        WAITING_FOR_REPLY,
        /** pong: bound; echoing in its handler. */
        BOUND,
        /** All round trips done. */
        DONE
    }

    private final boolean ping;
    private final int peer;
    private final long count;
    private final Latencies rtts;
    private final EventHandler pingHandler = (c, p) -> pingEvent(c);
    private final EventHandler pongHandler = (c, p) -> pongEvent(c);
    private Kernel kernel;

    private State state = State.START;
    private int port;
    private int offeredPort;
    private long sentAt;
    private long roundTrips;
    private long echoes;
    private long strays;
    private long scans;

    private PingPongWorkload(Map<String, String> args) {
        this.ping = args.get("role").equals("ping");
        this.peer = (int) ArgumentType.Count.parse(args.get("peer"));
        this.count = ArgumentType.Count.parse(args.get("count"));
        this.rtts = new Latencies(ping ? (int) count : 0);
    }

    @Override
    public void step(Kernel kernel, GuestCpu cpu) {
        this.kernel = kernel;
        Hypercalls hc = kernel.hypercalls(cpu);
        if (cpu.vcpuId() != 0) {
            block(kernel, cpu, hc);
            return;
        }
        switch (state) {
            case START:
            case RETRYING:
                if (ping) {
                    offer(kernel, cpu);
                } else {
                    bindOffered(kernel, cpu, hc);
                }
                break;
            case READY:
                if (roundTrips == count) {
                    state = State.DONE;
                    kernel.printk(
                            cpu,
                            "pingpong: " + roundTrips + " round trips with d" + peer + ", RTT (us): "
                                    + rtts.summaryUs());
                    break;
                }
                state = State.WAITING_FOR_REPLY;
                sentAt = cpu.rdtsc();
                int rc = kernel.events(cpu).send(port);
                if (rc != 0) {
                    throw kernel.panic(cpu, "pingpong: EVTCHNOP_send on port " + port + ": " + Errno.describe(rc));
                }
                break;
            default:
                break;
        }
        if (state != State.READY) {
            block(kernel, cpu, hc);
        }
    }

    /** ping: offers a port to the peer. */
    private void offer(Kernel kernel, GuestCpu cpu) {
        int p = kernel.events(cpu).allocUnbound(peer, pingHandler);
        if (p < 0) {
            throw kernel.panic(cpu, "pingpong: EVTCHNOP_alloc_unbound for d" + peer + ": " + Errno.describe(p));
        }
        port = p;
        state = State.WAITING_FOR_PONG;
        kernel.printk(cpu, "pingpong: ping: port " + p + " offered to d" + peer + "; waiting for pong");
    }

    /** ping's handler: pong connected, or a reply came. */
    private void pingEvent(GuestCpu cpu) {
        if (state == State.WAITING_FOR_PONG) {
            state = State.READY;
        } else if (state == State.WAITING_FOR_REPLY) {
            rtts.add(cpu.rdtsc() - sentAt);
            roundTrips++;
            state = State.READY;
        } else {
            strays++;
        }
    }

    /** pong: binds the first port of the peer offered to this domain, or sleeps and tries again later. */
    private void bindOffered(Kernel kernel, GuestCpu cpu, Hypercalls hc) {
        GuestEvents events = kernel.events(cpu);
        scans++;
        for (int p = 1; p <= PORT_SCAN_LIMIT; p++) {
            int rc = events.bindInterdomain(peer, p, pongHandler);
            if (rc > 0) {
                port = rc;
                offeredPort = p;
                state = State.BOUND;
                kernel.printk(cpu, "pingpong: pong: bound port " + p + " of d" + peer + " as port " + rc);
                return;
            }
            if (rc == Errno.ESRCH.neg()) {
                break; // the peer does not exist yet
            }
            if (rc != Errno.EINVAL.neg()) {
                throw kernel.panic(
                        cpu,
                        "pingpong: EVTCHNOP_bind_interdomain to d" + peer + " port " + p + ": " + Errno.describe(rc));
            }
        }
        state = State.RETRYING;
        long rc = hc.setSingleshotTimer(cpu.vcpuId(), cpu.rdtsc() + RETRY_NS, 0);
        if (rc != 0) {
            throw kernel.panic(cpu, "pingpong: VCPUOP_set_singleshot_timer failed: " + Errno.describe(rc));
        }
    }

    /** pong's handler: echoes every event, the first (Xen's on bind) included. */
    private void pongEvent(GuestCpu cpu) {
        int rc = kernel.events(cpu).send(port);
        if (rc != 0) {
            throw kernel.panic(cpu, "pingpong: EVTCHNOP_send on port " + port + ": " + Errno.describe(rc));
        }
        echoes++;
        if (echoes == count + 1) {
            state = State.DONE;
            kernel.printk(cpu, "pingpong: pong: " + count + " pings from d" + peer + " echoed");
        }
    }

    private static void block(Kernel kernel, GuestCpu cpu, Hypercalls hc) {
        long rc = hc.block();
        if (rc != 0) {
            throw kernel.panic(cpu, "pingpong: SCHEDOP_block failed: " + Errno.describe(rc));
        }
    }

    @Override
    public long progress() {
        return ping ? roundTrips : Math.max(0, echoes - 1);
    }

    /** Round trips measured (ping). */
    public long roundTrips() {
        return roundTrips;
    }

    /** Events echoed (pong), the first one, which connects, included. */
    public long echoes() {
        return echoes;
    }

    /** Events ping's handler did not expect. */
    public long strays() {
        return strays;
    }

    /** Times pong scanned the peer's ports. */
    public long scans() {
        return scans;
    }

    /** The local port: ping's offered one, or the one pong bound. */
    public int port() {
        return port;
    }

    /** pong: the peer's port it bound. */
    public int offeredPort() {
        return offeredPort;
    }

    /** Whether every round trip is done (ping) or echoed (pong). */
    public boolean isDone() {
        return state == State.DONE;
    }

    /** The mean round-trip time so far, ns. */
    public double meanRttNs() {
        return rtts.meanNs();
    }

    /** The {@code p}th percentile of the round-trip times so far, ns. */
    public long rttPercentileNs(double p) {
        return rtts.percentileNs(p);
    }

    /** The longest round trip so far, ns. */
    public long maxRttNs() {
        return rtts.maxNs();
    }
}
