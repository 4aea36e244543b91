package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.journal.FakeHypervisor.Mutation;

@Timeout(60)
class ReplayerTest {
    @TempDir
    Path tmp;

    private Path dir;
    private List<JournalRecord> recorded;

    @BeforeEach
    void record() throws Exception {
        dir = tmp.resolve("journal");
        Workload.generate(2026, 300).record(dir);
        recorded = JournalReader.readAll(dir);
    }

    private ReplayResult replay(Mutation mutation, int at) {
        ReplayResult r = Replayer.replay(dir, FakeHypervisor.factory(mutation, at));
        System.out.println(mutation + " at " + at + ": " + r.summary()); // kept in the surefire report
        return r;
    }

    /** The index of the n-th (from 0) recorded hypercall record that matches. */
    private int hypercallIndex(int n, java.util.function.Predicate<JournalRecord.Hypercall> which) {
        int seen = 0;
        for (int i = 0; i < recorded.size(); i++) {
            if (recorded.get(i) instanceof JournalRecord.Hypercall h && which.test(h) && seen++ == n) {
                return i;
            }
        }
        throw new IllegalStateException("the workload has fewer than " + (n + 1) + " such hypercalls");
    }

    /** How many hypercalls precede record {@code index}: the fake hypervisor counts its hypercalls so. */
    private int hypercallNumber(int index) {
        return (int) recorded.subList(0, index).stream()
                .filter(r -> r instanceof JournalRecord.Hypercall)
                .count();
    }

    private JournalRecord.Hypercall hypercallAt(int index) {
        return (JournalRecord.Hypercall) recorded.get(index);
    }

    @Test
    void anExactReproductionReplaysEveryRecord() {
        ReplayResult r = replay(Mutation.NONE, -1);

        assertThat(r).isEqualTo(new ReplayResult.Replayed(recorded.size() - 1));
        assertThat(r.exitCode()).isZero();
        assertThat(r.summary()).isEqualTo((recorded.size() - 1) + " records replayed, 0 divergences");
    }

    @Test
    void aDifferentResultIsTheFirstDivergence() {
        int index = hypercallIndex(40, h -> h.a1() != FakeHypervisor.FAULTING_VA);
        JournalRecord.Hypercall h = hypercallAt(index);
        long actual = h.result() == 0 ? Errno.EPERM.neg() : 0;

        ReplayResult r = replay(Mutation.DIFFERENT_RESULT, hypercallNumber(index));

        assertThat(r).isInstanceOf(ReplayResult.Diverged.class);
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.recordsReplayed()).isEqualTo(index);
        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        assertThat(d.kind()).isEqualTo(RecordKind.HYPERCALL);
        assertThat(d.domid()).isEqualTo(h.domid());
        assertThat(d.vcpu()).isEqualTo(h.vcpu());
        assertThat(d.hypercall()).isEqualTo(Hypercall.nameOf(h.op()));
        assertThat(d.differences())
                .contains("result: expected " + Errno.describe(h.result()) + ", actual " + Errno.describe(actual));
        assertThat(d.context())
                .isEqualTo("record " + index + " (HYPERCALL d" + h.domid() + "v" + h.vcpu() + " "
                        + Hypercall.nameOf(h.op()) + ")");
    }

    @Test
    void differentBytesReadAreReportedWithTheirAddressAndOffset() {
        int index = hypercallIndex(25, h -> h.a1() != FakeHypervisor.FAULTING_VA);
        JournalRecord.Hypercall h = hypercallAt(index);
        JournalRecord.Segment read = h.segments().get(0);

        ReplayResult r = replay(Mutation.DIFFERENT_READ, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        assertThat(d.differences())
                .contains(String.format(
                        "read at 0x%x: 1 byte differs, the first at offset 4 (expected 0x%02x, actual 0x%02x)",
                        read.va(), read.bytes()[4] & 0xFF, (read.bytes()[4] ^ 0x5A) & 0xFF));
    }

    @Test
    void anExtraLifecycleRecordIsADivergenceWhereItAppears() {
        int index = hypercallIndex(10, h -> true);
        int after = index + 1;
        while (recorded.get(after) instanceof JournalRecord.Lifecycle l && l.consequence()
                || recorded.get(after) instanceof JournalRecord.Gnttab g && g.consequence()) {
            after++; // the hypercall's own deferred outputs
        }

        ReplayResult r = replay(Mutation.EXTRA_LIFECYCLE, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(after);
        assertThat(d.kind()).isEqualTo(recorded.get(after).kind());
        assertThat(d.differences())
                .singleElement()
                .asString()
                .startsWith("expected " + JournalPrinter.describe(recorded.get(after)))
                .endsWith("actual LIFECYCLE d" + hypercallAt(index).domid() + " VIRQ_RAISED arg 3");
        assertThat(r.recordsReplayed()).isEqualTo(after);
    }

    @Test
    void aDifferentGrantStatusIsADivergenceAtTheGnttabRecord() {
        int index = hypercallIndex(2, h -> h.op() == Hypercall.grant_table_op.number);
        JournalRecord.Gnttab g = (JournalRecord.Gnttab) recorded.get(index + 1);
        assertThat(g.consequence()).isTrue();

        ReplayResult r = replay(Mutation.DIFFERENT_GNTTAB_STATUS, hypercallNumber(index));

        assertThat(r.exitCode()).isEqualTo(1);
        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index + 1);
        assertThat(d.kind()).isEqualTo(RecordKind.GNTTAB);
        assertThat(d.domid()).isEqualTo(g.domid());
        String expected = g.status() == 0 ? "GNTST_okay" : "GNTST_bad_gntref";
        String actual = g.status() == 0 ? "GNTST_bad_gntref" : "GNTST_okay";
        assertThat(d.differences()).containsExactly("status: expected " + expected + ", actual " + actual);
        assertThat(d.context())
                .isEqualTo("record " + (index + 1) + " (GNTTAB d" + g.domid() + " "
                        + (g.op() == 1 ? "GNTTABOP_unmap_grant_ref" : "GNTTABOP_setup_table") + ")");
    }

    @Test
    void anOmittedLifecycleRecordIsADivergenceAtThatRecord() {
        int index = hypercallIndex(3, h -> h.op() == Hypercall.domctl.number);
        JournalRecord.Lifecycle omitted = (JournalRecord.Lifecycle) recorded.get(index + 1);

        ReplayResult r = replay(Mutation.OMIT_LIFECYCLE, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index + 1);
        assertThat(d.kind()).isEqualTo(RecordKind.LIFECYCLE);
        assertThat(d.domid()).isEqualTo(omitted.domid());
        assertThat(d.describe()).contains("DOMAIN_PAUSED");
    }

    @Test
    void anExceptionInTheTargetIsADivergenceAtTheRecordBeingApplied() {
        int index = hypercallIndex(7, h -> true);

        ReplayResult r = replay(Mutation.THROW, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        assertThat(d.differences())
                .singleElement()
                .asString()
                .startsWith("the replayed hypervisor threw IllegalStateException: boom in hypercall "
                        + hypercallNumber(index));
        assertThat(r.recordsReplayed()).isEqualTo(index);
    }

    @Test
    void anInputTheTargetDoesNotReportIsADivergence() {
        int index = hypercallIndex(12, h -> true);

        ReplayResult r = replay(Mutation.SKIP_REPORT, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        assertThat(d.differences()).containsExactly("the replayed hypervisor did not report this input to its journal");
    }

    @Test
    void aResultReturnedOtherThanTheOneJournalledIsADivergence() {
        int index = hypercallIndex(5, h -> true);
        long result = hypercallAt(index).result();

        ReplayResult r = replay(Mutation.RETURN_OTHER_THAN_JOURNALLED, hypercallNumber(index));

        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        assertThat(d.differences())
                .singleElement()
                .asString()
                .startsWith("result returned to the guest: expected " + Errno.describe(result) + ", actual "
                        + Errno.describe(result + 1));
        assertThat(r.recordsReplayed()).isEqualTo(index);
    }

    @Test
    void aTargetThatDoesNotReportBootDivergesAtRecordZero() {
        ReplayResult r = Replayer.replay(dir, (params, journal) -> new FakeHypervisorWithoutJournal());
        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isZero();
        assertThat(d.kind()).isEqualTo(RecordKind.BOOT);
        assertThat(d.differences()).containsExactly("the replayed hypervisor did not report this boot to its journal");
    }

    @Test
    void aTargetBootedWithOtherParametersDivergesAtBootFieldByField() {
        BootParameters p = FakeHypervisor.PARAMS;
        BootParameters other = new BootParameters(
                p.pvsimVersion(),
                p.scenario(),
                p.seed() + 1,
                p.nrPcpus(),
                p.ramFrames(),
                "credit2",
                p.dom0Pages(),
                p.dom0Vcpus(),
                p.dom0Kernel(),
                p.dom0Cmdline());
        ReplayResult r =
                Replayer.replay(dir, (params, journal) -> FakeHypervisor.boot(other, journal, Mutation.NONE, -1));
        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isZero();
        assertThat(d.differences())
                .containsExactly(
                        "seed: expected " + p.seed() + ", actual " + (p.seed() + 1),
                        "scheduler: expected \"credit\", actual \"credit2\"");
    }

    @Test
    void aMissingJournalIsUnreadableWithExitCode2() {
        ReplayResult r = Replayer.replay(tmp.resolve("nowhere"), FakeHypervisor.factory(Mutation.NONE, -1));
        assertThat(r).isInstanceOf(ReplayResult.Unreadable.class);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.summary()).contains("does not exist");
    }

    @Test
    void damageFoundDuringReplayIsUnreadableAtThatRecordAfterTheRecordsBeforeIt() throws Exception {
        int victim = hypercallIndex(30, h -> true);
        byte[] target = ChronicleJournalTest.rawRecords(dir).get(victim);
        long at = RawQueue.find(RawQueue.cycleFile(dir), target);
        try (RandomAccessFile f = new RandomAccessFile(RawQueue.cycleFile(dir).toFile(), "rw")) {
            f.seek(at + 30); // inside a1
            f.write(0x99);
        }

        ReplayResult r = replay(Mutation.NONE, -1);

        assertThat(r).isInstanceOf(ReplayResult.Unreadable.class);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(((ReplayResult.Unreadable) r).recordIndex()).isEqualTo(victim);
        assertThat(r.summary()).isEqualTo("journal " + dir + ": record " + victim + " is corrupt (CRC mismatch)");
        assertThat(r.recordsReplayed()).isEqualTo(victim);
    }

    @Test
    void aTruncatedJournalReplaysUpToTheCutThenIsUnreadable() throws Exception {
        Path cut = tmp.resolve("cut");
        MemoryJournal m = new MemoryJournal();
        Workload.generate(2026, 300).drive(m, Mutation.NONE, -1);
        RawQueue.append(cut, m.records.subList(0, 100));

        ReplayResult r = Replayer.replay(cut, FakeHypervisor.factory(Mutation.NONE, -1));

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.summary()).contains("ends after record 99 without an end record: it is truncated");
        assertThat(r.recordsReplayed()).isEqualTo(100);
    }

    @Test
    void aDifferentGuestStoreIsReportedByteByByte() throws Exception {
        int index = 0;
        while (!(recorded.get(index) instanceof JournalRecord.GuestWrite)) {
            index++;
        }
        JournalRecord.GuestWrite g = (JournalRecord.GuestWrite) recorded.get(index);
        int target = index;
        ReplayResult r = Replayer.replay(dir, (params, journal) -> {
            FakeHypervisor h = FakeHypervisor.boot(params, journal, Mutation.NONE, -1);
            return new ReplayTarget() {
                private int inputs;

                @Override
                public long hypercall(int d, int v, long t, int op, long a1, long a2, long a3, long a4, long a5) {
                    inputs++;
                    return h.hypercall(d, v, t, op, a1, a2, a3, a4, a5);
                }

                @Override
                public void guestWrite(int d, int v, long t, long va, byte[] src, int off, int len) {
                    byte[] copy = java.util.Arrays.copyOfRange(src, off, off + len);
                    if (inputs++ == countInputsBefore(target)) {
                        copy[len - 1] ^= 1;
                    }
                    h.guestWrite(d, v, t, va, copy, 0, len);
                }

                @Override
                public void guestFault(int d, int v, long t, int kind, long va, int errorCode) {
                    inputs++;
                    h.guestFault(d, v, t, kind, va, errorCode);
                }

                @Override
                public void schedule(int pcpu, long t) {
                    inputs++;
                    h.schedule(pcpu, t);
                }

                @Override
                public void timer(long t, int timerClass, int d, int v, int index) {
                    inputs++;
                    h.timer(t, timerClass, d, v, index);
                }

                @Override
                public void portIo(int d, int v, long t, int port, int size, boolean write, int value) {
                    inputs++;
                    h.portIo(d, v, t, port, size, write, value);
                }

                @Override
                public void upcall(int d, int v, long t, long rip) {
                    inputs++;
                    h.upcall(d, v, t, rip);
                }
            };
        });
        Divergence d = ((ReplayResult.Diverged) r).divergence();
        assertThat(d.index()).isEqualTo(index);
        int last = g.bytes().length - 1;
        assertThat(d.differences())
                .containsExactly(String.format(
                        "write at 0x%x: 1 byte differs, the first at offset %d (expected 0x%02x, actual 0x%02x)",
                        g.va(), last, g.bytes()[last] & 0xFF, (g.bytes()[last] ^ 1) & 0xFF));
    }

    private int countInputsBefore(int index) {
        return (int) recorded.subList(0, index).stream()
                .filter(r -> r.kind().isInput())
                .count();
    }

    /** A target that applies nothing and reports nothing. */
    private static final class FakeHypervisorWithoutJournal implements ReplayTarget {
        @Override
        public long hypercall(int domid, int vcpu, long time, int op, long a1, long a2, long a3, long a4, long a5) {
            return 0;
        }

        @Override
        public void guestWrite(int domid, int vcpu, long time, long va, byte[] src, int off, int len) {}

        @Override
        public void guestFault(int domid, int vcpu, long time, int kind, long va, int errorCode) {}

        @Override
        public void schedule(int pcpu, long time) {}

        @Override
        public void timer(long time, int timerClass, int domid, int vcpu, int index) {}

        @Override
        public void portIo(int domid, int vcpu, long time, int port, int size, boolean write, int value) {}

        @Override
        public void upcall(int domid, int vcpu, long time, long rip) {}
    }
}
