package org.pvsim.guest.evtchn;

import java.util.Optional;

/**
 * The event-channel ABI a kernel asks for on its command line, {@code evtchn=2l} (the default) or {@code
 * evtchn=fifo}: the 2-level bitmaps in {@code shared_info} ({@code xen/common/event_2l.c}) or the FIFO queues in
 * guest pages ({@code xen/common/event_fifo.c}). Linux chooses FIFO when Xen offers it ({@code xen.fifo_events=0}
 * turns it off); pvsim's kernel keeps 2-level unless asked, so that runs without the option stay as they were.
 */
public enum EventAbi {
    /** The 2-level ABI: 4096 ports for a 64-bit guest. */
    TWO_LEVEL("2l"),
    /** The FIFO ABI: up to 2^17 ports, 16 priorities. */
    FIFO("fifo");

    /** The command-line key. */
    public static final String KEY = "evtchn";

    /** The value after {@code evtchn=}. */
    public final String word;

    EventAbi(String word) {
        this.word = word;
    }

    /** The ABI named {@code word} ({@code 2l} or {@code fifo}), if it is one. */
    public static Optional<EventAbi> of(String word) {
        for (EventAbi a : values()) {
            if (a.word.equals(word)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
