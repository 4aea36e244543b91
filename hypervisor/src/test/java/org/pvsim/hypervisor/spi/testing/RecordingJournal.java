package org.pvsim.hypervisor.spi.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.SubsystemJournal;

/**
 * A {@link SubsystemJournal} that keeps every output, in order: EVTCHN outputs in {@link #evtchnEntries}, GNTTAB
 * records in {@link #gnttabEntries}. With {@link #keep} false it only counts them, so an allocation measurement sees
 * only the code under test.
 */
public final class RecordingJournal implements SubsystemJournal {
    /** One EVTCHN output. */
    public record Entry(EvtchnEvent event, int domid, int vcpu, int port, long arg) {}

    /** One GNTTAB record. */
    public record GnttabEntry(int op, int domid, int remoteDomid, long ref, int status, long arg) {}

    public final List<Entry> evtchnEntries = new ArrayList<>();
    public final List<GnttabEntry> gnttabEntries = new ArrayList<>();
    /** False: count outputs without keeping them (for allocation measurements). */
    public boolean keep = true;

    /** Outputs of either kind, kept or not. */
    public long total;

    @Override
    public void evtchn(EvtchnEvent event, int domid, int vcpu, int port, long arg) {
        total++;
        if (keep) {
            evtchnEntries.add(new Entry(event, domid, vcpu, port, arg));
        }
    }

    @Override
    public void gnttab(int op, int domid, int remoteDomid, long ref, int status, long arg) {
        total++;
        if (keep) {
            gnttabEntries.add(new GnttabEntry(op, domid, remoteDomid, ref, status, arg));
        }
    }

    /** How many EVTCHN outputs of {@code event} there were. */
    public long count(EvtchnEvent event) {
        return evtchnEntries.stream().filter(e -> e.event() == event).count();
    }

    /** The last GNTTAB record. */
    public GnttabEntry lastGnttab() {
        return gnttabEntries.get(gnttabEntries.size() - 1);
    }
}
