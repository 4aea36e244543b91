package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.daemon.ConsoleLog;
import org.pvsim.dom0.hw.MachineDiskDriver;
import org.pvsim.dom0.hw.MachineNicDriver;
import org.pvsim.dom0.xlcfg.DiskSpec;
import org.pvsim.dom0.xlcfg.VifSpec;
import org.pvsim.hypervisor.device.MachineDisk;
import org.pvsim.hypervisor.device.MachineNic;

/**
 * The machine's own disk and NIC behind dom0's backends, on a real host with the auditor after every hypercall: a
 * {@code /dev/} disk is served by the disk controller through dom0's driver (DMA into blkback's pages, completions by
 * PIRQ), a guest's echo requests to the wire peer cross xenbr0's uplink {@code peth0} and the NIC, and a stream to the
 * wire leaves at no more than line rate.
 */
class MachineDevicesHostTest {
    private static final long MS = XlHost.MS;

    private static String console(XlHost host, String name) {
        Map<String, ConsoleLog> logs = host.toolstack.xenconsoled().logs();
        return logs.containsKey(name) ? logs.get(name).text() : "";
    }

    private static DomainBuildSpec withDisk(DomainBuildSpec s, String disk) {
        return s.withDevices(new DomainDevices(List.of(), List.of(DiskSpec.parse(disk))));
    }

    private static DomainBuildSpec withVif(DomainBuildSpec s, String vif) {
        return s.withDevices(new DomainDevices(List.of(VifSpec.parse(vif)), List.of()));
    }

    @Test
    void aDevDiskIsServedByTheControllerThroughDom0sDriverAndItsErrorsReachTheGuest() {
        XlHost host = new XlHost("credit2", 3, true, null, 2);
        host.create(withDisk(XlHost.spec("io", 1, "disk qd=16 count=3000 span=4 op=rw"), "/dev/sdb,raw,xvda,rw"));
        host.at(8 * MS, new Dom0Fault.DiskError("io", "xvda", 3));
        host.runAll();
        host.runUntil(400 * MS);

        MachineDiskDriver driver = host.toolstack.machineDisk();
        MachineDisk disk = host.hv.devices().disk();
        String log = console(host, "io");
        assertThat(log)
                .contains("blkfront: device/vbd/51712: connected, 2097152 sectors")
                .containsPattern("disk: 3000 requests in [0-9.]+ s")
                .contains(", 0 mismatches, 3 failed;");
        assertThat(host.hv.console().text())
                .containsPattern(
                        "pvsim-disk: 2097152 sectors, queue depth 64, GSI 11 as PIRQ 11 on event channel" + " [0-9]+");
        // every request went through the controller, which moved the data by DMA
        assertThat(driver.completed()).isEqualTo(3000);
        assertThat(driver.failed()).isEqualTo(3);
        assertThat(disk.completed()).isEqualTo(3000);
        assertThat(disk.bytesRead() + disk.bytesWritten()).isEqualTo((3000 - 3) * 4096L);
        assertThat(driver.interrupts()).isPositive().isLessThanOrEqualTo(3000);
        assertThat(host.hv.irqLines().delivered(11)).isEqualTo(driver.interrupts());
        // 16 requests in flight and 80 us per command: at least 3000 / 16 x 80 us
        double seconds = Double.parseDouble(log.replaceAll("(?s).*disk: 3000 requests in ([0-9.]+) s.*", "$1"));
        assertThat(seconds).isGreaterThanOrEqualTo(3000 / 16 * 80e-6);
    }

    @Test
    void echoRequestsToTheWirePeerCrossTheBridgesUplinkAndTheNic() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(withVif(XlHost.spec("ping", 1, "net role=ping peer=wire count=200"), "mac=00:16:3e:00:00:01"));
        host.runUntil(300 * MS);
        assertThat(console(host, "ping")).contains("net: 200 echo replies from 02:00:00:00:00:01 (64 bytes), 0 lost");
        assertThat(host.hv.console().text())
                .containsPattern("peth0: 10000 Mb/s, MAC 02:00:00:00:00:10, GSI 10 as PIRQ 10 on event channel [0-9]+");
        MachineNic nic = host.hv.devices().nic();
        MachineNicDriver driver = host.toolstack.machineNic();
        assertThat(nic.peer().echoed()).isEqualTo(200);
        assertThat(nic.rxFrames()).isEqualTo(200);
        assertThat(nic.missed()).isZero();
        assertThat(driver.rxFrames()).isEqualTo(200);
        assertThat(driver.txDropped()).isZero();
    }

    @Test
    void aStreamToTheWireLeavesNoFasterThanLineRate() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(withVif(
                XlHost.spec("tx", 1, "net role=stream peer=wire count=3000 size=1514 rate=0"),
                "mac=00:16:3e:00:00:01"));
        host.runUntil(300 * MS);
        String log = console(host, "tx");
        assertThat(log).containsPattern("net: stream: 3000 frames of 1514 bytes to 02:00:00:00:00:01 in [0-9.]+ us");
        MachineNic nic = host.hv.devices().nic();
        long sent = nic.peer().dataFrames();
        assertThat(sent + host.toolstack.machineNic().txDropped()).isEqualTo(3000);
        assertThat(sent).isPositive();
        assertThat(nic.peer().dataBytes()).isEqualTo(sent * 1514);
        // the card cannot have sent them in less than their time on a 10 Gb/s wire
        long wireNs = sent * nic.spec().wireNs(1514);
        assertThat(host.hv.now()).isGreaterThanOrEqualTo(wireNs);
    }
}
