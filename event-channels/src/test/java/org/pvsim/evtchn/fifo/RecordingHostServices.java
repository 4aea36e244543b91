package org.pvsim.evtchn.fifo;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.evtchn.EvtchnDomain;
import org.pvsim.evtchn.EvtchnHostServices;

/**
 * A fake of the subsystem's services: it keeps each vCPU's {@code evtchn_upcall_pending} (set by {@code
 * vcpu_mark_events_pending}, cleared by the guest consumer when it takes the upcall) and records every call.
 */
final class RecordingHostServices implements EvtchnHostServices {
    final boolean[] upcallPending;
    final int[] upcallsRaised;
    final List<String> log = new ArrayList<>();
    int pendingSets;
    int newlyPendingSets;
    int pendingClears;
    int pollerChecks;

    RecordingHostServices(int vcpus) {
        upcallPending = new boolean[vcpus];
        upcallsRaised = new int[vcpus];
    }

    @Override
    public void markEventsPending(EvtchnDomain d, int vcpu, long now) {
        log.add("mark v" + vcpu);
        if (!upcallPending[vcpu]) {
            upcallPending[vcpu] = true;
            upcallsRaised[vcpu]++;
        }
    }

    @Override
    public void checkPollers(EvtchnDomain d, int port, long now) {
        log.add("poll " + port);
        pollerChecks++;
    }

    @Override
    public void pendingSet(EvtchnDomain d, int vcpu, int port, boolean newlyPending) {
        log.add("set " + port + " v" + vcpu + (newlyPending ? " new" : " old"));
        pendingSets++;
        if (newlyPending) {
            newlyPendingSets++;
        }
    }

    @Override
    public void pendingCleared(EvtchnDomain d, int port) {
        log.add("clear " + port);
        pendingClears++;
    }
}
