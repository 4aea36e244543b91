package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindInterdomainDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.ConsoleIoCmd;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.SharedInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.VcpuInfoDescriptor;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.ChronicleJournal;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.journal.JournalReader;
import org.pvsim.hypervisor.journal.JournalRecord;
import org.pvsim.hypervisor.journal.ReplayResult;
import org.pvsim.hypervisor.journal.Replayer;

/**
 * Event channels installed in the real hypervisor (HostBoot, the core's subsystem services, its auditor and journal):
 * the hypercalls from domains built by the real domain builder, the console's global VIRQ, domain death, and a
 * recorded session that replays with no divergence.
 */
class RealHypervisorTest {
    static final BootParameters PARAMS =
            new BootParameters("test", "evtchn", 1, 2, 8192, "rr", 1024, 1, "pvsim-pv", "");

    static Hypervisor boot(EventChannels ec, Journal journal) {
        Hypervisor hv = HostBoot.boot(PARAMS, journal, List.of(ec));
        PvDomainBuilder.build(hv, 1, false, 512, 2, "pvsim-pv", "");
        PvDomainBuilder.build(hv, 2, false, 512, 1, "pvsim-pv", "");
        return hv;
    }

    /** A guest's scratch page for hypercall arguments: its first free page in the initial mapping. */
    static long scratch(Hypervisor hv, int domid) {
        Domain d = hv.domains().get(domid);
        return StartOfDayLayout.va(
                StartOfDayLayout.plan(d.totPages(), domid != 0).firstFreePfn());
    }

    static long op(Hypervisor hv, int domid, int vcpu, EvtchnOp cmd, byte[] struct) {
        Vcpu v = hv.vcpu(domid, vcpu);
        long va = scratch(hv, domid);
        hv.guestWrite(v, hv.now(), va, struct, 0, struct.length);
        long rc = hv.hypercall(v, hv.now(), Hypercall.event_channel_op.number, cmd.code, va, 0, 0, 0);
        hv.guestRead(v, va, struct, 0, struct.length);
        return rc;
    }

    static int allocUnbound(Hypervisor hv, int domid, int remote) {
        byte[] s = new byte[EvtchnAllocUnboundDescriptor.SIZE];
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        LittleEndian.putU16(s, EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET, remote);
        assertThat(op(hv, domid, 0, EvtchnOp.EVTCHNOP_alloc_unbound, s)).isZero();
        return LittleEndian.getI32(s, EvtchnAllocUnboundDescriptor.PORT_OFFSET);
    }

    static int bindInterdomain(Hypervisor hv, int domid, int remote, int port) {
        byte[] s = new byte[EvtchnBindInterdomainDescriptor.SIZE];
        LittleEndian.putU16(s, EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET, remote);
        LittleEndian.putI32(s, EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET, port);
        assertThat(op(hv, domid, 0, EvtchnOp.EVTCHNOP_bind_interdomain, s)).isZero();
        return LittleEndian.getI32(s, EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET);
    }

    static long send(Hypervisor hv, int domid, int port) {
        byte[] s = new byte[4];
        LittleEndian.putI32(s, 0, port);
        return op(hv, domid, 0, EvtchnOp.EVTCHNOP_send, s);
    }

    static int status(Hypervisor hv, int domid, int port) {
        byte[] s = new byte[EvtchnStatusDescriptor.SIZE];
        LittleEndian.putU16(s, EvtchnStatusDescriptor.DOM_OFFSET, DomId.DOMID_SELF);
        LittleEndian.putI32(s, EvtchnStatusDescriptor.PORT_OFFSET, port);
        assertThat(op(hv, domid, 0, EvtchnOp.EVTCHNOP_status, s)).isZero();
        return LittleEndian.getI32(s, EvtchnStatusDescriptor.STATUS_OFFSET);
    }

    static boolean pending(Hypervisor hv, int domid, int port) {
        long si = hv.domains().get(domid).sharedInfoMfn();
        long w = hv.machine().memory().read64(si, SharedInfoDescriptor.evtchnPendingOffset(port / 64));
        return (w & (1L << (port % 64))) != 0;
    }

    static int vcpuInfo8(Hypervisor hv, int domid, int vcpu, int field) {
        long si = hv.domains().get(domid).sharedInfoMfn();
        return hv.machine().memory().read8(si, SharedInfoDescriptor.vcpuInfoOffset(vcpu) + field);
    }

    static void assertAudit(Hypervisor hv) {
        assertThat(new Auditor(hv).audit()).isEmpty();
    }

    @Test
    void everyDomainTheHostCreatesGetsATable() {
        EventChannels ec = new EventChannels();
        Hypervisor hv = boot(ec, Journal.OFF);
        assertThat(hv.installedSubsystems()).contains("event-channels");
        for (int domid = 0; domid < 3; domid++) {
            assertThat(ec.domain(domid)).as("d%d", domid).isNotNull();
            assertThat(ec.domain(domid).maxEvtchnPort()).isEqualTo(PvDomainBuilder.MAX_EVTCHN_PORT);
            assertThat(ec.domain(domid).maxVcpus())
                    .isEqualTo(hv.domains().get(domid).maxVcpus());
        }
        assertThat(ec.kicks().nrRings()).isEqualTo(PARAMS.nrPcpus());
        assertAudit(hv);
    }

    @Test
    void anInterdomainChannelCarriesANotificationToTheOtherGuest() {
        EventChannels ec = new EventChannels();
        Hypervisor hv = boot(ec, Journal.OFF);
        int offer = allocUnbound(hv, 1, 2);
        int local = bindInterdomain(hv, 2, 1, offer);
        assertThat(pending(hv, 2, local)).isTrue();
        assertThat(send(hv, 2, local)).isZero();
        assertThat(pending(hv, 1, offer)).isTrue();
        assertThat(vcpuInfo8(hv, 1, 0, VcpuInfoDescriptor.EVTCHN_UPCALL_PENDING_OFFSET))
                .isEqualTo(1);
        // the builder leaves events masked, as Xen's do: no upcall until the guest unmasks
        Vcpu v = hv.vcpu(1, 0);
        assertThat(hv.upcallDue(v)).isFalse();
        long si = hv.domains().get(1).sharedInfoMfn();
        hv.machine()
                .memory()
                .write8(si, SharedInfoDescriptor.vcpuInfoOffset(0) + VcpuInfoDescriptor.EVTCHN_UPCALL_MASK_OFFSET, 0);
        assertThat(hv.upcallDue(v)).isTrue();
        assertThat(status(hv, 1, offer)).isEqualTo(EvtchnStat.EVTCHNSTAT_interdomain.code);
        assertAudit(hv);
        assertThat(hv.bugs()).isEmpty();
    }

    @Test
    void consoleOutputRaisesVirqConRingInDom0() {
        EventChannels ec = new EventChannels();
        Hypervisor hv = boot(ec, Journal.OFF);
        byte[] s = new byte[EvtchnBindVirqDescriptor.SIZE];
        LittleEndian.putI32(s, EvtchnBindVirqDescriptor.VIRQ_OFFSET, Virq.VIRQ_CON_RING.code);
        assertThat(op(hv, 0, 0, EvtchnOp.EVTCHNOP_bind_virq, s)).isZero();
        int port = LittleEndian.getI32(s, EvtchnBindVirqDescriptor.PORT_OFFSET);
        byte[] line = "hello\n".getBytes(StandardCharsets.US_ASCII);
        Vcpu v = hv.vcpu(1, 0);
        long va = scratch(hv, 1) + 256;
        hv.guestWrite(v, hv.now(), va, line, 0, line.length);
        assertThat(hv.hypercall(
                        v,
                        hv.now(),
                        Hypercall.console_io.number,
                        ConsoleIoCmd.CONSOLEIO_write.code,
                        line.length,
                        va,
                        0,
                        0))
                .isZero();
        assertThat(pending(hv, 0, port)).isTrue();
        assertAudit(hv);
    }

    @Test
    void killingADomainRevertsItsPeersOnTheRealHost() {
        EventChannels ec = new EventChannels();
        Hypervisor hv = boot(ec, Journal.OFF);
        int offer = allocUnbound(hv, 1, 2);
        bindInterdomain(hv, 2, 1, offer);
        hv.lifecycle().kill(hv.domains().get(2), hv.now());
        assertThat(status(hv, 1, offer)).isEqualTo(EvtchnStat.EVTCHNSTAT_unbound.code);
        assertThat(send(hv, 1, offer)).isZero();
        assertAudit(hv);
    }

    @Test
    void aRecordedSessionReplaysWithNoDivergence(@TempDir Path dir) throws Exception {
        try (ChronicleJournal journal = ChronicleJournal.create(dir)) {
            Hypervisor hv = boot(new EventChannels(), journal);
            int offer = allocUnbound(hv, 1, 2);
            int local = bindInterdomain(hv, 2, 1, offer);
            for (int i = 0; i < 5; i++) {
                assertThat(send(hv, 2, local)).isZero();
                assertThat(send(hv, 1, offer)).isZero();
            }
            assertThat(send(hv, 1, 99)).isNegative();
            byte[] s = new byte[4];
            LittleEndian.putI32(s, 0, offer);
            assertThat(op(hv, 1, 0, EvtchnOp.EVTCHNOP_close, s)).isZero();
            assertThat(send(hv, 2, local)).isZero(); // now unbound: dropped
            assertAudit(hv);
        }
        long evtchnRecords = JournalReader.readAll(dir).stream()
                .filter(rec -> rec instanceof JournalRecord.Evtchn)
                .count();
        assertThat(evtchnRecords).as("EVTCHN outputs journalled").isGreaterThan(20);
        ReplayResult r = Replayer.replay(dir, (params, journal) -> {
            Hypervisor h = HostBoot.boot(params, journal, List.of(new EventChannels()));
            PvDomainBuilder.build(h, 1, false, 512, 2, "pvsim-pv", "");
            PvDomainBuilder.build(h, 2, false, 512, 1, "pvsim-pv", "");
            return h;
        });
        System.out.println("replay: " + r.summary());
        assertThat(r.summary()).endsWith(" 0 divergences");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void replayNoticesWhenTheEventChannelOutputsDiffer(@TempDir Path dir) throws Exception {
        try (ChronicleJournal journal = ChronicleJournal.create(dir)) {
            Hypervisor hv = boot(new EventChannels(), journal);
            int offer = allocUnbound(hv, 1, 2);
            bindInterdomain(hv, 2, 1, offer);
        }
        // a replaying host whose d2 already uses port 1 allocates another local port: the outputs differ
        ReplayResult r = Replayer.replay(dir, (params, journal) -> {
            EventChannels ec = new EventChannels();
            Hypervisor h = HostBoot.boot(params, journal, List.of(ec));
            PvDomainBuilder.build(h, 1, false, 512, 2, "pvsim-pv", "");
            PvDomainBuilder.build(h, 2, false, 512, 1, "pvsim-pv", "");
            ec.domain(2).setState(1, EvtchnDomain.ECS_IPI);
            return h;
        });
        assertThat(r.exitCode()).isNotZero();
        assertThat(r).isInstanceOf(ReplayResult.Diverged.class);
    }
}
