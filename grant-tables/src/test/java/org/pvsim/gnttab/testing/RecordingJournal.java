package org.pvsim.gnttab.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.SubsystemJournal;

/** A {@link SubsystemJournal} that keeps every GNTTAB output, in order. */
public final class RecordingJournal implements SubsystemJournal {
    /** One GNTTAB record. */
    public record Entry(int op, int domid, int remoteDomid, long ref, int status, long arg) {}

    public final List<Entry> entries = new ArrayList<>();

    @Override
    public void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg) {
        throw new AssertionError("the grant tables report no event-channel events");
    }

    @Override
    public void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg) {
        entries.add(new Entry(op, domid, remoteDomid, ref, status, arg));
    }

    /** The last record. */
    public Entry last() {
        return entries.get(entries.size() - 1);
    }
}
