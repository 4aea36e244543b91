package org.pvsim.hypervisor.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.CallbackOp;
import org.pvsim.hypervisor.abi.CallbackRegisterDescriptor;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.GuestKernel;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.StartInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.UvmFlags;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.X86Paging;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.JournalReader;
import org.pvsim.hypervisor.journal.JournalRecord;
import org.pvsim.hypervisor.journal.ReplayResult;
import org.pvsim.hypervisor.journal.Replayer;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.Subsystem;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * Upcall delivery by the execution engine ({@code test_guest_events}): an upcall is delivered only while {@code
 * evtchn_upcall_pending} is set and {@code evtchn_upcall_mask} clear, enters the registered event callback with the
 * mask set, wakes a blocked vCPU, interrupts a running one, and replays. A "doorbell" subsystem stands in for event
 * channels: its hypercall marks events pending for a vCPU as {@code vcpu_mark_events_pending} does.
 */
class UpcallDeliveryTest {
    private static final long ENTRY = StartOfDayLayout.VIRT_BASE + 0x40;
    private static final long MS = 1_000_000L;

    /** {@code event_channel_op(domid, vcpu)}: sets the vCPU's upcall_pending and kicks it. */
    static final class Doorbell implements Subsystem {
        @Override
        public String name() {
            return "doorbell";
        }

        @Override
        public void install(SubsystemHost host) {
            host.registerHypercall(Hypercall.event_channel_op.number, (ctx, domid, vcpu, a3, a4, a5) -> {
                long si = host.domains().sharedInfoMfn((int) domid);
                if (si < 0 || !host.domains().vcpuExists((int) domid, (int) vcpu)) {
                    return -22;
                }
                int off = SharedInfoDescriptor.vcpuInfoOffset((int) vcpu);
                if (host.memory().read8(si, off + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET) != 0) {
                    return 0;
                }
                host.memory().write8(si, off + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 1);
                host.journal().evtchn(EvtchnEvent.UPCALL_PENDING, (int) domid, (int) vcpu, -1, 0);
                host.vcpus().unblock((int) domid, (int) vcpu, ctx.now());
                host.vcpus().interruptPcpu(host.domains().runningOn((int) domid, (int) vcpu));
                return 0;
            });
        }
    }

    /** Maps its shared-info page, registers a callback (unless told not to), enables events, and blocks. */
    static final class Receiver implements GuestKernel {
        final boolean registersCallback;
        final List<Long> upcallTimes = new ArrayList<>();
        final List<Integer> maskOnEntry = new ArrayList<>();
        long vinfo;
        boolean booted;

        Receiver(boolean registersCallback) {
            this.registersCallback = registersCallback;
        }

        @Override
        public void step(GuestCpu cpu) {
            if (!booted) {
                booted = true;
                long si = cpu.read64(cpu.bootRsi() + StartInfoDescriptor.SHARED_INFO_OFFSET) >>> X86Paging.PAGE_SHIFT;
                long va = StartOfDayLayout.va(StartOfDayLayout.plan(1024, true).firstFreePfn());
                long pte = (si << X86Paging.PAGE_SHIFT) | StartOfDayLayout.L1_PROT;
                assertThat(cpu.hypercall(Hypercall.update_va_mapping.number, va, pte, UvmFlags.UVMF_INVLPG, 0, 0))
                        .isZero();
                vinfo = va + SharedInfoDescriptor.vcpuInfoOffset(0);
                if (registersCallback) {
                    long arg = va + 4000;
                    cpu.write(arg, new byte[CallbackRegisterDescriptor.SIZE], 0, CallbackRegisterDescriptor.SIZE);
                    cpu.write16(arg + CallbackRegisterDescriptor.TYPE_OFFSET, CallbackType.CALLBACKTYPE_event.code);
                    cpu.write64(arg + CallbackRegisterDescriptor.ADDRESS_OFFSET, ENTRY);
                    assertThat(cpu.hypercall(
                                    Hypercall.callback_op.number, CallbackOp.CALLBACKOP_register.code, arg, 0, 0, 0))
                            .isZero();
                }
            }
            // SCHEDOP_block enables events (clears the mask) and sleeps until one comes
            cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
        }

        @Override
        public void eventCallback(GuestCpu cpu, long rip) {
            assertThat(rip).isEqualTo(ENTRY);
            maskOnEntry.add(cpu.read8(vinfo + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET));
            upcallTimes.add(cpu.rdtsc());
            cpu.write8(vinfo + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET, 0);
            cpu.compute(10_000);
            cpu.write8(vinfo + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
        }
    }

    /** Rings d1's doorbell every 2 ms of computing, {@code rings} times, then blocks. */
    static final class Ringer implements GuestKernel {
        final int rings;
        int done;

        Ringer(int rings) {
            this.rings = rings;
        }

        @Override
        public void step(GuestCpu cpu) {
            if (done < rings) {
                done++;
                cpu.hypercall(Hypercall.event_channel_op.number, 1, 0, 0, 0, 0);
                cpu.compute(2 * MS);
            } else {
                cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
            }
        }
    }

    private static final BootParameters PARAMS =
            new BootParameters("test", "upcall-test", 1, 2, 16384, "credit2", 1024, 1, "blocker", "");

    private static GuestKernel blocker() {
        return cpu -> cpu.hypercall(Hypercall.sched_op.number, SchedOp.SCHEDOP_block.code, 0, 0, 0, 0);
    }

    private static Hypervisor host(Journal journal) {
        Hypervisor hv = HostBoot.boot(PARAMS, journal, List.of(new Doorbell()));
        PvDomainBuilder.build(hv, 1, false, 1024, 1, "receiver", "");
        PvDomainBuilder.build(hv, 2, false, 1024, 1, "ringer", "");
        return hv;
    }

    private static GuestExecution run(Hypervisor hv, Receiver receiver, Ringer ringer, long until) {
        GuestExecution exec = new GuestExecution(
                hv, (domid, image) -> domid == 1 ? receiver : domid == 2 ? ringer : blocker(), ExecutionCosts.DEFAULT);
        exec.runUntil(until);
        assertThat(hv.bugs()).isEmpty();
        assertThat(exec.failures()).isEmpty();
        return exec;
    }

    @Test
    void eachDoorbellWakesTheBlockedVcpuIntoItsCallbackWithEventsMasked() {
        Hypervisor hv = host(Journal.OFF);
        Receiver receiver = new Receiver(true);
        GuestExecution exec = run(hv, receiver, new Ringer(5), 50 * MS);

        assertThat(receiver.upcallTimes).hasSize(5);
        assertThat(receiver.maskOnEntry).containsOnly(1);
        assertThat(exec.upcalls()).isEqualTo(5);
        assertThat(hv.vcpu(1, 0).upcalls).isEqualTo(5);
        // rung every 2 ms (plus the ringer's small step costs): the upcalls follow at that pace
        for (int i = 1; i < receiver.upcallTimes.size(); i++) {
            assertThat(receiver.upcallTimes.get(i) - receiver.upcallTimes.get(i - 1))
                    .isBetween(2 * MS, 3 * MS);
        }
    }

    @Test
    void aMaskedVcpuTakesNoUpcallUntilItUnmasks() {
        Hypervisor hv = host(Journal.OFF);
        Receiver receiver = new Receiver(true);
        GuestExecution exec = new GuestExecution(
                hv,
                (domid, image) -> domid == 1 ? receiver : domid == 2 ? new Ringer(1) : blocker(),
                ExecutionCosts.DEFAULT);
        exec.runUntil(1 * MS);
        long si = hv.domains().get(1).sharedInfoMfn();
        int mask = SharedInfoDescriptor.vcpuInfoOffset(0) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET;
        int pending = SharedInfoDescriptor.vcpuInfoOffset(0) + VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET;
        // the doorbell rang once and was taken; now pending is set again while the guest has events masked
        assertThat(receiver.upcallTimes).hasSize(1);
        hv.machine().memory().write8(si, mask, 1);
        hv.machine().memory().write8(si, pending, 1);
        assertThat(hv.upcallDue(hv.vcpu(1, 0))).isFalse();
        exec.runUntil(5 * MS);
        assertThat(receiver.upcallTimes).hasSize(1);
        hv.machine().memory().write8(si, mask, 0);
        assertThat(hv.upcallDue(hv.vcpu(1, 0))).isTrue();
    }

    @Test
    void anUpcallWithNoEventCallbackCrashesTheDomainAsXenDoes() {
        Hypervisor hv = host(Journal.OFF);
        Receiver receiver = new Receiver(false);
        GuestExecution exec = new GuestExecution(
                hv,
                (domid, image) -> domid == 1 ? receiver : domid == 2 ? new Ringer(1) : blocker(),
                ExecutionCosts.DEFAULT);
        exec.runUntil(10 * MS);
        assertThat(receiver.upcallTimes).isEmpty();
        assertThat(hv.domains().get(1) == null || hv.domains().get(1).isShuttingDown())
                .as("d1 crashed")
                .isTrue();
        assertThat(hv.console().text()).contains("event upcall with no event callback registered");
    }

    @Test
    void upcallsAreJournalledAndReplayWithoutDivergence(@TempDir Path dir) throws Exception {
        Path journalDir = dir.resolve("journal");
        try (ChronicleJournal journal = ChronicleJournal.create(journalDir)) {
            Hypervisor hv = host(journal);
            run(hv, new Receiver(true), new Ringer(5), 50 * MS);
        }
        List<JournalRecord> records = JournalReader.readAll(journalDir);
        assertThat(records.stream().filter(r -> r instanceof JournalRecord.Upcall))
                .hasSize(5)
                .allSatisfy(r -> assertThat(((JournalRecord.Upcall) r).rip()).isEqualTo(ENTRY));
        assertThat(records.stream().filter(r -> r instanceof JournalRecord.Evtchn))
                .hasSize(5);
        ReplayResult r = Replayer.replay(journalDir, (params, journal) -> host(journal));
        assertThat(r).as(r.toString()).isInstanceOf(ReplayResult.Replayed.class);
    }
}
