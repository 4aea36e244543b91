package org.pvsim.dom0.boot;

import java.util.List;
import org.pvsim.evtchn.subsystem.EventChannels;
import org.pvsim.gnttab.subsystem.GrantTables;
import org.pvsim.hypervisor.spi.Subsystem;

/**
 * The subsystems every pvsim host runs, in the order they are installed: event channels, then grant tables. Recording, replay and {@code pvsim xl} all boot with {@link #standard()}, so a journal replays on the same
 * host it was recorded on.
 */
final class HostSubsystems {
    private HostSubsystems() {}

    /** Fresh instances of the standard subsystems. */
    static List<Subsystem> standard() {
        return List.of(new EventChannels(), new GrantTables());
    }
}
