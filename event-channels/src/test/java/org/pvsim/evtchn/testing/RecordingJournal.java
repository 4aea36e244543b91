package org.pvsim.evtchn.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.SubsystemJournal;

/** A {@link SubsystemJournal} that keeps every EVTCHN output, in order. */
public final class RecordingJournal implements SubsystemJournal {
    /** One output. */
    public record Entry(EvtchnEvent event, int domid, int vcpu, int port, long arg) {}

    public final List<Entry> entries = new ArrayList<>();
    /** False: count outputs without keeping them (for allocation measurements). */
    public boolean keep = true;

    public long total;

    @Override
    public void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg) {
        total++;
        if (keep) {
            entries.add(new Entry(event, domid, vcpu, port, arg));
        }
    }

    @Override
    public void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg) {
        throw new AssertionError("the event channels report no grant operations");
    }

    /** How many outputs of {@code event} there were. */
    public long count(EvtchnEvent event) {
        return entries.stream().filter(e -> e.event() == event).count();
    }
}
