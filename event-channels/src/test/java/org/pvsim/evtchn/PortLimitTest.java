package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.evtchn.testing.Rc.ENOSPC;
import static org.pvsim.evtchn.testing.Rc.SELF;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.hypervisor.abi.Virq;

/** Allocation stops with {@code -ENOSPC} at min(4096 ports of the 2-level ABI, max_evtchn_port + 1) (I12). */
class PortLimitTest {
    @ParameterizedTest(name = "max_evtchn_port {0}")
    @ValueSource(ints = {0, 1, 5, 63, 64, 65, 127, 1023, 4094, 4095, 4096, 100_000, -1})
    void allocationStopsWithEnospcAtTheLimit(int maxPort) {
        EvtchnTestBed bed = new EvtchnTestBed();
        var d = bed.create(1, 2);
        d.maxEvtchnPort = maxPort;
        bed.announce(1);
        bed.domain(2, 1);
        long limit = Math.min(4096, maxPort < 0 ? Long.MAX_VALUE : (long) maxPort + 1);
        int n = 0;
        int rc;
        while ((rc = bed.allocUnbound(1, SELF, 2)) >= 0) {
            n++;
            assertThat(rc).isEqualTo(n);
        }
        assertThat(rc).isEqualTo(ENOSPC);
        assertThat(n).isEqualTo(limit - 1);
        assertThat(bed.bindIpi(1, 0)).isEqualTo(ENOSPC);
        assertThat(bed.bindVirq(1, Virq.VIRQ_TIMER.code, 0)).isEqualTo(ENOSPC);
        assertThat(bed.allocUnbound(0 + 2, SELF, 1)).isPositive();
        assertThat(bed.bindInterdomain(1, 2, 1)).isEqualTo(ENOSPC);
        assertThat(bed.table(1).validPorts()).isLessThanOrEqualTo((int) Math.max(64, (limit + 63) / 64 * 64));
        assertThat(bed.audit()).isEmpty();
        if (n > 0) {
            // closing one port makes exactly one allocation possible again, at that port
            int mid = (n + 1) / 2;
            assertThat(bed.close(1, mid)).isZero();
            assertThat(bed.bindIpi(1, 1)).isEqualTo(mid);
            assertThat(bed.bindIpi(1, 1)).isEqualTo(ENOSPC);
        }
        assertThat(bed.audit()).isEmpty();
    }
}
