package org.pvsim.hypervisor.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.HostSnapshot;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.sched.ScheduleDecision;

/**
 * A small booted host for tests: dom0 built at boot, domUs built on demand by the hypervisor-side builder, and an
 * auditor. Tests act as the guests' vCPUs through {@link TestGuest}; no guest kernel code runs.
 */
public final class TestHost {
    /** Default host: 2 pCPUs, 16 MiB of RAM, a 4 MiB dom0. */
    public static final int DEFAULT_FRAMES = 4096;

    public static final int DEFAULT_DOM0_PAGES = 1024;
    public static final int DEFAULT_DOMU_PAGES = 512;

    public final Hypervisor hv;
    public final Auditor auditor;
    private final List<Violation> violationsAfterCalls = new ArrayList<>();
    private String firstViolationCall;

    private TestHost(Hypervisor hv) {
        this.hv = hv;
        this.auditor = new Auditor(hv);
    }

    /** A default host with no journal. */
    public static TestHost boot() {
        return boot(2, DEFAULT_FRAMES, DEFAULT_DOM0_PAGES, Journal.OFF);
    }

    /** A host of the given shape, reporting to {@code journal}. */
    public static TestHost boot(int pcpus, int frames, int dom0Pages, Journal journal) {
        return boot("rr", pcpus, frames, dom0Pages, journal);
    }

    /** A default-shaped host (no journal) running the scheduling policy {@code scheduler} ({@code sched=}). */
    public static TestHost boot(String scheduler) {
        return boot(scheduler, 2, DEFAULT_FRAMES, DEFAULT_DOM0_PAGES, Journal.OFF);
    }

    /** A host of the given shape running {@code scheduler}, reporting to {@code journal}. */
    public static TestHost boot(String scheduler, int pcpus, int frames, int dom0Pages, Journal journal) {
        BootParameters params =
                new BootParameters("test", "test", 1, pcpus, frames, scheduler, dom0Pages, 1, "pvsim-pv", "");
        return new TestHost(HostBoot.boot(params, journal));
    }

    /**
     * Runs the scheduler on {@code pcpu} (at the current time) until it puts {@code v} there, as the policy would.
     *
     * @throws AssertionError if it does not within 64 decisions
     */
    public void runOn(int pcpu, Vcpu v) {
        ScheduleDecision d = new ScheduleDecision();
        for (int i = 0; i < 64; i++) {
            hv.schedule(pcpu, hv.now(), d);
            if (hv.sched().current(pcpu) == v) {
                return;
            }
        }
        throw new AssertionError(hv.sched().policy().name() + " did not put " + v + " on pCPU " + pcpu);
    }

    /** dom0, as a test guest acting on vCPU 0. */
    public TestGuest dom0() {
        return new TestGuest(this, hv.domains().get(0));
    }

    /** Builds domU {@code domid} of {@code pages} pages and 1 vCPU (running), as a test guest. */
    public TestGuest domU(int domid, int pages) {
        return domU(domid, pages, 1);
    }

    /** Builds domU {@code domid} with {@code vcpus} vCPUs. */
    public TestGuest domU(int domid, int pages, int vcpus) {
        return new TestGuest(this, PvDomainBuilder.build(hv, domid, false, pages, vcpus, "pvsim-pv", ""));
    }

    /**
     * Makes {@code call} and fails the test if it changed anything a hypercall may change (INVARIANTS.md I15: a call
     * that fails leaves no partial effect). Type and validation state of frames with no type reference before or
     * after is not compared: Xen, too, may leave a frame's idle type changed by a failed validation.
     *
     * @return the call's result
     */
    public long assertNoEffect(LongSupplier call) {
        HostSnapshot before = HostSnapshot.of(hv);
        long rc = call.getAsLong();
        String diff = before.firstVisibleDifference(HostSnapshot.of(hv));
        if (diff != null) {
            throw new AssertionError("the call returned " + Errno.describe(rc) + " but changed the host: " + diff);
        }
        return rc;
    }

    /** The number of frames in the machine's free pool. */
    public int freeFrames() {
        return hv.machine().allocator().freeCount();
    }

    /** Fails the test with every violation found, if the auditor finds any now. */
    public void assertAudit() {
        List<Violation> v = auditor.audit();
        if (!v.isEmpty()) {
            throw new AssertionError("invariants violated:\n  "
                    + String.join("\n  ", v.stream().map(Violation::toString).toList()));
        }
    }

    /** Audits after every hypercall from now on; {@link #assertNoViolationsAfterCalls()} reports the first failure. */
    public void auditAfterEveryHypercall() {
        hv.setHypercallObserver((v, op, result) -> {
            if (firstViolationCall != null) {
                return;
            }
            List<Violation> found = auditor.audit();
            if (!found.isEmpty()) {
                firstViolationCall = v + " hypercall " + org.pvsim.hypervisor.abi.Hypercall.nameOf(op) + " -> "
                        + org.pvsim.hypervisor.abi.Errno.describe(result);
                violationsAfterCalls.addAll(found);
            }
        });
    }

    /** Fails if an audit after some hypercall found a violation. */
    public void assertNoViolationsAfterCalls() {
        if (firstViolationCall != null) {
            throw new AssertionError("after " + firstViolationCall + ":\n  "
                    + String.join(
                            "\n  ",
                            violationsAfterCalls.stream()
                                    .map(Violation::toString)
                                    .toList()));
        }
    }
}
