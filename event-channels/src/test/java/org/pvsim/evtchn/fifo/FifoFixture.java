package org.pvsim.evtchn.fifo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.hypervisor.spi.testing.ByteArrayFrameMemory;

/**
 * One domain with its frames, a 2-level stand-in, the FIFO ABI, recording services and a guest-side consumer. Frames
 * from {@link #frame()} belong to the domain, so {@code getWritablePage} accepts them; other numbers are not its RAM.
 */
final class FifoFixture {
    static final int DOMID = 3;
    static final long SHARED_INFO_MFN = 7;
    static final long FOREIGN_FRAME = 50;

    final ByteArrayFrameMemory mem = new ByteArrayFrameMemory();
    final RecordingHostServices services;
    final FakeTwoLevelOps twoLevel = new FakeTwoLevelOps();
    final FifoAbi abi = new FifoAbi(twoLevel);
    final EvtchnDomain d;
    final GuestFifoConsumer guest;
    long now = 1_000;
    private long nextFrame = 100;

    FifoFixture(int vcpus, int ports) {
        services = new RecordingHostServices(vcpus);
        d = new EvtchnDomain(DOMID, vcpus, SHARED_INFO_MFN, mem, services, twoLevel);
        while (d.validPorts() < ports) {
            d.addBucket();
        }
        guest = new GuestFifoConsumer(mem, services, vcpus);
        mem.give(FOREIGN_FRAME, DOMID + 1);
    }

    /** A fresh frame of the domain. */
    long frame() {
        long mfn = nextFrame++;
        mem.give(mfn, DOMID);
        return mfn;
    }

    /** {@code init_control} on every vCPU, each control block at offset 0 of its own frame. */
    FifoFixture initAll() {
        for (int v = 0; v < d.maxVcpus(); v++) {
            long cb = frame();
            assertEquals(0, abi.initControl(d, cb, 0, v));
            guest.controlBlock(v, cb, 0);
        }
        return this;
    }

    /** {@code expand_array} {@code pages} times. */
    FifoFixture expand(int pages) {
        for (int i = 0; i < pages; i++) {
            long page = frame();
            assertEquals(0, abi.expandArray(d, page, now));
            guest.addArrayPage(page);
        }
        return this;
    }

    /**
     * Binds {@code port} as an interdomain port notifying {@code vcpu}, with FIFO priority {@code priority} (set
     * through EVTCHNOP_set_priority on FIFO, directly in the table on 2-level, which has no priorities).
     */
    void bind(int port, int vcpu, int priority) {
        d.setState(port, EvtchnDomain.ECS_INTERDOMAIN);
        d.setNotifyVcpu(port, vcpu);
        if (d.ops() == abi.ops()) {
            assertEquals(0, d.ops().setPriority(d, port, priority));
        } else {
            d.setPriority(port, priority);
        }
    }

    /** What {@code EVTCHNOP_send} to {@code port} does: set_pending on its notify vCPU. */
    void send(int port) {
        d.ops().setPending(d, d.notifyVcpu(port), port, ++now);
    }

    EvtchnFifoDomain state() {
        return FifoAbi.state(d);
    }
}
