package org.pvsim.hypervisor.testing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.pvsim.hypervisor.machine.FrameTable;

/**
 * The fixture most hypercall tests share: a default {@link TestHost} with dom0 and two domUs (ids 1 and 2), the
 * auditor after every hypercall, and a last full audit when the test ends. A test class extends it and acts through
 * {@link #dom0}, {@link #d1} and {@link #d2}.
 */
public abstract class AuditedHostTest {
    protected TestHost host;
    protected TestGuest dom0;
    protected TestGuest d1;
    protected TestGuest d2;
    protected FrameTable frames;

    /** vCPUs of domU 1; override for tests that need more than one. */
    protected int d1Vcpus() {
        return 1;
    }

    @BeforeEach
    final void bootAuditedHost() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES, d1Vcpus());
        d2 = host.domU(2, TestHost.DEFAULT_DOMU_PAGES);
        frames = host.hv.machine().frames();
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    final void auditAtTheEnd() {
        host.assertNoViolationsAfterCalls();
        host.assertAudit();
    }
}
