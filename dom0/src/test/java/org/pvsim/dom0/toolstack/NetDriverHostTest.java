package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.backend.netback.Netback;
import org.pvsim.dom0.backend.netback.VifStats;
import org.pvsim.dom0.xlcfg.VifSpec;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.netfront.Netfront;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * netfront, netback and dom0's bridge on a real host (the auditor after every hypercall): echo round trips between two
 * domUs counted by netback and shown by {@code xl top}, and a hostile frontend whose absurd TX index closes its vif
 * while the other domains' traffic goes on.
 */
class NetDriverHostTest {
    private static final long MS = XlHost.MS;

    /** A guest that connects its vif, then writes an absurd {@code req_prod} into its TX ring and sends a frame. */
    private static final class HostileNetfront implements Workload {
        boolean attacked;

        @Override
        public void step(Kernel kernel, GuestCpu cpu) {
            Netfront f = Netfront.first(kernel);
            if (!attacked && f != null && f.isConnected() && cpu.vcpuId() == 0) {
                byte[] frame = new byte[64];
                frame[0] = (byte) 0xFF;
                f.transmit(cpu, frame, 64);
                cpu.write32(f.txRingVa() + SharedRingDescriptor.REQ_PROD_OFFSET, 0x7FFF_FFF0);
                attacked = true;
            }
            if (!attacked) {
                kernel.hypercalls(cpu).setSingleshotTimer(cpu.vcpuId(), cpu.rdtsc() + MS, 0);
            }
            kernel.hypercalls(cpu).block();
        }

        @Override
        public long progress() {
            return attacked ? 1 : 0;
        }
    }

    private static final WorkloadSpec HOSTILE =
            WorkloadSpec.of("hostile-netfront", "corrupts its TX ring", List.of(), args -> new HostileNetfront());

    static DomainBuildSpec withVif(DomainBuildSpec s, String vif) {
        return s.withDevices(new DomainDevices(List.of(VifSpec.parse(vif)), List.of()));
    }

    private static String console(XlHost host, String name) {
        var logs = host.toolstack.xenconsoled().logs();
        return logs.containsKey(name) ? logs.get(name).text() : "";
    }

    @Test
    void echoRoundTripsCrossTheBridgeAndAreCountedForXentop() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(withVif(XlHost.spec("ping", 1, "net role=ping peer=2 count=200"), "mac=00:16:3e:00:00:01"));
        host.create(withVif(XlHost.spec("pong", 1, "net role=pong count=200"), "mac=00:16:3e:00:00:02"));
        Toolstack.XlInvocation top = host.at(80 * MS, new XlTop(1_000_000L, 1));
        host.runAll();
        assertThat(console(host, "ping"))
                .containsPattern("net: 200 echo replies from 00:16:3e:00:00:02 \\(64 bytes\\), [01] lost");
        assertThat(console(host, "pong")).contains("net: pong: 200 echo requests answered");
        Netback netback = (Netback) host.toolstack.backends().driver("vif");
        VifStats ping = netback.stats(1, 0);
        VifStats pong = netback.stats(2, 0);
        assertThat(ping.rxPackets()).isEqualTo(200);
        assertThat(pong.txPackets()).isEqualTo(200);
        assertThat(ping.txPackets()).isBetween(200L, 201L);
        assertThat(netback.messages()).isEmpty();
        String row = top.out()
                .lines()
                .filter(l -> l.trim().startsWith("ping "))
                .findFirst()
                .orElseThrow();
        String[] cols = row.trim().split("\\s+");
        assertThat(cols[9]).as("NETS in " + row).isEqualTo("1");
        assertThat(Long.parseLong(cols[10])).as("NETTX(k)").isEqualTo(ping.txBytes() / 1024);
        assertThat(Long.parseLong(cols[11])).as("NETRX(k)").isEqualTo(200 * 64 / 1024);
    }

    @Test
    void aFrontendWithAnAbsurdTxIndexLosesItsVifAndTheOthersGoOn() {
        XlHost host = new XlHost("credit2", 2, true, HOSTILE);
        host.create(withVif(XlHost.spec("ping", 1, "net role=ping peer=2 count=200"), "mac=00:16:3e:00:00:01"));
        host.create(withVif(XlHost.spec("pong", 1, "net role=pong count=200"), "mac=00:16:3e:00:00:02"));
        host.create(withVif(XlHost.spec("evil", 1, "hostile-netfront"), "mac=00:16:3e:00:00:03"));
        host.runUntil(80 * MS);
        Netback netback = (Netback) host.toolstack.backends().driver("vif");
        assertThat(netback.messages()).anyMatch(m -> m.startsWith("/local/domain/0/backend/vif/3/0: TX ring corrupt"));
        assertThat(console(host, "evil")).contains("netfront: device/vif/0: backend XenbusStateClosing, closing");
        assertThat(console(host, "ping")).containsPattern("net: 200 echo replies from 00:16:3e:00:00:02");
    }
}
