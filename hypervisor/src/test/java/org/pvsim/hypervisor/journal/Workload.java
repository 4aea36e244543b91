package org.pvsim.hypervisor.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.pvsim.hypervisor.abi.Hypercall;

/**
 * A seeded sequence of inputs for {@link FakeHypervisor}: guest stores, hypercalls (some faulting, some domctl),
 * scheduling switches, and a guest fault at the end. Inputs are held as input records (a hypercall's result and
 * segments are left empty: the hypervisor produces them).
 */
final class Workload {
    static final long[] PAGES = {0xffff880000123000L, 0xffff880000124000L, 0xffff880000200000L};

    final List<JournalRecord> inputs = new ArrayList<>();

    /** {@code steps} inputs from {@code seed}. */
    static Workload generate(long seed, int steps) {
        Random rnd = new Random(seed);
        Workload w = new Workload();
        long time = 1000;
        for (int i = 0; i < steps; i++) {
            time += 1 + rnd.nextInt(5000);
            int dom = rnd.nextInt(3);
            int vcpu = rnd.nextInt(2);
            int pick = rnd.nextInt(10);
            if (pick < 4) {
                byte[] bytes = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(bytes);
                long va = PAGES[rnd.nextInt(PAGES.length)] + 8L * rnd.nextInt(16);
                w.inputs.add(new JournalRecord.GuestWrite(dom, vcpu, time, va, FakeHypervisor.maddrOf(va), bytes));
            } else if (pick < 9) {
                int op = switch (rnd.nextInt(3)) {
                    case 0 -> Hypercall.domctl.number;
                    case 1 -> Hypercall.grant_table_op.number;
                    default -> Hypercall.mmu_update.number;
                };
                long a1 = rnd.nextInt(8) == 0
                        ? FakeHypervisor.FAULTING_VA
                        : PAGES[rnd.nextInt(PAGES.length)] + 8L * rnd.nextInt(16);
                long a2 = PAGES[rnd.nextInt(PAGES.length)] + 0x800 + 8L * rnd.nextInt(16);
                w.inputs.add(new JournalRecord.Hypercall(
                        dom, vcpu, time, op, a1, a2, 1 + rnd.nextInt(2), rnd.nextLong(), 0x7ff0, 0, List.of()));
            } else {
                if (rnd.nextBoolean()) {
                    w.inputs.add(new JournalRecord.Schedule(rnd.nextInt(2), time, 0, 0, 0, 0, 0));
                } else {
                    w.inputs.add(new JournalRecord.TimerFired(time, 1 + rnd.nextInt(5), dom, vcpu, 0));
                }
            }
        }
        w.inputs.add(new JournalRecord.GuestFault(2, 0, time + 1, GuestFaultKind.PAGE_FAULT.code, 0xdead000L, 2));
        return w;
    }

    /** Boots a {@link FakeHypervisor} on {@code journal} and applies every input. */
    void drive(Journal journal, FakeHypervisor.Mutation mutation, int at) {
        FakeHypervisor h = FakeHypervisor.boot(FakeHypervisor.PARAMS, journal, mutation, at);
        for (JournalRecord r : inputs) {
            apply(h, r);
        }
    }

    /** Records this workload, without mutation, into a new journal in {@code dir}; returns its digest. */
    String record(Path dir) throws IOException {
        try (ChronicleJournal j = ChronicleJournal.create(dir)) {
            drive(j, FakeHypervisor.Mutation.NONE, -1);
            j.close();
            return j.sha256Hex();
        }
    }

    static void apply(ReplayTarget t, JournalRecord r) {
        if (r instanceof JournalRecord.Hypercall h) {
            t.hypercall(h.domid(), h.vcpu(), h.time(), h.op(), h.a1(), h.a2(), h.a3(), h.a4(), h.a5());
        } else if (r instanceof JournalRecord.GuestWrite g) {
            t.guestWrite(g.domid(), g.vcpu(), g.time(), g.va(), g.bytes(), 0, g.bytes().length);
        } else if (r instanceof JournalRecord.GuestFault f) {
            t.guestFault(f.domid(), f.vcpu(), f.time(), f.faultKind(), f.va(), f.errorCode());
        } else if (r instanceof JournalRecord.Schedule s) {
            t.schedule(s.pcpu(), s.time());
        } else if (r instanceof JournalRecord.TimerFired f) {
            t.timer(f.time(), f.timerClass(), f.domid(), f.vcpu(), f.index());
        } else {
            throw new IllegalArgumentException(r.kind() + " is not an input");
        }
    }
}
