package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.audit.Auditor;
import org.pvsim.hypervisor.audit.Violation;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.boot.PvDomainBuilder;
import org.pvsim.hypervisor.journal.BootParameters;
import org.pvsim.hypervisor.journal.Journal;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.machine.PageType;
import org.pvsim.hypervisor.spi.Subsystem;
import org.pvsim.hypervisor.spi.SubsystemAudit;
import org.pvsim.hypervisor.spi.SubsystemHost;

/**
 * The FIFO ABI on the real hypervisor's frame memory ({@code get_page_and_type(PGT_writable_page)} on a built PV
 * domain): the frames it maps hold a type reference while mapped and none after teardown, a page table cannot become a
 * control block, and the auditor (I5) agrees with the references the ABI reports.
 */
class FifoOnRealHypervisorTest {
    private static final BootParameters PARAMS =
            new BootParameters("test", "fifo-test", 1, 1, 16384, "credit2", 1024, 1, "blocker", "");

    /** Reports the FIFO references of the domains it is given, as the event-channel subsystem's audit will. */
    private static final class Probe implements Subsystem, SubsystemAudit {
        final List<EvtchnDomain> domains = new ArrayList<>();
        FifoAbi abi;
        SubsystemHost host;
        boolean report = true;

        @Override
        public String name() {
            return "fifo-probe";
        }

        @Override
        public void install(SubsystemHost host) {
            this.host = host;
            host.addAudit(this);
        }

        @Override
        public void frameReferences(FrameReferenceSink sink) {
            if (report) {
                for (EvtchnDomain d : domains) {
                    abi.frameReferences(d, sink);
                }
            }
        }

        @Override
        public void audit(ViolationSink sink) {}
    }

    /** Frames of {@code domid} that are plain RAM (not a page table, not Xen's), in mfn order. */
    private static List<Long> ramFrames(Hypervisor hv, int domid, int n) {
        FrameTable frames = hv.machine().frames();
        List<Long> out = new ArrayList<>();
        for (long mfn = 0; mfn < frames.nrFrames() && out.size() < n; mfn++) {
            PageType t = frames.type(mfn);
            if (frames.owner(mfn) == domid
                    && !frames.hasPgc(mfn, FrameTable.PGC_xen_heap)
                    && (t == PageType.PGT_none || t == PageType.PGT_writable_page)) {
                out.add(mfn);
            }
        }
        return out;
    }

    private static long pageTableFrame(Hypervisor hv, int domid) {
        FrameTable frames = hv.machine().frames();
        for (long mfn = 0; mfn < frames.nrFrames(); mfn++) {
            if (frames.owner(mfn) == domid && frames.type(mfn).isPageTable()) {
                return mfn;
            }
        }
        throw new AssertionError("d" + domid + " has no page table");
    }

    /** A booted host with domain 1 (2 vCPUs) and its event-channel domain on the 2-level stand-in. */
    private static final class Host {
        final Probe probe = new Probe();
        final Hypervisor hv = HostBoot.boot(PARAMS, Journal.OFF, List.of(probe));
        final FakeTwoLevelOps twoLevel = new FakeTwoLevelOps();
        final RecordingHostServices services = new RecordingHostServices(2);
        final EvtchnDomain d;
        final FifoAbi abi = new FifoAbi(twoLevel);
        final FrameTable frames;

        Host() {
            PvDomainBuilder.build(hv, 1, false, 1024, 2, "guest", "");
            probe.abi = abi;
            d = new EvtchnDomain(1, 2, probe.host.domains().sharedInfoMfn(1), probe.host.memory(), services, twoLevel);
            d.addBucket();
            probe.domains.add(d);
            frames = hv.machine().frames();
        }
    }

    @Test
    void fifoFramesHoldATypeReferenceOnlyWhileMapped() {
        Host h = new Host();
        EvtchnDomain d = h.d;
        FifoAbi abi = h.abi;
        FrameTable frames = h.frames;
        Auditor auditor = new Auditor(h.hv);
        assertEquals(List.of(), auditor.audit());

        // a page table, another domain's frame and a frame beyond memory cannot be mapped writable
        long pt = pageTableFrame(h.hv, 1);
        long dom0Frame = ramFrames(h.hv, 0, 1).get(0);
        for (long gfn : new long[] {pt, dom0Frame, frames.nrFrames(), -1}) {
            assertEquals(Errno.EINVAL.neg(), abi.initControl(d, gfn, 0, 0), "gfn " + gfn);
            assertSame(h.twoLevel, d.ops());
        }
        assertEquals(List.of(), auditor.audit());

        List<Long> ram = ramFrames(h.hv, 1, 3);
        long cb0 = ram.get(0);
        long cb1 = ram.get(1);
        long page = ram.get(2);
        int[] before = {frames.count(cb0), frames.typeCount(cb0), frames.typeCount(cb1), frames.typeCount(page)};
        assertEquals(0, abi.initControl(d, cb0, 0, 0));
        assertEquals(0, abi.initControl(d, cb1, 128, 1));
        assertEquals(Errno.EINVAL.neg(), abi.expandArray(d, pt, 0));
        assertEquals(0, abi.expandArray(d, page, 0));
        assertEquals(before[0] + 1, frames.count(cb0));
        assertEquals(before[1] + 1, frames.typeCount(cb0));
        assertEquals(before[2] + 1, frames.typeCount(cb1));
        assertEquals(before[3] + 1, frames.typeCount(page));
        assertEquals(PageType.PGT_writable_page, frames.type(page));

        // events flow through the real frames
        GuestFifoConsumer guest = new GuestFifoConsumer(h.probe.host.memory(), h.services, 2);
        guest.controlBlock(0, cb0, 0);
        guest.controlBlock(1, cb1, 128);
        guest.addArrayPage(page);
        d.setNotifyVcpu(5, 1);
        assertEquals(0, d.ops().setPriority(d, 6, 2));
        d.ops().setPending(d, 1, 5, 10);
        d.ops().setPending(d, 1, 6, 11);
        assertTrue(h.services.upcallPending[1]);
        assertEquals(List.of(6, 5), guest.handleEvents(1));

        abi.teardown(d);
        assertSame(h.twoLevel, d.ops());
        assertEquals(before[0], frames.count(cb0));
        assertEquals(before[1], frames.typeCount(cb0));
        assertEquals(before[2], frames.typeCount(cb1));
        assertEquals(before[3], frames.typeCount(page));
        assertEquals(List.of(), auditor.audit());
    }

    @Test
    void theAuditorCountsTheReferencesTheFifoAbiReportsAndOnlyThose() {
        Host h = new Host();
        List<Long> ram = ramFrames(h.hv, 1, 2);
        assertEquals(0, h.abi.initControl(h.d, ram.get(0), 0, 0));
        assertEquals(0, h.abi.expandArray(h.d, ram.get(1), 0));
        Auditor auditor = new Auditor(h.hv);
        assertEquals(List.of(), auditor.audit());
        h.probe.report = false;
        List<Violation> unreported = auditor.audit();
        assertEquals(4, unreported.size(), unreported.toString());
        h.probe.report = true;
        h.abi.teardown(h.d);
        assertEquals(List.of(), auditor.audit());
    }
}
