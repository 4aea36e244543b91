package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.PvKernel;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.console.ConsoleRing;
import org.pvsim.guest.evtchn.EventChannelOp;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.XenconsInterfaceDescriptor;

/**
 * A guest that writes impossible indices into its console ring and notifies xenconsoled: that console alone is
 * dropped and reported; dom0, the toolstack and another guest's console carry on.
 */
class HostileConsoleTest {
    private static final long MS = XlHost.MS;

    /** On its first step: out_prod a megabyte ahead of out_cons, then a notification; then it idles. */
    private static final class CorruptConsole implements Workload {
        private long steps;

        @Override
        public void step(Kernel kernel, GuestCpu cpu) {
            if (steps++ == 0) {
                ConsoleRing ring = ((PvKernel) kernel).consoleRing();
                cpu.write32(ring.pageVa() + XenconsInterfaceDescriptor.OUT_PROD_OFFSET, 1 << 20);
                cpu.write32(ring.pageVa() + XenconsInterfaceDescriptor.OUT_CONS_OFFSET, 0);
                EventChannelOp.send(kernel.hypercalls(cpu), ring.port());
            }
            kernel.hypercalls(cpu).block();
        }

        @Override
        public long progress() {
            return steps;
        }
    }

    @Test
    void aCorruptConsoleRingIsDroppedAndNothingElseIsHurt() {
        WorkloadSpec hostile = WorkloadSpec.of(
                "corrupt-console", "writes impossible console indices", List.of(), a -> new CorruptConsole());
        XlHost host = new XlHost("credit2", 2, true, hostile);
        host.create(XlHost.spec("evil", 1, "corrupt-console"));
        host.create(XlHost.spec("good", 1, "cpu burst=1ms"));
        Toolstack.XlInvocation console = host.at(100 * MS, new XlConsoleAttach("good", null, 0));
        Toolstack.XlInvocation evil = host.at(100 * MS, new XlConsoleAttach("evil", null, 0));
        Toolstack.XlInvocation list = host.at(100 * MS, XlListDomains.all());
        host.runAll();
        assertThat(host.toolstack.xenconsoled().messages())
                .containsExactly("d1: console ring corrupt (out indices); console dropped");
        assertThat(host.toolstack.xenconsoled().served()).containsExactly(2);
        assertThat(console.out()).contains("cpu: bursts of 1ms, yielding after each, forever");
        assertThat(evil.err()).isEqualTo("Unable to attach console\n");
        assertThat(list.out()).containsPattern("\nevil +1 ");
        // its boot lines were still in the ring when it turned hostile: with impossible indices nothing is read
        assertThat(host.toolstack.xenconsoled().logs().get("evil").text()).isEmpty();
    }
}
