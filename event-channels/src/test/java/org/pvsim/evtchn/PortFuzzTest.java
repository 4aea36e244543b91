package org.pvsim.evtchn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.pvsim.evtchn.testing.Rc.EINVAL;
import static org.pvsim.evtchn.testing.Rc.SELF;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnFifo;
import org.pvsim.evtchn.testing.EvtchnTestBed;
import org.pvsim.evtchn.testing.Rc;
import org.pvsim.hypervisor.abi.Virq;

/**
 * Every sub-op and {@code SCHEDOP_poll}'s port check on every port from 0 to 2^17 (and a few 32-bit extremes) for a
 * domain that has few ports: an error or a success, never an exception; a port the domain does not have is {@code
 * -EINVAL} and changes nothing (I12); the auditor is satisfied throughout.
 */
class PortFuzzTest {
    static final Set<Integer> ERRNOS = Set.of(
            Rc.EPERM,
            Rc.ENOENT,
            Rc.ESRCH,
            Rc.EBUSY,
            Rc.EEXIST,
            Rc.EINVAL,
            Rc.ENOSPC,
            Rc.ENOSYS,
            Rc.EACCES,
            Rc.EOPNOTSUPP);

    EvtchnTestBed bed;

    int call(String what, int value, java.util.function.IntSupplier op) {
        int rc;
        try {
            rc = op.getAsInt();
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(what + " on " + value + " threw " + e, e);
        }
        if (rc < 0 && !ERRNOS.contains(rc)) {
            fail(what + " on " + value + " returned " + rc + ", not an errno of event channels");
        }
        return rc;
    }

    @Test
    void everySubOpOnEveryPortIsAnErrorOrASuccessNeverAnException() {
        bed = new EvtchnTestBed();
        bed.dom0(2);
        bed.domain(1, 2);
        bed.domain(2, 1);
        int offer = bed.allocUnbound(2, SELF, 1);
        bed.bindInterdomain(1, 2, offer);
        bed.allocUnbound(1, SELF, 2);
        bed.bindIpi(1, 1);
        bed.bindVirq(1, Virq.VIRQ_TIMER.code, 0);
        int valid = bed.table(1).validPorts();

        int[] extremes = {Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0xFFFF, 0x10000};
        int top = EvtchnFifo.EVTCHN_FIFO_NR_CHANNELS;
        for (int i = 0; i <= top + extremes.length; i++) {
            int port = i <= top ? i : extremes[i - top - 1];
            boolean invalid = port < 0 || port >= bed.table(1).validPorts();
            long journalBefore = bed.host.journal.evtchnEntries.size();

            int poll = call("poll", port, () -> bed.poll(1, port));
            int send = call("send", port, () -> bed.send(1, port));
            int unmask = call("unmask", port, () -> bed.unmask(1, port));
            int prio = call("set_priority", port, () -> bed.setPriority(1, port, 3));
            int vcpu = call("bind_vcpu", port, () -> bed.bindVcpu(1, port, 0));
            int status = call("status", port, () -> bed.status(1, SELF, port).rc());
            int other = call("status of d2", port, () -> bed.status(1, 2, port).rc());
            int inter = call("bind_interdomain", port, () -> bed.bindInterdomain(1, 2, port));
            int close = call("close", port, () -> bed.close(1, port));
            if (invalid) {
                assertThat(new int[] {poll, send, unmask, prio, vcpu, status, close})
                        .as("port %d", port)
                        .containsOnly(EINVAL);
                assertThat(inter).as("bind_interdomain to port %d", port).isEqualTo(EINVAL);
                assertThat(other).isIn(EINVAL, Rc.EPERM);
                assertThat(bed.host.journal.evtchnEntries)
                        .as("port %d changed nothing", port)
                        .hasSize((int) journalBefore);
            }
            // the sub-ops that take no port get the same value in their scalar argument
            call("alloc_unbound", port, () -> bed.allocUnbound(1, port & 0xFFFF, port & 0xFFFF));
            call("bind_virq", port, () -> bed.bindVirq(1, port, port & 1));
            call("bind_virq vcpu", port, () -> bed.bindVirq(1, Virq.VIRQ_DEBUG.code, port));
            call("bind_ipi", port, () -> bed.bindIpi(1, port));
            call("bind_pirq", port, () -> bed.bindPirq(1, port, port));
            call("init_control", port, () -> bed.initControl(1, port, port, port));
            call("expand_array", port, () -> bed.expandArray(1, port));
            // resetting itself would close the few bound ports at once: that is done last
            int dom = port & 0xFFFF;
            call("reset", port, () -> bed.reset(1, dom == 1 || dom == SELF ? 3 : dom));
            call("compat", port, () -> bed.compat(1, port & 15, new byte[] {(byte) port, (byte) (port >> 8), 0, 0}));
            if ((i & 0x3FFF) == 0) {
                assertThat(bed.audit()).as("after port %d", port).isEmpty();
            }
        }
        assertThat(bed.audit()).isEmpty();
        assertThat(bed.reset(1, SELF)).isZero();
        assertThat(bed.audit()).isEmpty();
        assertThat(bed.table(1).validPorts()).as("a domain with few ports").isLessThan(1024);
        assertThat(valid).isEqualTo(64);
    }
}
