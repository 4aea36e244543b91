package org.pvsim.gnttab.op;

import static org.pvsim.gnttab.abi.GrantFlags.GTF_permit_access;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.pvsim.gnttab.testing.GnttabTestBed;

/**
 * What the map and unmap tests start from: domains {@link #GRANTER} and {@link #MAPPER} created, and entry {@link
 * #REF} of the granter granting its frame {@link #FRAME} to the mapper ({@code GTF_permit_access}, writable). After
 * every test the subsystem's audit must find nothing.
 */
abstract class OneGrantFixture {
    static final int GRANTER = 1;
    static final int MAPPER = 2;
    static final long FRAME = 0x500;
    /** Where the mapper maps the grant. */
    static final long VA = 0x7000_0000L;

    static final int REF = 10;

    GnttabTestBed bed;

    @BeforeEach
    void createTheGrant() {
        bed = new GnttabTestBed();
        bed.domain(GRANTER);
        bed.domain(MAPPER);
        bed.frameOf(GRANTER, FRAME);
        bed.grant(GRANTER, REF, MAPPER, FRAME, GTF_permit_access);
    }

    @AfterEach
    void audit() {
        bed.assertAudit();
    }
}
