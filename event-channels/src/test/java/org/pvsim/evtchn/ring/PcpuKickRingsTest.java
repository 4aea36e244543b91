package org.pvsim.evtchn.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PcpuKickRingsTest {
    @Test
    void theRingSizeMustBeAPowerOfTwo() {
        for (int bad : new int[] {0, -1, 3, 6, 1000, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> new PcpuKickRings(bad, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("power of two")
                    .hasMessageContaining(Integer.toString(bad));
        }
        assertThat(new PcpuKickRings(1, 1).ringSize()).isEqualTo(1);
    }

    @Test
    void kicksAreConsumedInOrderByTheirPcpuOnly() {
        PcpuKickRings k = new PcpuKickRings(4, 2);
        assertThat(k.kick(0, 1, 0)).isTrue();
        assertThat(k.kick(1, 2, 1)).isTrue();
        assertThat(k.kick(0, 3, 2)).isTrue();
        assertThat(k.backlog(0)).isEqualTo(2);
        assertThat(k.drain(0)).isEqualTo(2);
        assertThat(k.lastConsumedDomid()).isEqualTo(3);
        assertThat(k.lastConsumedVcpu()).isEqualTo(2);
        assertThat(k.backlog(1)).isEqualTo(1);
        assertThat(k.drain(0)).isZero();
        assertThat(k.drain(1)).isEqualTo(1);
        assertThat(k.kicksPublished()).isEqualTo(3);
        assertThat(k.kicksConsumed()).isEqualTo(3);
    }

    @Test
    void aFullRingDropsAndCountsWithoutBlocking() {
        PcpuKickRings k = new PcpuKickRings(2, 1);
        assertThat(k.kick(0, 1, 0)).isTrue();
        assertThat(k.kick(0, 1, 0)).isTrue();
        assertThat(k.kick(0, 1, 0)).isFalse();
        assertThat(k.kick(0, 1, 0)).isFalse();
        assertThat(k.kicksDropped(0)).isEqualTo(2);
        assertThat(k.drain(0)).isEqualTo(2);
        assertThat(k.kick(0, 1, 0)).as("room again after the drain").isTrue();
        assertThat(k.kicksPublished(0)).isEqualTo(3);
    }

    @Test
    void aPcpuBeyondTheCountGetsARingOnItsFirstKick() {
        PcpuKickRings k = new PcpuKickRings(2, 1);
        assertThat(k.drain(5)).isZero();
        assertThat(k.nrRings()).isEqualTo(1);
        assertThat(k.kick(5, 1, 0)).isTrue();
        assertThat(k.nrRings()).isEqualTo(6);
        assertThat(k.drain(5)).isEqualTo(1);
        assertThat(k.kick(-1, 1, 0)).isFalse();
        assertThat(k.drain(-1)).isZero();
    }
}
