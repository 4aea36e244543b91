package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.backend.BlockCompletion;
import org.pvsim.dom0.backend.BlockStore;
import org.pvsim.dom0.backend.BlockStores;
import org.pvsim.dom0.backend.blkback.Blkback;
import org.pvsim.dom0.xlcfg.DiskSpec;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.blkfront.Blkfront;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.io.BlkifOp;
import org.pvsim.hypervisor.abi.io.SharedRingDescriptor;

/**
 * blkfront and blkback on a real host (dom0's toolstack, xenstored, the backend bus, the auditor after every
 * hypercall): checksummed I/O, a backend that dies with requests in flight and comes back (each reissued once, none
 * lost, none done twice), and a hostile frontend whose absurd ring index disconnects its disk alone.
 */
class BlockDriverHostTest {
    private static final long MS = XlHost.MS;

    /** A store that takes the next {@link #holdNext} requests and never answers them: a disk that hangs for a while. */
    private static final class HangingStore implements BlockStore {
        final BlockStores stores;
        BlockStore image;
        int holdNext;
        long held;

        HangingStore(BlockStores stores) {
            this.stores = stores;
        }

        @Override
        public long sectors() {
            return 8 << 11;
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public boolean submit(
                GuestCpu cpu, int op, long sector, int n, long[] pfns, int nPages, long tag, BlockCompletion done) {
            if (holdNext > 0) {
                holdNext--;
                held++;
                return true;
            }
            if (image == null) {
                image = stores.open("image", "mem:8M", false);
            }
            return image.submit(cpu, op, sector, n, pfns, nPages, tag, done);
        }
    }

    /** A guest that connects its disk, submits one read, then writes an absurd {@code req_prod} into its ring. */
    private static final class HostileFrontend implements Workload {
        boolean attacked;

        @Override
        public void step(Kernel kernel, GuestCpu cpu) {
            Blkfront f = Blkfront.first(kernel);
            if (!attacked && f != null && f.isConnected() && cpu.vcpuId() == 0) {
                long pfn = kernel.allocPfn();
                f.submit(cpu, BlkifOp.BLKIF_OP_READ, 0, 8, new long[] {pfn}, (c, cookie, status) -> {}, 0);
                cpu.write32(f.ringVa() + SharedRingDescriptor.REQ_PROD_OFFSET, 0x7FFF_FFF0);
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
            WorkloadSpec.of("hostile-blkfront", "corrupts its blkif ring", List.of(), args -> new HostileFrontend());

    /** {@code spec} with the disks {@code disks}. */
    static DomainBuildSpec withDisks(DomainBuildSpec s, String... disks) {
        return s.withDevices(new DomainDevices(
                List.of(), Stream.of(disks).map(DiskSpec::parse).toList()));
    }

    private static String console(XlHost host, String name) {
        Map<String, org.pvsim.dom0.daemon.ConsoleLog> logs =
                host.toolstack.xenconsoled().logs();
        return logs.containsKey(name) ? logs.get(name).text() : "";
    }

    @Test
    void checksummedIoCompletesEveryRequestOnceAndCountsItForXentop() {
        XlHost host = new XlHost("credit2", 2, true);
        host.create(withDisks(XlHost.spec("io", 1, "disk qd=8 count=2000 span=4 op=rw"), "mem:8M,raw,xvda,rw"));
        Toolstack.XlInvocation top = host.at(70 * MS, new XlTop(1_000_000L, 1));
        Toolstack.XlInvocation blocks = host.at(72 * MS, new XlDeviceList("vbd", List.of("nosuch", "io")));
        Toolstack.XlInvocation nets = host.at(72 * MS, new XlDeviceList("vif", List.of("nosuch", "io")));
        host.runAll();
        // block-list goes on past a domain that does not exist; network-list stops there, as xl does
        assertThat(blocks.exitCode()).isZero();
        assertThat(blocks.out()).contains("51712 0   1      4     ").contains("/local/domain/0/backend/vbd/1/51712");
        assertThat(nets.exitCode()).isEqualTo(1);
        String log = console(host, "io");
        assertThat(log)
                .contains("blkfront: device/vbd/51712: connected, 16384 sectors")
                .containsPattern("disk: 2000 requests in [0-9.]+ s")
                .containsPattern("disk: [0-9]+ writes, [0-9]+ reads verified, 0 mismatches, 0 failed; 0 reissued"
                        + " after the backend came back, 0 stray responses");
        Blkback blkback = (Blkback) host.toolstack.backends().driver("vbd");
        var stats = blkback.stats(1, 51712);
        assertThat(stats.rdReqs() + stats.wrReqs()).isEqualTo(2000);
        assertThat(stats.rdSect() + stats.wrSect()).isEqualTo(2000 * 8);
        assertThat(blkback.messages()).isEmpty();
        // xentop's VBD columns: one disk, the requests and sectors above
        String row = top.out()
                .lines()
                .filter(l -> l.trim().startsWith("io "))
                .findFirst()
                .orElseThrow();
        String[] cols = row.trim().split("\\s+");
        assertThat(cols[12]).as("VBDS in " + row).isEqualTo("1");
        assertThat(Long.parseLong(cols[14]) + Long.parseLong(cols[15]))
                .as("VBD_RD + VBD_WR")
                .isEqualTo(2000);
        assertThat(Long.parseLong(cols[16]) + Long.parseLong(cols[17]))
                .as("sectors")
                .isEqualTo(2000 * 8);
    }

    @Test
    void aBackendThatDiesWithRequestsInFlightComesBackAndEachIsReissuedOnce() {
        XlHost host = new XlHost("credit2", 2, true);
        HangingStore store = new HangingStore(host.toolstack.blockStores());
        host.toolstack.blockStores().put("test:hanging", store);
        host.create(withDisks(XlHost.spec("io", 1, "disk qd=16 count=12000 span=4 op=rw"), "test:hanging,raw,xvda,rw"));
        host.runUntil(15 * MS);
        assertThat(console(host, "io")).contains("connected, 16384 sectors").doesNotContain("disk: 12000 requests");
        store.holdNext = 16; // the disk hangs: the next 16 requests stay in flight, never answered
        host.at(17 * MS, new Dom0Fault.KillBackend("vbd"));
        host.at(19 * MS, new Dom0Fault.RestartBackend("vbd"));
        host.runAll();
        assertThat(store.held).isEqualTo(16);
        host.runUntil(150 * MS);
        String log = console(host, "io");
        assertThat(log)
                .containsPattern("backend XenbusStateClos(ing|ed), closing with (1[0-6]|[1-9]) requests in flight")
                .containsPattern("connected, 16384 sectors, (1[0-6]|[1-9]) requests reissued")
                .containsPattern("disk: 12000 requests in")
                .containsPattern(", 0 mismatches, 0 failed; (1[0-6]|[1-9]) reissued after the backend came back,"
                        + " 0 stray responses");
    }

    @Test
    void aFrontendWithAnAbsurdRingIndexIsDisconnectedAndAnotherDomainsIoGoesOn() {
        XlHost host = new XlHost("credit2", 2, true, HOSTILE);
        host.create(withDisks(XlHost.spec("good", 1, "disk qd=8 count=2000 span=4 op=rw"), "mem:8M,raw,xvda,rw"));
        host.create(withDisks(XlHost.spec("evil", 1, "hostile-blkfront"), "mem:8M,raw,xvda,rw"));
        host.runUntil(60 * MS);
        Blkback blkback = (Blkback) host.toolstack.backends().driver("vbd");
        assertThat(blkback.messages()).anyMatch(m -> m.startsWith("/local/domain/0/backend/vbd/2/51712: ring corrupt"));
        assertThat(console(host, "evil")).contains("blkfront: device/vbd/51712: backend XenbusStateClosing");
        assertThat(console(host, "good"))
                .containsPattern("disk: 2000 requests in")
                .contains(", 0 mismatches, 0 failed;");
    }
}
