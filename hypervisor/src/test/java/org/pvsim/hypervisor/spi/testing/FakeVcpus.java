package org.pvsim.hypervisor.spi.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.spi.VcpuEvents;

/** A {@link VcpuEvents} that records what the subsystem asked for, in order. */
public final class FakeVcpus implements VcpuEvents {
    /** One request: {@code what} is "unblock", "pollers" or "interrupt". */
    public record Call(String what, int domid, int vcpu, int port, int pcpu) {}

    public final List<Call> calls = new ArrayList<>();
    /** False: count requests without keeping them (for allocation measurements). */
    public boolean keep = true;

    public long unblocks;
    public long pollerChecks;
    public long interrupts;

    @Override
    public void unblock(int domid, int vcpu, long now) {
        unblocks++;
        if (keep) {
            calls.add(new Call("unblock", domid, vcpu, -1, -1));
        }
    }

    @Override
    public void checkPollers(int domid, int port, long now) {
        pollerChecks++;
        if (keep) {
            calls.add(new Call("pollers", domid, -1, port, -1));
        }
    }

    @Override
    public void interruptPcpu(int pcpu) {
        interrupts++;
        if (keep) {
            calls.add(new Call("interrupt", -1, -1, -1, pcpu));
        }
    }

    /** How many requests of kind {@code what} were made. */
    public long count(String what) {
        return calls.stream().filter(c -> c.what().equals(what)).count();
    }
}
