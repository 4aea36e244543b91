package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.Hypercall;

class JournalOrderingTest {

    private static MemoryJournal booted() {
        MemoryJournal j = new MemoryJournal();
        j.boot(FakeHypervisor.PARAMS);
        return j;
    }

    @Test
    void lifecycleEmittedInsideAHypercallLandsAfterItsRecord() throws Exception {
        MemoryJournal j = booted();
        j.hypercallBegin(0, 0, 100, Hypercall.domctl.number, 1, 2, 3, 4, 5);
        j.lifecycle(110, LifecycleEvent.DOMAIN_PAUSED, 3, 1);
        j.hypercallRead(0x1000, new byte[4], 0, 4, false);
        j.lifecycle(120, LifecycleEvent.DOMAIN_SHUTDOWN, 3, 0);
        assertThat(j.records())
                .as("nothing is written before the hypercall ends")
                .isEqualTo(1);
        j.hypercallEnd(0);

        assertThat(j.decoded())
                .extracting(JournalRecord::kind)
                .containsExactly(RecordKind.BOOT, RecordKind.HYPERCALL, RecordKind.LIFECYCLE, RecordKind.LIFECYCLE);
        assertThat(j.decoded().subList(2, 4))
                .containsExactly(
                        new JournalRecord.Lifecycle(110, LifecycleEvent.DOMAIN_PAUSED, 3, 1, true),
                        new JournalRecord.Lifecycle(120, LifecycleEvent.DOMAIN_SHUTDOWN, 3, 0, true));
    }

    @Test
    void lifecycleEmittedOutsideAnInputIsWrittenAtOnce() throws Exception {
        MemoryJournal j = booted();
        j.lifecycle(5, LifecycleEvent.DOMAIN_CREATED, 1, 1);
        assertThat(j.records()).isEqualTo(2);
        assertThat(j.decoded().get(1))
                .isEqualTo(new JournalRecord.Lifecycle(5, LifecycleEvent.DOMAIN_CREATED, 1, 1, false));
    }

    @Test
    void lifecycleAfterAGuestFaultFollowsIt() throws Exception {
        MemoryJournal j = booted();
        j.guestFault(1, 0, 50, GuestFaultKind.KERNEL_PANIC.code, 0, 0);
        j.lifecycle(50, LifecycleEvent.DOMAIN_SHUTDOWN, 1, 3);
        assertThat(j.decoded())
                .extracting(JournalRecord::kind)
                .containsExactly(RecordKind.BOOT, RecordKind.GUEST_FAULT, RecordKind.LIFECYCLE);
    }

    @Test
    void deferredOutputsOfOneHypercallDoNotLeakIntoTheNext() throws Exception {
        MemoryJournal j = booted();
        j.hypercallBegin(0, 0, 100, Hypercall.domctl.number, 0, 0, 0, 0, 0);
        j.lifecycle(100, LifecycleEvent.DOMAIN_PAUSED, 1, 1);
        j.hypercallEnd(0);
        j.hypercallBegin(0, 0, 200, Hypercall.xen_version.number, 0, 0, 0, 0, 0);
        j.hypercallEnd(0);
        assertThat(j.decoded())
                .extracting(JournalRecord::kind)
                .containsExactly(RecordKind.BOOT, RecordKind.HYPERCALL, RecordKind.LIFECYCLE, RecordKind.HYPERCALL);
    }

    @Test
    void callsThatBreakTheOrderingRulesAreRefused() {
        MemoryJournal fresh = new MemoryJournal();
        assertThatThrownBy(() -> fresh.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("before boot");

        MemoryJournal j = booted();
        assertThatThrownBy(() -> j.boot(FakeHypervisor.PARAMS)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> j.hypercallRead(0, new byte[1], 0, 1, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside a hypercall");
        assertThatThrownBy(() -> j.hypercallEnd(0)).isInstanceOf(IllegalStateException.class);

        j.hypercallBegin(0, 0, 1, 1, 0, 0, 0, 0, 0);
        assertThatThrownBy(() -> j.hypercallBegin(0, 0, 1, 1, 0, 0, 0, 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("do not nest");
        assertThatThrownBy(() -> j.scheduleBegin(0, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("scheduleBegin");
        assertThatThrownBy(() -> j.timerBegin(1, 1, 0, 0, 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("timerBegin");
        assertThatThrownBy(() -> j.guestWrite(0, 0, 1, 0, 0, new byte[1], 0, 1))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> j.guestFault(0, 0, 1, 1, 0, 0)).isInstanceOf(IllegalStateException.class);
        j.hypercallEnd(0);
        assertThat(j.records()).isEqualTo(2);
    }

    @Test
    void recordingAllocatesNothingPerRecordOnceWarm() {
        ThreadMXBean threads = allocationCounter();
        long[] sink = new long[1];
        EncodingJournal j = new EncodingJournal(JournalFormat.FORMAT_VERSION) {
            @Override
            void emit(byte[] bytes, int offset, int length) {
                sink[0] += length;
            }
        };
        j.boot(FakeHypervisor.PARAMS);
        byte[] page = new byte[4096];
        int rounds = 20_000;
        drive(j, page, rounds); // warm up: buffers reach their largest size, code is compiled
        long before = threads.getCurrentThreadAllocatedBytes();
        long records = j.records();
        drive(j, page, rounds);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        records = j.records() - records;

        assertThat(allocated)
                .as("bytes allocated while encoding %d records", records)
                .isLessThan(records / 10);
    }

    @Test
    void recordingToChronicleAllocatesNothingPerRecordOnceWarm(@TempDir Path tmp) throws Exception {
        ThreadMXBean threads = allocationCounter();
        byte[] page = new byte[4096];
        int rounds = 20_000;
        try (ChronicleJournal j = ChronicleJournal.create(tmp.resolve("j"))) {
            j.boot(FakeHypervisor.PARAMS);
            drive(j, page, rounds);
            long before = threads.getCurrentThreadAllocatedBytes();
            long records = j.records();
            drive(j, page, rounds);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            records = j.records() - records;

            assertThat(allocated)
                    .as("bytes allocated while appending %d records to Chronicle", records)
                    .isLessThan(records / 4);
        }
    }

    /** HotSpot's per-thread allocation counter; the test is skipped on a JVM without one. */
    private static ThreadMXBean allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(
                bean instanceof ThreadMXBean t && t.isThreadAllocatedMemorySupported(),
                "this JVM cannot measure a thread's allocation");
        return (ThreadMXBean) bean;
    }

    private static void drive(EncodingJournal j, byte[] page, int rounds) {
        for (int i = 0; i < rounds; i++) {
            long t = i * 1000L;
            j.hypercallBegin(1, 0, t, Hypercall.mmu_update.number, 0x1000, 1, 0, 0x7ff0, 0);
            j.hypercallRead(0x1000, page, 0, 16 + (i & 255), false);
            j.lifecycle(t, LifecycleEvent.DOMAIN_PAUSED, 1, i);
            j.hypercallWrote(0x2000, page, 0, 8, false);
            j.hypercallEnd(i);
            j.guestWrite(1, 0, t, 0x3000, 0x13000, page, 0, 64);
            j.scheduleBegin(0, t);
            j.trace(t, 0x21001, 1, 0, 1, 0);
            j.scheduleEnd(-1, -1, 1, 0, 10_000_000);
            j.timerBegin(t, 1, 1, 0, 0);
            j.trace(t, 0x28004, 1, 0, 0, 0);
            j.timerEnd();
            j.lifecycle(t, LifecycleEvent.VIRQ_RAISED, 1, 3);
            j.guestFault(1, 0, t, GuestFaultKind.PAGE_FAULT.code, 0x4000, 2);
        }
    }
}
