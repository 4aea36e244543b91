package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.pvsim.guest.GuestHost.MS;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.gnttab.abi.GntMap;
import org.pvsim.gnttab.abi.GnttabStatus;
import org.pvsim.gnttab.abi.GrantEntryV1Descriptor;
import org.pvsim.gnttab.abi.GrantFlags;
import org.pvsim.guest.api.KernelPanic;
import org.pvsim.guest.gnttab.GrantMapOp;
import org.pvsim.guest.gnttab.GrantUnmapOp;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.guest.gnttab.QuerySize;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestPageFault;
import org.pvsim.hypervisor.machine.FrameTable;

/**
 * The kernel's grant API against the real hypervisor with event channels and grant tables: scripts run as dom0's
 * kernel code, and the test looks at the machine behind them. dom0 grants to itself (a self-grant), so one domain
 * exercises grant, map, end and unmap.
 */
class GuestGrantsTest {
    private static final long PATTERN = 0x5EED_0F_6A4A_17L;

    /** Runs {@code script} in dom0 on a host with grant tables; returns the host after 5 ms, audited throughout. */
    private static GuestHost run(ScriptWorkload.Script script) {
        GuestHost host = GuestHost.bootWithGrants(2, "rr", "workload=script", ScriptWorkload.catalog(script));
        host.auditEveryHypercall();
        host.runUntil(5 * MS);
        assertThat(host.kernel(0).workload().progress()).as("the script ran").isEqualTo(1);
        return host;
    }

    @Test
    void setUpOnFirstUseMapsTheTableAndGrantsLandInItsFrameInGrantTableOrder() {
        long[] seen = new long[6];
        GuestHost[] ref = new GuestHost[1];
        GuestHost host = run(
                (kernel, cpu) -> {
                    GuestGrants g = kernel.grants(cpu);
                    assertThat(g.isReady()).isFalse();
                    QuerySize q = g.querySize(DomId.DOMID_SELF);
                    assertThat(q.rc()).isZero();
                    assertThat(q.status()).isEqualTo(GnttabStatus.GNTST_okay.code);
                    int r = g.allocRef();
                    assertThat(r).as("0-7 are reserved").isEqualTo(8);
                    assertThat(g.allocRef()).isEqualTo(9);
                    assertThat(g.isReady()).isTrue();
                    assertThat(g.nrFrames()).isEqualTo(1);
                    assertThat(g.maxFrames()).isEqualTo((int) q.maxNrFrames());
                    assertThat(g.capacity()).isEqualTo(GrantFlags.V1_ENTRIES_PER_FRAME);
                    long pfn = kernel.allocPfn();
                    g.grantAccess(r, 7, kernel.mfn(pfn), true);
                    long frame = g.frameMfn(0);
                    int off = r * GrantEntryV1Descriptor.SIZE;
                    seen[0] = ref[0].hv.machine().memory().read16(frame, off + GrantEntryV1Descriptor.FLAGS_OFFSET);
                    seen[1] = ref[0].hv.machine().memory().read16(frame, off + GrantEntryV1Descriptor.DOMID_OFFSET);
                    seen[2] = ref[0].hv.machine().memory().read32(frame, off + GrantEntryV1Descriptor.FRAME_OFFSET);
                    seen[3] = kernel.mfn(pfn);
                    assertThat(g.endAccess(r)).as("nobody maps it").isTrue();
                    seen[4] = ref[0].hv.machine().memory().read16(frame, off + GrantEntryV1Descriptor.FLAGS_OFFSET);
                    g.freeRef(r);
                    assertThat(g.allocRef())
                            .as("the lowest free reference again")
                            .isEqualTo(8);
                    seen[5] = g.allocatedRefs();
                },
                ref);
        assertThat(seen[0]).isEqualTo(GrantFlags.GTF_permit_access | GrantFlags.GTF_readonly);
        assertThat(seen[1]).isEqualTo(7);
        assertThat(seen[2]).isEqualTo(seen[3]);
        assertThat(seen[4]).isZero();
        assertThat(seen[5]).isEqualTo(2);
        host.assertAuditClean();
    }

    /** {@link #run(ScriptWorkload.Script)}, with the host visible to the script through {@code ref[0]}. */
    private static GuestHost run(ScriptWorkload.Script script, GuestHost[] ref) {
        GuestHost host = GuestHost.bootWithGrants(2, "rr", "workload=script", ScriptWorkload.catalog(script));
        ref[0] = host;
        host.auditEveryHypercall();
        host.runUntil(5 * MS);
        assertThat(host.kernel(0).workload().progress()).as("the script ran").isEqualTo(1);
        return host;
    }

    @Test
    void theTableGrowsByAFrameWhenItsReferencesRunOut() {
        GuestHost host = run((kernel, cpu) -> {
            GuestGrants g = kernel.grants(cpu);
            for (int i = 8; i < GrantFlags.V1_ENTRIES_PER_FRAME; i++) {
                assertThat(g.allocRef()).isEqualTo(i);
            }
            assertThat(g.nrFrames()).isEqualTo(1);
            assertThat(g.allocRef()).isEqualTo(GrantFlags.V1_ENTRIES_PER_FRAME);
            assertThat(g.nrFrames()).isEqualTo(2);
            assertThat(g.allocatedRefs()).isEqualTo(GrantFlags.V1_ENTRIES_PER_FRAME - 8 + 1);
        });
        host.assertAuditClean();
    }

    @Test
    void aSelfGrantMapsReadsWritesCannotBeEndedWhileMappedAndEndsAfterTheUnmap() {
        FrameTable[] ft = new FrameTable[1];
        long[] counts = new long[4];
        GuestHost[] ref = new GuestHost[1];
        GuestHost host = run(
                (kernel, cpu) -> {
                    ft[0] = ref[0].hv.machine().frames();
                    GuestGrants g = kernel.grants(cpu);
                    long pfn = kernel.allocPfn();
                    long mfn = kernel.mfn(pfn);
                    cpu.write64(kernel.va(pfn) + 64, PATTERN);
                    counts[0] = ft[0].count(mfn);
                    counts[1] = ft[0].typeCount(mfn);
                    int r = g.grantForeignAccess(0, mfn, false);
                    long va = g.reserveVa();
                    assertThat(GuestGrants.isError(va)).isFalse();
                    GrantMapOp self = new GrantMapOp().set(va, GntMap.GNTMAP_host_map, r, DomId.DOMID_SELF);
                    assertThat(g.map(self)).isZero();
                    assertThat(self.status)
                            .as("map_grant_ref looks the granter up by id: DOMID_SELF is not one")
                            .isEqualTo(GnttabStatus.GNTST_bad_domain.code);
                    GrantMapOp map = new GrantMapOp().set(va, GntMap.GNTMAP_host_map, r, 0);
                    assertThat(g.map(map)).isZero();
                    assertThat(map.status).as(map.toString()).isEqualTo(GnttabStatus.GNTST_okay.code);
                    assertThat(cpu.read64(va + 64)).isEqualTo(PATTERN);
                    cpu.write64(va + 128, ~PATTERN);
                    assertThat(cpu.read64(kernel.va(pfn) + 128)).isEqualTo(~PATTERN);
                    assertThat(g.isInUse(r)).isTrue();
                    assertThat(g.statusWord(r) & (GrantFlags.GTF_reading | GrantFlags.GTF_writing))
                            .isEqualTo(GrantFlags.GTF_reading | GrantFlags.GTF_writing);
                    counts[2] = ft[0].count(mfn);
                    counts[3] = ft[0].typeCount(mfn);
                    assertThat(g.endAccess(r))
                            .as("revocation of an entry in use")
                            .isFalse();
                    assertThat(g.endForeignAccess(r)).isFalse();

                    GrantUnmapOp unmap = new GrantUnmapOp().of(map);
                    assertThat(g.unmap(unmap)).isZero();
                    assertThat(unmap.status).isEqualTo(GnttabStatus.GNTST_okay.code);
                    assertThatThrownBy(() -> cpu.read64(va)).isInstanceOf(GuestPageFault.class);
                    assertThat(g.unmap(unmap.of(map))).isZero();
                    assertThat(unmap.status).as("a double unmap").isEqualTo(GnttabStatus.GNTST_bad_handle.code);
                    assertThat(g.isInUse(r)).isFalse();
                    assertThat(g.endForeignAccess(r)).isTrue();
                    assertThat(ft[0].count(mfn)).isEqualTo(counts[0]);
                    assertThat(ft[0].typeCount(mfn)).isEqualTo(counts[1]);
                    g.releaseVa(va);
                },
                ref);
        assertThat(counts[2]).as("the map's page reference").isEqualTo(counts[0] + 1);
        assertThat(counts[3]).as("the map's writable type reference").isEqualTo(counts[1] + 1);
        host.assertAuditClean();
    }

    @Test
    void aReadOnlyMapCannotBeWrittenAndAContainsPteMapWritesTheNamedEntry() {
        GuestHost host = run((kernel, cpu) -> {
            GuestGrants g = kernel.grants(cpu);
            long pfn = kernel.allocPfn();
            cpu.write64(kernel.va(pfn), PATTERN);
            int ro = g.grantForeignAccess(0, kernel.mfn(pfn), true);
            long va = g.reserveVa();
            GrantMapOp write = new GrantMapOp().set(va, GntMap.GNTMAP_host_map, ro, 0);
            g.map(write);
            assertThat(write.status).as("a writable map of a read-only grant").isEqualTo(-1);
            GrantMapOp map = new GrantMapOp().set(va, GntMap.GNTMAP_host_map | GntMap.GNTMAP_readonly, ro, 0);
            g.map(map);
            assertThat(map.status).isZero();
            assertThat(cpu.read64(va)).isEqualTo(PATTERN);
            assertThatThrownBy(() -> cpu.write64(va, 0)).isInstanceOf(GuestPageFault.class);
            assertThat(g.isInUse(ro)).isTrue();
            assertThat(g.statusWord(ro) & GrantFlags.GTF_writing).isZero();

            long va2 = g.reserveVa();
            GrantMapOp pte = new GrantMapOp()
                    .set(
                            g.pteMachineAddress(va2),
                            GntMap.GNTMAP_host_map | GntMap.GNTMAP_readonly | GntMap.GNTMAP_contains_pte,
                            ro,
                            0);
            g.map(pte);
            assertThat(pte.status).isZero();
            assertThat(cpu.read64(va2)).isEqualTo(PATTERN);
            assertThat(pte.handle).isNotEqualTo(map.handle);

            GrantUnmapOp[] unmaps = {new GrantUnmapOp().of(map), new GrantUnmapOp().of(pte)};
            assertThat(g.unmap(unmaps, 2)).isZero();
            assertThat(unmaps[0].status).isZero();
            assertThat(unmaps[1].status).isZero();
            assertThat(g.endForeignAccess(ro)).isTrue();
            g.releaseVa(va);
            g.releaseVa(va2);
        });
        host.assertAuditClean();
    }

    @Test
    void mapErrorsComeBackAsGnttabStatusesInABatch() {
        List<Integer> statuses = new ArrayList<>();
        GuestHost host = run((kernel, cpu) -> {
            GuestGrants g = kernel.grants(cpu);
            int r = g.grantForeignAccess(5, kernel.mfn(kernel.allocPfn()), false);
            long va = g.reserveVa();
            GrantMapOp[] ops = {
                new GrantMapOp().set(va, 0, r, 0),
                new GrantMapOp().set(va, GntMap.GNTMAP_host_map, r, 77),
                new GrantMapOp().set(va, GntMap.GNTMAP_host_map, 1 << 20, 0),
                new GrantMapOp().set(va, GntMap.GNTMAP_host_map, r, 0),
                new GrantMapOp().set(va, GntMap.GNTMAP_host_map, 9, 0),
            };
            assertThat(g.map(ops, ops.length)).isZero();
            for (GrantMapOp op : ops) {
                statuses.add(op.status);
            }
            assertThat(g.endForeignAccess(r)).isTrue();
            assertThatThrownBy(() -> g.freeRef(r)).as("a double free").isInstanceOf(KernelPanic.class);
        });
        assertThat(statuses)
                .containsExactly(
                        GnttabStatus.GNTST_bad_gntref.code,
                        GnttabStatus.GNTST_bad_domain.code,
                        GnttabStatus.GNTST_bad_gntref.code,
                        GnttabStatus.GNTST_general_error.code,
                        GnttabStatus.GNTST_general_error.code);
        assertThat(host.console()).contains("kernel panic: gnttab: free of grant reference 8, which is not allocated");
    }

    @Test
    void version2MapsStatusFramesAndGoingBackUnmapsThem() {
        GuestHost host = run((kernel, cpu) -> {
            GuestGrants g = kernel.grants(cpu);
            assertThat(g.getVersion()).isEqualTo(1);
            assertThat(g.setVersion(3)).isEqualTo(Errno.EINVAL.neg());
            assertThat(g.setVersion(2)).isZero();
            assertThat(g.version()).isEqualTo(2);
            assertThat(g.getVersion()).isEqualTo(2);
            assertThat(g.nrStatusFrames()).isEqualTo(1);
            assertThat(g.capacity()).isEqualTo(GrantFlags.V2_ENTRIES_PER_FRAME);

            long pfn = kernel.allocPfn();
            cpu.write64(kernel.va(pfn), PATTERN);
            int r = g.grantForeignAccess(0, kernel.mfn(pfn), false);
            assertThat(g.setVersion(1))
                    .as("the kernel switches only with nothing granted")
                    .isEqualTo(-16);
            long va = g.reserveVa();
            GrantMapOp map = new GrantMapOp().set(va, GntMap.GNTMAP_host_map, r, 0);
            g.map(map);
            assertThat(map.status).isZero();
            assertThat(cpu.read64(va)).isEqualTo(PATTERN);
            assertThat(g.isInUse(r)).as("GTF_reading in the status frame").isTrue();
            assertThat(g.endAccess(r)).isFalse();
            assertThat(g.unmap(new GrantUnmapOp().of(map))).isZero();
            assertThat(g.endForeignAccess(r)).isTrue();
            g.releaseVa(va);

            assertThat(g.setVersion(1)).isZero();
            assertThat(g.version()).isEqualTo(1);
            assertThat(g.nrStatusFrames()).isZero();
            assertThat(g.getVersion()).isEqualTo(1);
        });
        host.assertAuditClean();
    }

    @Test
    void withoutGrantTablesInTheHypervisorEveryCallAnswersEnosys() {
        int[] rc = new int[2];
        WorkloadCatalog catalog = ScriptWorkload.catalog((kernel, cpu) -> {
            rc[0] = kernel.grants(cpu).allocRef();
            rc[1] = (int) kernel.grants(cpu).setVersion(2);
        });
        GuestHost host = GuestHost.bootWithEvents(2, "rr", "workload=script", catalog);
        host.runUntil(5 * MS);
        assertThat(rc).containsExactly(Errno.ENOSYS.neg(), Errno.ENOSYS.neg());
        host.assertAuditClean();
    }
}
