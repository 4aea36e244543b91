package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.guest.GuestHost.MS;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.api.ArgumentType;
import org.pvsim.guest.api.Kernel;
import org.pvsim.guest.api.Workload;
import org.pvsim.guest.api.WorkloadArgument;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.GuestCpu;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.MmuextCmd;
import org.pvsim.hypervisor.abi.ShutdownReason;

/** The worked example of docs/guest-kernel.md, compiled and run, so the documentation cannot drift. */
class ZeroWorkloadExampleTest {
    public static final class ZeroWorkload implements Workload {
        public static final WorkloadSpec SPEC = WorkloadSpec.of(
                "zero",
                "has Xen clear one page per step and checks it",
                List.of(WorkloadArgument.count("pages", "0", 0, 1_000_000, "pages to clear; 0 runs forever")),
                ZeroWorkload::new);

        private final long pages;
        private long cleared;

        private ZeroWorkload(Map<String, String> args) {
            this.pages = ArgumentType.Count.parse(args.get("pages")); // validated and defaulted already
        }

        @Override
        public void step(Kernel kernel, GuestCpu cpu) {
            long pfn = kernel.allocPfn();
            if (pfn == Kernel.NO_PAGE) {
                throw kernel.panic(cpu, "zero: out of memory");
            }
            cpu.write64(kernel.va(pfn), 0x5A5A); // dirty it through the kernel's mapping
            long rc = kernel.hypercalls(cpu).mmuext(MmuextCmd.MMUEXT_CLEAR_PAGE, kernel.mfn(pfn), 0, DomId.DOMID_SELF);
            if (rc != 0 || cpu.read64(kernel.va(pfn)) != 0) {
                throw kernel.panic(cpu, "zero: page " + pfn + " was not cleared: " + Errno.describe(rc));
            }
            kernel.freePfn(pfn);
            cleared++;
            if (cleared == pages) {
                kernel.printk(cpu, "zero: " + cleared + " pages cleared");
                kernel.poweroff(cpu);
            }
        }

        @Override
        public long progress() {
            return cleared;
        }
    }

    @Test
    void theExampleRunsAsDocumented() {
        WorkloadCatalog catalog = WorkloadCatalog.standard().with(ZeroWorkload.SPEC);
        GuestHost host = GuestHost.boot(2, 8192, 1024, 1, "workload=idle", catalog);
        host.domU(1, 512, 1, "workload=zero pages=100");
        host.domU(2, 512, 1, "workload=zero pages=lots");
        host.runUntil(10 * MS);

        assertThat(host.kernel(1).workload().progress()).isEqualTo(100);
        assertThat(host.count(1, Hypercall.mmuext_op)).isEqualTo(100);
        assertThat(host.domain(1).shutdownCode()).isEqualTo(ShutdownReason.SHUTDOWN_poweroff.code);
        assertThat(host.console())
                .contains("(d1) zero: 100 pages cleared")
                .contains("(d2) kernel panic: bad workload arguments: zero: pages=\"lots\" is not a whole number");
        host.assertAuditClean();
    }
}
