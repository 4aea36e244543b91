package org.pvsim.hypervisor.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;

@Timeout(60)
class JournalPrinterTest {
    @TempDir
    Path tmp;

    @Test
    void printsOneReadableLinePerRecord() throws Exception {
        Path dir = tmp.resolve("j");
        try (ChronicleJournal j = ChronicleJournal.create(dir)) {
            j.boot(FakeHypervisor.PARAMS);
            j.lifecycle(0, LifecycleEvent.DOMAIN_CREATED, 0, 2);
            j.scheduleBegin(0, 500);
            j.scheduleEnd(-1, -1, 0, 0, -1);
            j.guestWrite(0, 0, 1000, 0xffff880000123000L, 0x123000L, new byte[] {1, 2, 3, (byte) 0xff}, 0, 4);
            j.hypercallBegin(0, 0, 2000, Hypercall.domctl.number, 0xffff880000123000L, 0xffff880000124000L, 1, 0, -1);
            j.hypercallRead(0xffff880000123000L, new byte[16], 0, 16, false);
            j.lifecycle(2000, LifecycleEvent.DOMAIN_PAUSED, 1, 1);
            j.hypercallWrote(0xffff880000124000L, new byte[8], 0, 8, false);
            j.hypercallRead(0, null, 0, 8, true);
            j.hypercallEnd(Errno.EFAULT.neg());
            j.lifecycle(2500, LifecycleEvent.VCPU_UP_DOWN, 1, 0x10001);
            j.hypercallBegin(1, 0, 2800, Hypercall.grant_table_op.number, 0, 0xffff880000200000L, 1, 0, 0);
            j.hypercallRead(0xffff880000200000L, new byte[24], 0, 24, false);
            j.gnttab(2800, 0, 1, 2, 8, -3, 0);
            j.hypercallWrote(0xffff880000200000L + 16, new byte[4], 0, 4, false);
            j.hypercallEnd(0);
            j.guestFault(1, 0, 3000, GuestFaultKind.PAGE_FAULT.code, 0xdead000L, 2);
        }
        StringBuilder out = new StringBuilder();
        long n = JournalPrinter.print(dir, out);
        System.out.print(out); // the dump example in docs/journal.md comes from this output
        List<String> lines = out.toString().lines().toList();

        assertThat(n).isEqualTo(11);
        assertThat(lines).hasSize(11);
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).as("line %d starts with its index", i).matches(" *" + i + " .*");
        }
        assertThat(lines.get(0))
                .contains("BOOT")
                .contains("pvsim 0.1.0-test, scenario \"journal-test\", seed 42, 2 pcpus, 65536 frames, sched credit")
                .contains("format v" + JournalFormat.FORMAT_VERSION);
        assertThat(lines.get(1)).contains("LIFECYCLE").contains(" d0 ").endsWith("DOMAIN_CREATED arg 2");
        assertThat(lines.get(2)).contains("SCHEDULE").contains(" p0 ").endsWith("idle -> d0v0, no timeslice");
        assertThat(lines.get(3))
                .contains("1000 GUEST_WRITE")
                .endsWith("d0v0       va 0xffff880000123000 maddr 0x123000 4 bytes: 01 02 03 ff");
        assertThat(lines.get(4))
                .contains("2000 HYPERCALL")
                .endsWith("d0v0       domctl(0xffff880000123000, 0xffff880000124000, 0x1, 0x0, 0xffffffffffffffff)"
                        + " = -EFAULT; read 0xffff880000123000+16, wrote 0xffff880000124000+8, read 0x0+8 faulted");
        assertThat(lines.get(5)).endsWith("DOMAIN_PAUSED arg 1 (deferred)");
        assertThat(lines.get(6)).endsWith("VCPU_UP_DOWN vcpu 1 up");
        assertThat(lines.get(7)).contains("2800 HYPERCALL").contains("grant_table_op(0x0, ");
        assertThat(lines.get(8))
                .contains("2800 GNTTAB")
                .endsWith("d1         GNTTABOP_map_grant_ref remote d2 ref 8 GNTST_bad_gntref handle 0 (deferred)");
        assertThat(lines.get(9)).endsWith("PAGE_FAULT va 0xdead000 error 0x2");
        assertThat(lines.get(10)).contains("END").endsWith("end of journal after 10 records");
    }

    @Test
    void printsTheLinesBeforeDamageThenReportsIt() throws Exception {
        Path dir = tmp.resolve("j");
        MemoryJournal m = new MemoryJournal();
        Workload.generate(1, 5).drive(m, FakeHypervisor.Mutation.NONE, -1);
        RawQueue.append(dir, m.records);
        StringBuilder out = new StringBuilder();
        assertThatThrownBy(() -> JournalPrinter.print(dir, out))
                .isInstanceOf(JournalFormatException.class)
                .hasMessageContaining("it is truncated");
        assertThat(out.toString().lines()).hasSize(m.records.size());
    }
}
