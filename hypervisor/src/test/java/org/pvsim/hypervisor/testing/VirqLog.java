package org.pvsim.hypervisor.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.Hypervisor;
import org.pvsim.hypervisor.abi.Virq;
import org.pvsim.hypervisor.spi.VirqSink;

/**
 * Records every VIRQ a hypervisor raises, with its time, and passes it on to the sink that was installed (so a
 * per-vCPU VIRQ still wakes its vCPU as it would without the log).
 */
public final class VirqLog implements VirqSink {
    /** One VIRQ raised. */
    public record Raised(long time, int domid, int vcpu, int virq) {}

    private final VirqSink next;
    private final List<Raised> raised = new ArrayList<>();

    private VirqLog(VirqSink next) {
        this.next = next;
    }

    /** Installs a log in front of {@code hv}'s current sink. */
    public static VirqLog install(Hypervisor hv) {
        VirqLog log = new VirqLog(hv.lifecycle().virqSink());
        hv.lifecycle().setVirqSink(log);
        return log;
    }

    @Override
    public void raise(int domid, int vcpuId, int virq, long now) {
        raised.add(new Raised(now, domid, vcpuId, virq));
        next.raise(domid, vcpuId, virq, now);
    }

    /** Everything raised so far, in order. */
    public List<Raised> all() {
        return raised;
    }

    /** The times {@code VIRQ_TIMER} was raised on d{@code domid}v{@code vcpu}, in order. */
    public List<Long> timerTimes(int domid, int vcpu) {
        List<Long> times = new ArrayList<>();
        for (Raised r : raised) {
            if (r.domid() == domid && r.vcpu() == vcpu && r.virq() == Virq.VIRQ_TIMER.code) {
                times.add(r.time());
            }
        }
        return times;
    }

    /** Forgets what was raised so far. */
    public void clear() {
        raised.clear();
    }
}
