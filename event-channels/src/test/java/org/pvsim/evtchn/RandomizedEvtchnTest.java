package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.evtchn.testing.Rc;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.spi.testing.FakeDomains;
import org.pvsim.hypervisor.testing.Seeds;

/**
 * Seeded random event-channel operations from four domains (dom0 and three domUs with different vCPU counts and port
 * limits): every sub-op with arguments drawn from the domains' own ports, other domains' ports, out-of-range values,
 * {@code DOMID_SELF}, unknown domains and vCPUs that do not exist, mixed with VIRQs, polls, guest writes to the event
 * bits, kick drains, pauses, and the death and re-creation of domUs. After every step the auditor must report nothing
 * (I11, I12), no step may throw, every result must be one Xen can give for that sub-op, and a successful send or bind
 * must have left the port Xen sets pending pending.
 *
 * <p>Seeds: {@link #DEFAULT_SEEDS}, or the comma-separated list in {@code -Dpvsim.seed=}; {@code -Dpvsim.steps=} sets
 * the steps per seed. A failure names its seed and shows the last steps.
 */
class RandomizedEvtchnTest {
    static final long[] DEFAULT_SEEDS = {1, 2, 3, 42, 0xC0FFEE, 20261122};
    static final int DEFAULT_STEPS = 10_000;
    static final int HISTORY = 30;

    @TestFactory
    Stream<DynamicTest> randomEventChannelOperationsKeepI11AndI12() {
        return Seeds.tests(DEFAULT_SEEDS, DEFAULT_STEPS, (seed, steps) -> new Run(seed, steps).run());
    }

    private static final class Run {
        static final int[] VCPUS = {3, 2, 1, 4};
        static final int[] MAX_PORT = {1023, 40, 200, 5000};
        static final Set<Integer> ANY_ERRNO =
                Set.of(Rc.EPERM, Rc.ENOENT, Rc.ESRCH, Rc.EBUSY, Rc.EEXIST, Rc.EINVAL, Rc.ENOSPC, Rc.ENOSYS, Rc.EACCES);

        final long seed;
        final int steps;
        final SplittableRandom rnd;
        final EvtchnTestBed bed;
        final Deque<String> history = new ArrayDeque<>();
        final Set<String> reached = new TreeSet<>();
        int step;

        Run(long seed, int steps) {
            this.seed = seed;
            this.steps = steps;
            this.rnd = new SplittableRandom(seed);
            this.bed = new EvtchnTestBed(4, 4);
            for (int domid = 0; domid < 4; domid++) {
                create(domid);
            }
        }

        void create(int domid) {
            FakeDomains.Dom d = bed.create(domid, VCPUS[domid]);
            d.maxEvtchnPort = MAX_PORT[domid];
            d.control = domid == 0;
            d.hardware = domid == 0;
            if (domid == 3) {
                d.vcpuExists[2] = false; // a hole in the vCPU ids
            }
            for (int i = 0; i < 4; i++) {
                bed.host.memory.give(0x8000 + 16 * domid + i, domid); // frames for FIFO control blocks and arrays
            }
            bed.announce(domid);
        }

        void run() {
            for (step = 0; step < steps; step++) {
                try {
                    one();
                } catch (AssertionError e) {
                    throw new AssertionError(where() + e.getMessage(), e);
                } catch (RuntimeException e) {
                    throw new AssertionError(where() + "an exception escaped: " + e, e);
                }
                List<String> v = bed.audit();
                if (!v.isEmpty()) {
                    fail(where() + "auditor: " + String.join("\n  ", v));
                }
            }
            for (String must :
                    new String[] {"interdomain", "send interdomain", "close interdomain", "fifo", "fifo array", "reset"
                    }) {
                if (!reached.contains(must)) {
                    fail("seed " + seed + ": the generator never reached '" + must + "'; reached " + reached);
                }
            }
        }

        String where() {
            return "seed " + seed + " (-Dpvsim.seed=" + seed + "), step " + step + "; last steps:\n  "
                    + String.join("\n  ", history) + "\n";
        }

        void log(String s) {
            history.addLast(s);
            if (history.size() > HISTORY) {
                history.removeFirst();
            }
        }

        int caller() {
            return rnd.nextInt(4);
        }

        int pickDom(int caller) {
            switch (rnd.nextInt(10)) {
                case 0:
                case 1:
                case 2:
                    return DomId.DOMID_SELF;
                case 3:
                    return caller;
                case 4:
                    return 4 + rnd.nextInt(3); // unknown
                case 5:
                    return rnd.nextInt(0x10000);
                case 6:
                    return DomId.DOMID_ANY;
                default:
                    return rnd.nextInt(4);
            }
        }

        int pickPort(int domid) {
            EvtchnDomain d = bed.table(domid == DomId.DOMID_SELF ? 0 : domid);
            switch (rnd.nextInt(10)) {
                case 0:
                    return rnd.nextInt();
                case 1:
                    return EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS - 1 + rnd.nextInt(3);
                case 2:
                    return d == null ? rnd.nextInt(70) : d.portLimit() - 1 + rnd.nextInt(3);
                case 3:
                    return rnd.nextInt(70);
                default:
                    if (d == null) {
                        return rnd.nextInt(70);
                    }
                    // a port in use in that domain, if there is one near a random start
                    int start = rnd.nextInt(Math.max(1, Math.min(d.validPorts(), 200)));
                    for (int p = start; p < d.validPorts(); p++) {
                        if (d.state(p) > EvtchnDomain.ECS_RESERVED) {
                            return p;
                        }
                    }
                    return start;
            }
        }

        int pickVcpu() {
            int r = rnd.nextInt(10);
            return r < 7 ? rnd.nextInt(3) : r < 9 ? rnd.nextInt(6) : rnd.nextInt();
        }

        int pickVirq() {
            int r = rnd.nextInt(10);
            if (r < 5) {
                int[] common = {0, 0, 1, 3, 11, 2, 16, 7};
                return common[rnd.nextInt(common.length)];
            }
            return r < 9 ? rnd.nextInt(26) : rnd.nextInt();
        }

        int check(String what, IntSupplier op, Integer... allowedErrnos) {
            int rc = op.getAsInt();
            log(what + " -> " + (rc < 0 ? Errno.describe(rc) : Integer.toString(rc)));
            if (rc < 0 && !Arrays.asList(allowedErrnos).contains(rc)) {
                fail(what + " returned " + Errno.describe(rc) + ", which Xen does not return for it");
            }
            if (rc < 0 && !ANY_ERRNO.contains(rc) && rc != Errno.EOPNOTSUPP.neg()) {
                fail(what + " returned " + rc);
            }
            return rc;
        }

        void expectPending(int domid, int port, String why) {
            EvtchnDomain d = bed.table(domid);
            if (d.ops() != TwoLevelPortOps.INSTANCE) {
                // FIFO: a port without an event word keeps its event aside until expand_array, and the generator's
                // guests may map one frame as several array pages and control blocks, which Xen allows; the FIFO
                // ABI's own tests check its words
                return;
            }
            if (!d.ops().isPending(d, port)) {
                fail(why + ": d" + domid + " port " + port + " is not pending");
            }
        }

        void one() {
            int c = caller();
            int op = rnd.nextInt(30);
            switch (op) {
                case 0, 1, 2 -> {
                    int dom = pickDom(c);
                    int remote = pickDom(c);
                    check(
                            "d" + c + " alloc_unbound(" + dom + ", " + remote + ")",
                            () -> bed.allocUnbound(c, dom, remote),
                            Rc.ESRCH,
                            Rc.EPERM,
                            Rc.ENOSPC);
                }
                case 3, 4, 5 -> {
                    // prefer a port actually offered to the caller
                    int rdom = rnd.nextInt(4);
                    int rport = offeredTo(rdom, c);
                    int dom = rnd.nextInt(4) == 0 ? pickDom(c) : rdom;
                    int port = rport > 0 && rnd.nextInt(4) != 0 ? rport : pickPort(dom);
                    int rc = check(
                            "d" + c + " bind_interdomain(" + dom + ", " + port + ")",
                            () -> bed.bindInterdomain(c, dom, port),
                            Rc.ESRCH,
                            Rc.EINVAL,
                            Rc.ENOSPC);
                    if (rc > 0) {
                        reached.add("interdomain");
                        expectPending(c, rc, "bind_interdomain's new local port");
                    }
                }
                case 6, 7 -> {
                    int virq = pickVirq();
                    int vcpu = pickVcpu();
                    check(
                            "d" + c + " bind_virq(" + virq + ", " + vcpu + ")",
                            () -> bed.bindVirq(c, virq, vcpu),
                            Rc.EINVAL,
                            Rc.ENOENT,
                            Rc.EEXIST,
                            Rc.EBUSY,
                            Rc.ENOSPC);
                }
                case 8 -> {
                    int vcpu = pickVcpu();
                    check("d" + c + " bind_ipi(" + vcpu + ")", () -> bed.bindIpi(c, vcpu), Rc.ENOENT, Rc.ENOSPC);
                }
                case 9 -> {
                    int pirq = rnd.nextInt(4) == 0 ? rnd.nextInt() : rnd.nextInt(60);
                    check("d" + c + " bind_pirq(" + pirq + ")", () -> bed.bindPirq(c, pirq, 0), Rc.EINVAL, Rc.EPERM);
                }
                case 10, 11 -> {
                    int port = pickPort(c);
                    byte state = stateOf(c, port);
                    int rc = check("d" + c + " close(" + port + ")", () -> bed.close(c, port), Rc.EINVAL);
                    if (rc == 0 && state == EvtchnDomain.ECS_INTERDOMAIN) {
                        reached.add("close interdomain");
                    }
                }
                case 12, 13, 14, 15 -> {
                    int port = pickPort(c);
                    EvtchnDomain d = bed.table(c);
                    byte state = stateOf(c, port);
                    int peer = state == EvtchnDomain.ECS_INTERDOMAIN ? d.remoteDomid(port) : -1;
                    int peerPort = state == EvtchnDomain.ECS_INTERDOMAIN ? d.remotePort(port) : -1;
                    int rc = check("d" + c + " send(" + port + ")", () -> bed.send(c, rnd.nextInt(3), port), Rc.EINVAL);
                    if (rc == 0 && peer >= 0) {
                        reached.add("send interdomain");
                        expectPending(peer, peerPort, "send on an interdomain port");
                    } else if (rc == 0 && state == EvtchnDomain.ECS_IPI) {
                        expectPending(c, port, "send on an IPI port");
                    }
                }
                case 16 -> {
                    int dom = pickDom(c);
                    int port = pickPort(dom);
                    check(
                            "d" + c + " status(" + dom + ", " + port + ")",
                            () -> bed.status(c, dom, port).rc(),
                            Rc.ESRCH,
                            Rc.EINVAL,
                            Rc.EPERM);
                }
                case 17 -> {
                    int port = pickPort(c);
                    int vcpu = pickVcpu();
                    check(
                            "d" + c + " bind_vcpu(" + port + ", " + vcpu + ")",
                            () -> bed.bindVcpu(c, port, vcpu),
                            Rc.ENOENT,
                            Rc.EINVAL);
                }
                case 18, 19 -> {
                    int port = pickPort(c);
                    check("d" + c + " unmask(" + port + ")", () -> bed.unmask(c, port), Rc.EINVAL);
                }
                case 20 -> {
                    if (rnd.nextInt(4) != 0) {
                        return; // resets are rare: they empty a table
                    }
                    int dom = pickDom(c);
                    int rc = check(
                            "d" + c + " reset(" + dom + ")", () -> bed.reset(c, dom), Rc.ESRCH, Rc.EPERM, Rc.EINVAL);
                    if (rc == 0) {
                        reached.add("reset");
                    }
                }
                case 21 -> {
                    long gfn = rnd.nextInt(3) == 0 ? rnd.nextLong() : 0x8000 + 16 * c + rnd.nextInt(4);
                    int vcpu = pickVcpu();
                    int offset = rnd.nextInt(4) == 0 ? rnd.nextInt() : 8 * rnd.nextInt(8);
                    int rc = check(
                            "d" + c + " init_control(" + gfn + ", " + offset + ", " + vcpu + ")",
                            () -> bed.initControl(c, gfn, offset, vcpu),
                            Rc.EINVAL,
                            Rc.ENOENT);
                    if (rc == 0) {
                        reached.add("fifo");
                    }
                }
                case 22 -> {
                    long gfn = rnd.nextInt(3) == 0 ? rnd.nextLong() : 0x8000 + 16 * c + rnd.nextInt(4);
                    int rc = check(
                            "d" + c + " expand_array(" + gfn + ")",
                            () -> bed.expandArray(c, gfn),
                            Errno.EOPNOTSUPP.neg(),
                            Rc.ENOSPC,
                            Rc.EINVAL);
                    if (rc == 0) {
                        reached.add("fifo array");
                    }
                }
                case 23 -> {
                    int port = pickPort(c);
                    int prio = rnd.nextInt(3) == 0 ? rnd.nextInt() : rnd.nextInt(18);
                    check(
                            "d" + c + " set_priority(" + port + ", " + prio + ")",
                            () -> bed.setPriority(c, port, prio),
                            Rc.EINVAL,
                            Rc.ENOSYS,
                            Rc.EACCES);
                }
                case 24 -> {
                    int domid = rnd.nextInt(6) - 1;
                    int vcpu = pickVcpu();
                    int virq = pickVirq();
                    log("VIRQ " + virq + " for d" + domid + " vCPU " + vcpu);
                    bed.raiseVirq(domid, vcpu, virq);
                    int port = pickPort(c);
                    int rc = bed.poll(c, port);
                    log("poll d" + c + " port " + port + " -> " + rc);
                    if (rc != 0 && rc != 1 && rc != Rc.EINVAL) {
                        fail("poll returned " + rc);
                    }
                }
                case 25 -> guestWrites(c);
                case 26 -> {
                    int pcpu = rnd.nextInt(5) - 1;
                    log("drain pCPU " + pcpu);
                    bed.host.kicks.drain(pcpu);
                    FakeDomains.Dom d = bed.host.domains.get(c);
                    int v = rnd.nextInt(d.maxVcpus);
                    d.runningOn[v] = rnd.nextInt(5) - 1;
                    d.controllerPauseCount = rnd.nextInt(3) == 0 ? 1 : 0;
                }
                case 27 -> {
                    if (c == 0 || rnd.nextInt(8) != 0) {
                        return;
                    }
                    log("kill and destroy d" + c + ", then create it again");
                    bed.kill(c);
                    bed.destroy(c);
                    create(c);
                    reached.add("recreate");
                }
                case 28 -> {
                    long cmd = rnd.nextInt(3) == 0 ? rnd.nextLong() : 14 + rnd.nextInt(4);
                    int rc = bed.opAt(c, 0, cmd, EvtchnTestBed.ARG, new byte[24]);
                    log("d" + c + " cmd " + cmd + " -> " + rc);
                    if (rc > 0) {
                        fail("event_channel_op(" + cmd + ") returned " + rc);
                    }
                }
                default -> {
                    int cmd = rnd.nextInt(12);
                    byte[] union = new byte[24];
                    for (int i = 0; i < union.length; i++) {
                        union[i] = (byte) (rnd.nextInt(4) == 0 ? rnd.nextInt() : 0);
                    }
                    union[0] = (byte) rnd.nextInt(8);
                    int rc = bed.compat(c, cmd, union);
                    log("d" + c + " compat cmd " + cmd + " -> " + rc);
                }
            }
        }

        byte stateOf(int domid, int port) {
            EvtchnDomain d = bed.table(domid);
            return d.isValid(port) ? d.state(port) : -1;
        }

        int offeredTo(int rdom, int caller) {
            EvtchnDomain d = bed.table(rdom);
            List<Integer> offers = new ArrayList<>();
            for (int p = 1; p < d.validPorts(); p++) {
                if (d.state(p) == EvtchnDomain.ECS_UNBOUND && d.remoteDomid(p) == caller) {
                    offers.add(p);
                }
            }
            return offers.isEmpty() ? 0 : offers.get(rnd.nextInt(offers.size()));
        }

        void guestWrites(int domid) {
            int vcpu = rnd.nextInt(VCPUS[domid]);
            int port = rnd.nextInt(Math.min(bed.table(domid).validPorts(), 4096));
            switch (rnd.nextInt(4)) {
                case 0 -> {
                    log("d" + domid + " guest acks vCPU " + vcpu);
                    bed.guestAck(domid, vcpu);
                }
                case 1 -> {
                    log("d" + domid + " guest clears port " + port);
                    bed.guestClearPending(domid, port);
                }
                default -> {
                    boolean m = rnd.nextBoolean();
                    log("d" + domid + " guest " + (m ? "masks" : "unmasks") + " port " + port);
                    bed.guestMask(domid, port, m);
                }
            }
        }
    }
}
