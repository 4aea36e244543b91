package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pvsim.evtchn.fifo.FifoPortOps.L;
import static org.pvsim.evtchn.fifo.FifoPortOps.M;
import static org.pvsim.evtchn.fifo.FifoPortOps.P;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.hypervisor.abi.Errno;

/**
 * Random interleavings of Xen's FIFO operations (set_pending, unmask, clear_pending, set_priority, a change of notify
 * vCPU, expand_array) with the guest's (mask, unmask, clear pending, one step of the upcall loop, a whole upcall). After
 * every step the queues must be well formed: every LINKED word is reachable from exactly one queue, without cycles,
 * each non-empty queue ends at Xen's private tail, no pending unmasked port is left unlinked (a lost event), and a set
 * {@code ready} bit always has an upcall pending. Seeded: {@code -Dpvsim.seed=N} replays a failure.
 */
class FifoQueueRandomizedTest {
    private static final int VCPUS = 3;
    /** 17 buckets: ports 1..1023 get words from the first page, 1024..1087 only after a second one. */
    private static final int PORTS = 1088;

    private static final int RUNS = 40;
    private static final int STEPS = 2_000;

    @Test
    void queuesStayWellFormedUnderRandomOperations() {
        long base = Long.getLong("pvsim.seed", 0x5eedf1f0L);
        System.out.println("FifoQueueRandomizedTest seed=" + base + " (runs use seed.." + (base + RUNS - 1) + ")");
        for (int run = 0; run < RUNS; run++) {
            long seed = base + run;
            try {
                run(seed);
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + " (-Dpvsim.seed=" + seed + "): " + e.getMessage(), e);
            }
        }
    }

    /** Ports the run uses: a few low ones that collide often, and some beyond the first page. */
    private static int pickPort(SplittableRandom rnd) {
        return rnd.nextInt(8) == 0 ? 1024 + rnd.nextInt(16) : 1 + rnd.nextInt(24);
    }

    private static void run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        FifoFixture f = new FifoFixture(VCPUS, PORTS).initAll().expand(1);
        for (int port = 1; port < PORTS; port++) {
            f.bind(port, rnd.nextInt(VCPUS), rnd.nextInt(16));
        }
        for (int step = 0; step < STEPS; step++) {
            String op = step(f, rnd);
            try {
                check(f);
            } catch (AssertionError e) {
                throw new AssertionError("step " + step + " (" + op + "): " + e.getMessage(), e);
            }
        }
        drain(f);
    }

    private static String step(FifoFixture f, SplittableRandom rnd) {
        int port = pickPort(rnd);
        boolean hasWord = port < f.guest.eventWords();
        int vcpu = rnd.nextInt(VCPUS);
        int kind = rnd.nextInt(100);
        if (kind < 35) {
            f.send(port);
            return "send " + port;
        } else if (kind < 45) {
            if (hasWord) {
                f.guest.mask(port);
            }
            return "guest mask " + port;
        } else if (kind < 55) {
            if (hasWord) {
                f.guest.unmask(f.d, port, ++f.now);
            }
            return "guest unmask " + port;
        } else if (kind < 58) {
            f.d.ops().unmask(f.d, port, ++f.now);
            return "EVTCHNOP_unmask " + port;
        } else if (kind < 75) {
            return "guest consume one on v" + vcpu + " -> " + f.guest.consumeOne(vcpu);
        } else if (kind < 80) {
            return "guest upcall on v" + vcpu + " -> " + f.guest.handleEvents(vcpu);
        } else if (kind < 86) {
            int priority = rnd.nextInt(10) == 0 ? 16 + rnd.nextInt(3) : rnd.nextInt(16);
            int rc = f.d.ops().setPriority(f.d, port, priority);
            assertEquals(priority > 15 ? Errno.EINVAL.neg() : 0, rc, "set_priority " + priority);
            return "set_priority " + port + " " + priority;
        } else if (kind < 91) {
            f.d.setNotifyVcpu(port, vcpu);
            return "bind_vcpu " + port + " v" + vcpu;
        } else if (kind < 94) {
            f.d.ops().clearPending(f.d, port, ++f.now);
            return "clear_pending " + port;
        } else if (kind < 99) {
            if (hasWord) {
                f.guest.clearPending(port);
            }
            return "guest clear pending " + port;
        } else {
            if (f.guest.eventWords() < 2048) {
                f.expand(1);
            }
            return "expand_array";
        }
    }

    /** The queue structure a guest and Xen share, checked from guest memory plus Xen's private tails. */
    static void check(FifoFixture f) {
        GuestFifoConsumer g = f.guest;
        int words = g.eventWords();
        int[] owner = new int[words];
        for (int v = 0; v < VCPUS; v++) {
            int ready = g.ready(v);
            if (ready != 0 && !f.services.upcallPending[v]) {
                throw new AssertionError(
                        "v" + v + " has ready " + Integer.toHexString(ready) + " but no upcall pending");
            }
            for (int q = 0; q < EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES; q++) {
                boolean active = g.localHead[v][q] != 0 || ((g.localReady[v] | ready) & (1 << q)) != 0;
                if (!active) {
                    continue;
                }
                int id = v * EvtchnFifo.EVTCHN_FIFO_MAX_QUEUES + q + 1;
                int port = g.localHead[v][q] != 0 ? g.localHead[v][q] : g.head(v, q);
                int last = 0;
                int length = 0;
                while (port != 0) {
                    if (port >= words) {
                        throw new AssertionError("v" + v + " q" + q + " reaches port " + port + " without a word");
                    }
                    int w = g.word(port);
                    if ((w & L) == 0) {
                        throw new AssertionError("v" + v + " q" + q + " reaches unlinked port " + port);
                    }
                    if (owner[port] != 0) {
                        throw new AssertionError("port " + port + " reached twice (cycle or two queues)");
                    }
                    owner[port] = id;
                    last = port;
                    length++;
                    port = w & EvtchnFifo.EVTCHN_FIFO_LINK_MASK;
                }
                if (length == 0) {
                    throw new AssertionError("v" + v + " q" + q + " is ready but empty");
                }
                if (f.state().tail(v, q) != last) {
                    throw new AssertionError("v" + v + " q" + q + " ends at " + last + " but Xen's tail is "
                            + f.state().tail(v, q));
                }
            }
        }
        for (int port = 1; port < words; port++) {
            int w = g.word(port);
            if ((w & L) != 0 && owner[port] == 0) {
                throw new AssertionError("LINKED port " + port + " is in no queue");
            }
            if ((w & P) != 0 && (w & M) == 0 && (w & L) == 0) {
                throw new AssertionError("pending unmasked port " + port + " is not linked: its event is lost");
            }
        }
    }

    /** At the end, every pending event is delivered once the guest unmasks everything and takes its upcalls. */
    private static void drain(FifoFixture f) {
        int words = f.guest.eventWords();
        for (int port = 1; port < words; port++) {
            if ((f.guest.word(port) & M) != 0) {
                f.guest.unmask(f.d, port, ++f.now);
            }
        }
        for (int v = 0; v < VCPUS; v++) {
            f.guest.handleEvents(v);
        }
        check(f);
        for (int port = 1; port < words; port++) {
            assertEquals(0, f.guest.word(port), "port " + port + " after draining");
        }
    }
}
