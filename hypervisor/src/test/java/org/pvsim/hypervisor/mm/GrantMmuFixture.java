package org.pvsim.hypervisor.mm;

import org.junit.jupiter.api.BeforeEach;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.spi.GrantMmu;
import org.pvsim.hypervisor.testing.FakeGrantAudit;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * What the PV MMU's grant tests start from: a booted host with dom0 and domUs 1 and 2, the {@link GrantMmu} the grant
 * tables get from the hypervisor, the frame table, and a {@link FakeGrantAudit} registered as the grant tables'
 * audit, so the auditor accepts exactly the grant PTEs and references a test vouches for.
 */
abstract class GrantMmuFixture {
    protected TestHost host;
    protected TestGuest dom0;
    protected TestGuest d1;
    protected TestGuest d2;
    protected GrantMmu mmu;
    protected FrameTable frames;
    protected FakeGrantAudit grants;

    @BeforeEach
    void bootHostWithTwoDomUs() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        d2 = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
        mmu = host.hv.subsystems().grantMmu();
        frames = host.hv.machine().frames();
        grants = new FakeGrantAudit();
        host.hv.subsystems().addAudit(grants);
    }
}
