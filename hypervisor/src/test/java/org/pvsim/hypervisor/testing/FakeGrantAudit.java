package org.pvsim.hypervisor.testing;

import java.util.ArrayList;
import java.util.List;
import org.pvsim.hypervisor.spi.SubsystemAudit;

/**
 * A grant-table subsystem's audit as a test scripts it: the host mappings it vouches for, the general references and
 * the Xen-heap frames it says it keeps.
 */
public final class FakeGrantAudit implements SubsystemAudit {
    /** Pairs (mapper domid, frame) of host mappings the fake grant table holds. */
    public final List<long[]> hostMappings = new ArrayList<>();
    /** Frames the fake holds a general-only reference to. */
    public final List<Long> generalRefs = new ArrayList<>();
    /** Xen-heap frames the fake keeps. */
    public final List<Long> sharedFrames = new ArrayList<>();

    /** Vouches for a grant PTE of {@code mapper} mapping {@code mfn}. */
    public FakeGrantAudit vouch(int mapper, long mfn) {
        hostMappings.add(new long[] {mapper, mfn});
        return this;
    }

    @Override
    public boolean hasGrantHostMapping(int mapperDomid, long mfn) {
        for (long[] m : hostMappings) {
            if (m[0] == mapperDomid && m[1] == mfn) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void frameReferences(FrameReferenceSink sink) {}

    @Override
    public void generalReferences(GeneralReferenceSink sink) {
        for (long mfn : generalRefs) {
            sink.generalReference(mfn, "fake grant table");
        }
    }

    @Override
    public void sharedFrames(SharedFrameSink sink) {
        for (long mfn : sharedFrames) {
            sink.sharedFrame(mfn, "fake grant table");
        }
    }

    @Override
    public void audit(ViolationSink sink) {}
}
