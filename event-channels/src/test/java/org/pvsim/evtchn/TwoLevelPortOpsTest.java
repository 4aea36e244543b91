package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.spi.EvtchnEvent;
import org.pvsim.hypervisor.spi.testing.RecordingJournal.Entry;

class TwoLevelPortOpsTest {
    EvtchnTestBed bed;
    int ipi;

    @BeforeEach
    void setUp() {
        bed = new EvtchnTestBed();
        bed.domain(1, 2);
        ipi = bed.bindIpi(1, 1);
        bed.host.journal.evtchnEntries.clear();
    }

    @AfterEach
    void auditClean() {
        assertThat(bed.audit()).isEmpty();
    }

    @Test
    void aNewlyPendingUnmaskedPortSetsItsSelectorBitAndRaisesAnUpcall() {
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.pending(1, ipi)).isTrue();
        assertThat(bed.pendingSel(1, 1)).isEqualTo(1L << (ipi / 64));
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.host.vcpus.count("unblock")).isEqualTo(1);
        assertThat(bed.host.vcpus.count("pollers")).isEqualTo(1);
    }

    @Test
    void aPortAlreadyPendingRaisesNoSecondUpcall() {
        assertThat(bed.send(1, ipi)).isZero();
        bed.guestAck(1, 1); // the guest took the upcall but has not handled the port yet
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.upcallPending(1, 1)).isFalse();
        assertThat(bed.pendingSel(1, 1)).isZero();
        assertThat(bed.host.journal.count(EvtchnEvent.UPCALL_PENDING)).isEqualTo(1);
        assertThat(bed.host.journal.evtchnEntries).contains(new Entry(EvtchnEvent.SET_PENDING, 1, 1, ipi, 0));
        assertThat(bed.host.vcpus.count("unblock")).isEqualTo(1);
        assertThat(bed.host.vcpus.count("pollers"))
                .as("nothing new for pollers either")
                .isEqualTo(1);
    }

    @Test
    void anUpcallAlreadyPendingIsNotRaisedAgainForAnotherPort() {
        int other = bed.bindIpi(1, 1);
        bed.guestMask(1, 64, false);
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.send(1, other)).isZero();
        assertThat(bed.host.journal.count(EvtchnEvent.UPCALL_PENDING)).isEqualTo(1);
        assertThat(bed.host.vcpus.count("unblock")).isEqualTo(1);
    }

    @Test
    void portsInAnotherWordSetAnotherSelectorBitUnderTheSameUpcall() {
        for (int i = 0; i < 70; i++) {
            bed.bindIpi(1, 1);
        }
        int high = 70;
        assertThat(bed.table(1).state(high)).isEqualTo(EvtchnDomain.ECS_IPI);
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.send(1, high)).isZero();
        assertThat(bed.pendingSel(1, 1)).isEqualTo(0b11L);
        assertThat(bed.host.journal.count(EvtchnEvent.UPCALL_PENDING)).isEqualTo(1);
    }

    @Test
    void aMaskedPortRaisesItsUpcallOnlyOnUnmask() {
        bed.guestMask(1, ipi, true);
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.pending(1, ipi)).isTrue();
        assertThat(bed.pendingSel(1, 1)).isZero();
        assertThat(bed.upcallPending(1, 1)).isFalse();
        assertThat(bed.host.vcpus.count("pollers"))
                .as("pollers see masked events")
                .isEqualTo(1);
        assertThat(bed.unmask(1, ipi)).isZero();
        assertThat(bed.masked(1, ipi)).isFalse();
        assertThat(bed.pendingSel(1, 1)).isEqualTo(1L);
        assertThat(bed.upcallPending(1, 1)).isTrue();
        assertThat(bed.host.journal.evtchnEntries)
                .containsSubsequence(
                        new Entry(EvtchnEvent.UNMASK_REDELIVER, 1, 1, ipi, 0),
                        new Entry(EvtchnEvent.UPCALL_PENDING, 1, 1, -1, 0));
    }

    @Test
    void anEdgeSentWhileMaskedAndClearedByTheGuestIsLost() {
        bed.guestMask(1, ipi, true);
        assertThat(bed.send(1, ipi)).isZero();
        bed.guestClearPending(1, ipi);
        assertThat(bed.unmask(1, ipi)).isZero();
        assertThat(bed.masked(1, ipi)).isFalse();
        assertThat(bed.pending(1, ipi)).isFalse();
        assertThat(bed.upcallPending(1, 1)).isFalse();
        assertThat(bed.host.journal.count(EvtchnEvent.UPCALL_PENDING)).isZero();
    }

    @Test
    void unmaskingAPortThatIsNotMaskedDoesNothing() {
        assertThat(bed.send(1, ipi)).isZero();
        bed.guestAck(1, 1);
        assertThat(bed.unmask(1, ipi)).isZero();
        assertThat(bed.upcallPending(1, 1)).isFalse();
    }

    @Test
    void unmaskWithTheSelectorBitAlreadySetRaisesNothingNew() {
        int other = bed.bindIpi(1, 1);
        bed.guestMask(1, other, true);
        assertThat(bed.send(1, other)).isZero();
        assertThat(bed.send(1, ipi)).isZero(); // sets the selector bit of word 0 and the upcall
        bed.host.journal.evtchnEntries.clear();
        assertThat(bed.unmask(1, other)).isZero();
        assertThat(bed.host.journal.evtchnEntries).isEmpty();
    }

    @Test
    void unmaskOfAnInvalidPortIsEinvalAndOfAFreePortTouchesNothing() {
        assertThat(bed.unmask(1, 64)).isEqualTo(EINVAL);
        assertThat(bed.unmask(1, -1)).isEqualTo(EINVAL);
        bed.guestMask(1, 9, true);
        assertThat(bed.unmask(1, 9)).isZero();
        assertThat(bed.masked(1, 9))
                .as("evtchn_port_unmask skips an unusable port")
                .isTrue();
    }

    @Test
    void aVcpuThatIsRunningIsKickedOnItsPcpu() {
        bed.host.domains.get(1).runningOn[1] = 3;
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.evtchn.kicks().kicksPublished(3)).isEqualTo(1);
        assertThat(bed.host.vcpus.calls).extracting(c -> c.what()).containsExactly("unblock", "interrupt", "pollers");
        assertThat(bed.host.kicks.drain(3)).isEqualTo(1);
        assertThat(bed.evtchn.kicks().lastConsumedDomid()).isEqualTo(1);
        assertThat(bed.evtchn.kicks().lastConsumedVcpu()).isEqualTo(1);
    }

    @Test
    void aVcpuBeyondTheLegacyVcpuInfosGetsThePendingBitButNoUpcall() {
        var d = bed.create(2, 40);
        bed.announce(2);
        int p = bed.bindIpi(2, 35);
        assertThat(bed.send(2, p)).isZero();
        assertThat(bed.pending(2, p)).isTrue();
        assertThat(bed.host.journal.count(EvtchnEvent.UPCALL_PENDING)).isZero();
        assertThat(bed.host.vcpus.count("unblock")).isZero();
        assertThat(d.maxVcpus).isEqualTo(40);
    }

    @Test
    void pollAnswersPendingForUsablePortsAndEinvalOtherwise() {
        assertThat(bed.poll(1, ipi)).isZero();
        assertThat(bed.send(1, ipi)).isZero();
        assertThat(bed.poll(1, ipi)).isEqualTo(1);
        assertThat(bed.poll(1, 0)).isEqualTo(EINVAL);
        assertThat(bed.poll(1, 5)).isEqualTo(EINVAL);
        assertThat(bed.poll(1, 64)).isEqualTo(EINVAL);
        assertThat(bed.poll(1, -1)).isEqualTo(EINVAL);
        assertThat(bed.poll(7, 1)).isEqualTo(EINVAL);
        int unbound = bed.allocUnbound(1, SELF, 0);
        assertThat(bed.poll(1, unbound)).isZero();
    }
}
