package org.pvsim.guest.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.guest.GuestHostAccess;
import org.pvsim.guest.gnttab.GuestGrants;
import org.pvsim.hypervisor.abi.Hypercall;

/** {@code share} between two domUs on a host with event channels and grant tables, audited after every hypercall. */
class ShareWorkloadTest {
    private static final long MS = 1_000_000L;

    private static GuestHostAccess share(int pages, String mode) {
        GuestHostAccess host = GuestHostAccess.bootWithGrants(2, "credit2", "workload=idle");
        host.domU(1, 512, 1, "workload=share role=granter peer=2 pages=" + pages + " mode=" + mode);
        host.domU(2, 512, 1, "workload=share role=mapper peer=1 pages=" + pages + " mode=" + mode);
        host.auditEveryHypercall();
        host.runUntil(50 * MS);
        return host;
    }

    @Test
    void mapModeMapsReadsWritesBackAndEveryGrantEndsAfterTheUnmap() {
        GuestHostAccess host = share(16, "map");
        ShareWorkload granter = (ShareWorkload) host.workload(1);
        ShareWorkload mapper = (ShareWorkload) host.workload(2);
        assertThat(mapper.result())
                .isEqualTo("share: 16 pages mapped, read and written, checksums ok (8 written" + " back to d1)");
        assertThat(granter.result())
                .isEqualTo("share: granter: 16 pages shared with d2 by map, 16 ends refused while mapped, 8 written"
                        + " back, checksums ok, 16 grants ended");
        assertThat(granter.succeeded()).isTrue();
        assertThat(mapper.succeeded()).isTrue();
        assertThat(granter.refusedWhileMapped()).isEqualTo(16);
        assertThat(granter.ended()).isEqualTo(16);
        assertThat(host.console())
                .contains("(d1) share: granter: 16 pages granted to d2 as refs 8-23 (even read-only), port")
                .contains("(d2) share: 16 pages mapped, read and written, checksums ok");
        // one batched map and one batched unmap for the mapper; set-up (query_size, get_version, setup_table) on d1
        assertThat(host.count(2, Hypercall.grant_table_op)).isEqualTo(2);
        assertThat(host.count(1, Hypercall.grant_table_op)).isEqualTo(3);
        GuestGrants grants = host.kernel(1).grantTable();
        assertThat(grants.allocatedRefs()).isZero();
        assertThat(grants.nrFrames()).isEqualTo(1);
        assertThat(host.kernel(2).grantTable().isReady())
                .as("the mapper never needed its own table")
                .isFalse();
        host.assertAuditClean();
    }

    @Test
    void copyModeCopiesInAndBackAndVerifies() {
        GuestHostAccess host = share(16, "copy");
        ShareWorkload granter = (ShareWorkload) host.workload(1);
        ShareWorkload mapper = (ShareWorkload) host.workload(2);
        assertThat(mapper.result())
                .isEqualTo("share: 16 pages copied in and 8 copied back to d1 with GNTTABOP_copy, checksums ok");
        assertThat(granter.result())
                .isEqualTo("share: granter: 16 pages shared with d2 by copy, 8 written back, checksums ok, 16 grants"
                        + " ended");
        // 32 half-page copies in, 16 back: two hypercalls
        assertThat(host.count(2, Hypercall.grant_table_op)).isEqualTo(2);
        host.assertAuditClean();
    }

    @Test
    void twoRunsAreIdentical() {
        GuestHostAccess a = share(8, "map");
        GuestHostAccess b = share(8, "map");
        assertThat(b.console()).isEqualTo(a.console());
        assertThat(b.hypercallCounts()).isEqualTo(a.hypercallCounts());
        assertThat(b.memoryDigest()).isEqualTo(a.memoryDigest());
    }
}
