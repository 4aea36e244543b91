package org.pvsim.dom0.xenstore;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A {@link XenstoredHost} whose domains' pages are {@link PageCpu}s; records connects, disconnects and notifies. */
final class TestHost implements XenstoredHost {
    final TreeMap<Integer, PageCpu> pages = new TreeMap<>();
    final TreeMap<Integer, Integer> notifies = new TreeMap<>();
    final List<String> events = new ArrayList<>();
    /** Domains whose page cannot be mapped. */
    final List<Integer> unmappable = new ArrayList<>();

    @Override
    public XsRingChannel connect(int domid, long mfn, int port) {
        if (unmappable.contains(domid)) {
            events.add("connect-failed " + domid);
            return null;
        }
        PageCpu cpu = pages.computeIfAbsent(domid, d -> new PageCpu());
        events.add("connect " + domid + " " + mfn + " " + port);
        return new SharedPageRingChannel(() -> cpu, 0, () -> notifies.merge(domid, 1, Integer::sum));
    }

    @Override
    public void disconnect(int domid) {
        events.add("disconnect " + domid);
    }
}
