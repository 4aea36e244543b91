package org.pvsim.gnttab.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.gnttab.abi.GnttabStatus.GNTST_okay;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_accept_transfer;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_reading;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_committed;
import static org.pvsim.gnttab.abi.GrantFlags.GTF_transfer_completed;
import static org.pvsim.gnttab.copy.testing.CopyTestBed.frame;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.copy.testing.CopyTestBed;

/**
 * A completed {@code GTF_accept_transfer} entry has bit 3 ({@code GTF_transfer_completed}, the {@code GTF_reading}
 * bit of a {@code GTF_permit_access} entry) set with no pin: the audit (I8) must not read it as a status bit, in v1
 * (flags) or v2 (header flags).
 */
class TransferAuditTest {
    static final int SENDER = 1;
    static final int RECEIVER = 2;

    CopyTestBed bed;

    @BeforeEach
    void setUp() {
        bed = CopyTestBed.withDomains(SENDER, RECEIVER);
    }

    void transferAndAudit() {
        long mfn = frame(SENDER, 4);
        bed.acceptTransfer(RECEIVER, 8, SENDER, 0x55);
        assertThat(bed.host.violations()).isEmpty();
        assertThat(bed.transfer(SENDER, mfn, RECEIVER, 8)).isEqualTo(GNTST_okay.code);
        assertThat(bed.flags(RECEIVER, 8))
                .isEqualTo(GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
        assertThat(GTF_transfer_completed).isEqualTo(GTF_reading);
        assertThat(bed.pin(RECEIVER, 8)).isZero();
        assertThat(bed.host.violations()).isEmpty();
    }

    @Test
    void aCompletedV1TransferEntryIsNotAStatusViolation() {
        transferAndAudit();
    }

    @Test
    void aCompletedV2TransferEntryIsNotAStatusViolation() {
        assertThat(bed.setVersion(RECEIVER, 2)).isZero();
        transferAndAudit();
    }
}
