package org.pvsim.hypervisor.control;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.CreateDomainFlags;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.DomctlCmd;
import org.pvsim.hypervisor.abi.DomctlCreateDomainDescriptor;
import org.pvsim.hypervisor.abi.DomctlDescriptor;
import org.pvsim.hypervisor.abi.DomctlGetDomainInfoDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxMemDescriptor;
import org.pvsim.hypervisor.abi.DomctlMaxVcpusDescriptor;
import org.pvsim.hypervisor.abi.DomctlVcpuContextDescriptor;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.MemoryOp;
import org.pvsim.hypervisor.abi.SchedOp;
import org.pvsim.hypervisor.abi.ShutdownReason;
import org.pvsim.hypervisor.abi.StartInfoDescriptor;
import org.pvsim.hypervisor.abi.StartOfDayLayout;
import org.pvsim.hypervisor.abi.VcpuGuestContextDescriptor;
import org.pvsim.hypervisor.abi.XenArchDomainconfigDescriptor;
import org.pvsim.hypervisor.domain.Domain;
import org.pvsim.hypervisor.domain.Vcpu;
import org.pvsim.hypervisor.lifecycle.DomainLifecycle;
import org.pvsim.hypervisor.machine.FrameTable;
import org.pvsim.hypervisor.testing.AuditedHostTest;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.Structs;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code domctl} ({@code do_domctl}, {@code xen/common/domctl.c}, with {@code domain_create},
 * {@code sanitise_domain_config} and {@code arch_sanitise_domain_config}): every command pvsim implements and the
 * order of Xen's checks.
 */
class DomctlTest extends AuditedHostTest {
    private static final int CD = DomctlDescriptor.U_CREATEDOMAIN_OFFSET;

    @Override
    protected int d1Vcpus() {
        return 2;
    }

    private static byte[] create(int domid, int maxVcpus) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_createdomain, domid);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET, 2);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, maxVcpus);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_EVTCHN_PORT_OFFSET, 1023);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_GRANT_FRAMES_OFFSET, 32);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_MAPTRACK_FRAMES_OFFSET, 1024);
        return op;
    }

    /** Creates a domain with DOMID_ANY and returns its id. */
    private int createAny(int maxVcpus) {
        byte[] op = create(DomId.DOMID_ANY, maxVcpus);
        assertThat(dom0.domctl(op)).isZero();
        return LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET);
    }

    private long simple(TestGuest g, DomctlCmd cmd, int domid) {
        return g.domctl(Structs.domctl(cmd, domid));
    }

    /** A domctl made by dom0 that must change nothing. */
    private long withoutEffect(TestGuest g, byte[] op) {
        long va = g.put(op);
        return host.assertNoEffect(() -> g.call(Hypercall.domctl, va, 0));
    }

    private byte[] domainInfo(int domid) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, domid);
        assertThat(dom0.domctl(op)).isZero();
        return op;
    }

    private static int infoFlags(byte[] op) {
        return LittleEndian.getI32(
                op, DomctlDescriptor.U_GETDOMAININFO_OFFSET + DomctlGetDomainInfoDescriptor.FLAGS_OFFSET);
    }

    private static long infoLong(byte[] op, int offset) {
        return LittleEndian.getI64(op, DomctlDescriptor.U_GETDOMAININFO_OFFSET + offset);
    }

    private static int infoInt(byte[] op, int offset) {
        return LittleEndian.getI32(op, DomctlDescriptor.U_GETDOMAININFO_OFFSET + offset);
    }

    private void setMaxMem(int domid, long kib) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, domid);
        LittleEndian.putI64(op, DomctlDescriptor.U_MAX_MEM_OFFSET + DomctlMaxMemDescriptor.MAX_MEMKB_OFFSET, kib);
        assertThat(dom0.domctl(op)).isZero();
    }

    // ------------------------------------------------------------------------------------------------ createdomain

    @Test
    void createdomainWithDomidAnyCreatesAPausedDomainAndReturnsItsId() {
        byte[] op = create(DomId.DOMID_ANY, 3);
        byte[] handle = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
        System.arraycopy(handle, 0, op, CD + DomctlCreateDomainDescriptor.HANDLE_OFFSET, 16);
        int before = host.hv.domains().all().size();

        assertThat(dom0.domctl(op)).isZero();

        int domid = LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET);
        assertThat(domid).isNotIn(0, 1, 2).isBetween(1, DomId.DOMID_LAST_ALLOCATABLE);
        Domain d = host.hv.domains().get(domid);
        assertThat(host.hv.domains().all()).hasSize(before + 1);
        assertThat(d.controllerPauseCount()).isEqualTo(1);
        assertThat(d.maxVcpus()).isEqualTo(3);
        assertThat(d.onlineVcpus()).isZero();
        assertThat(d.totPages()).isZero();
        assertThat(d.handle()).isEqualTo(handle);
        assertThat(d.isPrivileged()).isFalse();

        byte[] info = domainInfo(domid);
        assertThat(infoFlags(info) & DomInfoFlags.XEN_DOMINF_paused).isNotZero();
        assertThat(infoInt(info, DomctlGetDomainInfoDescriptor.NR_ONLINE_VCPUS_OFFSET))
                .isZero();
        assertThat(infoInt(info, DomctlGetDomainInfoDescriptor.MAX_VCPU_ID_OFFSET))
                .isEqualTo(2);
    }

    @Test
    void createdomainWithDomidAnyNeverGivesTheSameIdTwiceInARow() {
        int first = createAny(1);
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_destroydomain, first)).isZero();
        int second = createAny(1);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void createdomainWithAnExplicitIdUsesItAndATakenIdIsEexist() {
        byte[] op = create(42, 1);
        assertThat(dom0.domctl(op)).isZero();
        assertThat(LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET)).isEqualTo(42);
        assertThat(host.hv.domains().get(42)).isNotNull();

        assertThat(withoutEffect(dom0, create(42, 1))).isEqualTo(Errno.EEXIST.neg());
        assertThat(withoutEffect(dom0, create(0, 1))).isEqualTo(Errno.EEXIST.neg());
        assertThat(withoutEffect(dom0, create(1, 1))).isEqualTo(Errno.EEXIST.neg());
        assertThat(withoutEffect(dom0, create(DomId.DOMID_SELF, 1)))
                .as("a reserved id that is not DOMID_ANY")
                .isEqualTo(Errno.EEXIST.neg());
        assertThat(dom0.domctl(create(DomId.DOMID_LAST_ALLOCATABLE, 1))).isZero();
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                CreateDomainFlags.XEN_DOMCTL_CDF_hvm,
                CreateDomainFlags.XEN_DOMCTL_CDF_hvm | CreateDomainFlags.XEN_DOMCTL_CDF_hap,
                CreateDomainFlags.XEN_DOMCTL_CDF_hap,
                CreateDomainFlags.XEN_DOMCTL_CDF_s3_integrity,
                CreateDomainFlags.XEN_DOMCTL_CDF_iommu,
                CreateDomainFlags.XEN_DOMCTL_CDF_nested_virt,
                CreateDomainFlags.XEN_DOMCTL_CDF_vpmu,
                CreateDomainFlags.XEN_DOMCTL_CDF_trap_unmapped_accesses,
                1 << 9,
                1 << 31
            })
    void createdomainWithFlagsAPvDomainCannotHaveIsEinval(int flags) {
        byte[] op = create(DomId.DOMID_ANY, 1);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.FLAGS_OFFSET, flags);
        assertThat(withoutEffect(dom0, op)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void createdomainWithAFlagAPvDomainMayHaveSucceeds() {
        byte[] op = create(DomId.DOMID_ANY, 1);
        LittleEndian.putI32(
                op,
                CD + DomctlCreateDomainDescriptor.FLAGS_OFFSET,
                CreateDomainFlags.XEN_DOMCTL_CDF_oos_off | CreateDomainFlags.XEN_DOMCTL_CDF_xs_domain);
        LittleEndian.putI32(
                op,
                CD + DomctlCreateDomainDescriptor.ARCH_EMULATION_FLAGS_OFFSET,
                XenArchDomainconfigDescriptor.XEN_X86_EMU_PIT);
        LittleEndian.putI32(
                op,
                CD + DomctlCreateDomainDescriptor.ARCH_MISC_FLAGS_OFFSET,
                XenArchDomainconfigDescriptor.XEN_X86_MSR_RELAXED);
        assertThat(dom0.domctl(op)).isZero();
    }

    @Test
    void createdomainWithAConfigurationXenRefusesIsEinval() {
        int[][] fields = {
            {DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, 0},
            {DomctlCreateDomainDescriptor.MAX_VCPUS_OFFSET, DomctlHypercall.MAX_VIRT_CPUS + 1},
            {DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET, 0x10},
            {DomctlCreateDomainDescriptor.IOMMU_OPTS_OFFSET, DomctlCreateDomainDescriptor.XEN_DOMCTL_IOMMU_no_sharept},
            {DomctlCreateDomainDescriptor.VMTRACE_SIZE_OFFSET, 4096},
            {DomctlCreateDomainDescriptor.ARCH_MISC_FLAGS_OFFSET, 2},
            {DomctlCreateDomainDescriptor.ARCH_EMULATION_FLAGS_OFFSET, XenArchDomainconfigDescriptor.XEN_X86_EMU_LAPIC},
            {DomctlCreateDomainDescriptor.ARCH_EMULATION_FLAGS_OFFSET, 1 << 11}
        };
        for (int[] field : fields) {
            byte[] op = create(DomId.DOMID_ANY, 1);
            LittleEndian.putI32(op, CD + field[0], field[1]);
            assertThat(withoutEffect(dom0, op))
                    .as("field at %d = %#x", field[0], field[1])
                    .isEqualTo(Errno.EINVAL.neg());
        }
        byte[] altp2m = create(DomId.DOMID_ANY, 1);
        LittleEndian.putU16(altp2m, CD + DomctlCreateDomainDescriptor.ALTP2M_OPTS_OFFSET, 1);
        assertThat(withoutEffect(dom0, altp2m)).as("altp2m mode").isEqualTo(Errno.EINVAL.neg());
        byte[] views = create(DomId.DOMID_ANY, 1);
        LittleEndian.putU16(views, CD + DomctlCreateDomainDescriptor.ALTP2M_NR_OFFSET, 1);
        assertThat(withoutEffect(dom0, views)).as("altp2m views without altp2m").isEqualTo(Errno.EINVAL.neg());
        byte[] badOpts = create(DomId.DOMID_ANY, 1);
        LittleEndian.putU16(badOpts, CD + DomctlCreateDomainDescriptor.ALTP2M_OPTS_OFFSET, 0x100);
        assertThat(withoutEffect(dom0, badOpts)).as("altp2m options").isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void createdomainKeepsTheGrantVersionAndAppliesXensDefaultGrantLimits() {
        byte[] op = create(DomId.DOMID_ANY, 1);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET, 1);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_GRANT_FRAMES_OFFSET, -1);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.MAX_MAPTRACK_FRAMES_OFFSET, 7);
        assertThat(dom0.domctl(op)).isZero();
        int domid = LittleEndian.getU16(op, DomctlDescriptor.DOMAIN_OFFSET);
        var q = host.hv.subsystems().domains();
        assertThat(q.maxGrantVersion(domid)).isEqualTo(1);
        assertThat(q.maxGrantFrames(domid))
                .as("grant_table_init: negative is opt_max_grant_frames")
                .isEqualTo(64);
        assertThat(q.maxMaptrackFrames(domid)).isEqualTo(7);
        assertThat(q.maxGrantVersion(0)).as("dom0: opt_gnttab_max_version").isEqualTo(2);
        assertThat(q.maxGrantFrames(0)).isEqualTo(64);
        assertThat(q.maxMaptrackFrames(0)).isEqualTo(1024);
        assertThat(q.maxGrantVersion(77)).isEqualTo(-1);
    }

    @Test
    void createdomainFailsWithTheErrnoOfASubsystemThatRefusesTheDomain() {
        java.util.List<String> seen = new java.util.ArrayList<>();
        host.hv.subsystems().addDomainHook(new org.pvsim.hypervisor.spi.SubsystemDomainHook() {
            @Override
            public int domainCreated(int domid, long now) {
                seen.add("created d" + domid);
                return host.hv.subsystems().domains().maxGrantVersion(domid) == 0 ? Errno.EINVAL.neg() : 0;
            }

            @Override
            public void domainKilled(int domid, long now) {
                seen.add("killed d" + domid);
            }

            @Override
            public void domainDestroyed(int domid, long now) {
                seen.add("destroyed d" + domid);
            }
        });
        int free = host.freeFrames();
        int domains = host.hv.domains().all().size();
        byte[] op = create(7, 1);
        LittleEndian.putI32(op, CD + DomctlCreateDomainDescriptor.GRANT_OPTS_OFFSET, 0);

        assertThat(dom0.domctl(op)).isEqualTo(Errno.EINVAL.neg());

        assertThat(seen).containsExactly("created d7", "destroyed d7");
        assertThat(host.hv.domains().all()).hasSize(domains);
        assertThat(host.freeFrames()).as("its shared_info is back in the pool").isEqualTo(free);
        // the id is free again, and a valid version is accepted
        assertThat(dom0.domctl(create(7, 1))).isZero();
        assertThat(host.hv.domains().get(7)).isNotNull();
    }

    @Test
    void createdomainWithoutMemoryForSharedInfoIsEnomem() {
        byte[] maxMem = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_mem, 0);
        LittleEndian.putI64(maxMem, DomctlDescriptor.U_MAX_MEM_OFFSET, 1L << 40);
        assertThat(dom0.domctl(maxMem)).isZero();
        int free = host.freeFrames();
        long list = dom0.scratch(8 * free);
        assertThat(dom0.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_increase_reservation.code,
                        dom0.put(Structs.reservation(list, free, 0, DomId.DOMID_SELF))))
                .isEqualTo(free);
        int domains = host.hv.domains().all().size();

        assertThat(dom0.domctl(create(DomId.DOMID_ANY, 1))).isEqualTo(Errno.ENOMEM.neg());

        assertThat(host.hv.domains().all()).hasSize(domains);
    }

    // ------------------------------------------------------------------------------------------------ pause

    @Test
    void pauseCountsUpTo255ThenIsEoverflow() {
        int domid = createAny(1);
        Domain d = host.hv.domains().get(domid);
        for (int i = d.controllerPauseCount(); i < DomainLifecycle.MAX_CONTROLLER_PAUSE_COUNT; i++) {
            assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_pausedomain, domid)).isZero();
        }
        assertThat(d.controllerPauseCount()).isEqualTo(255);
        assertThat(withoutEffect(dom0, Structs.domctl(DomctlCmd.XEN_DOMCTL_pausedomain, domid)))
                .isEqualTo(Errno.EOVERFLOW.neg());
    }

    @Test
    void unpauseCountsDownTo0ThenIsEinval() {
        int domid = createAny(1);
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_pausedomain, domid)).isZero();
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_unpausedomain, domid)).isZero();
        assertThat(infoFlags(domainInfo(domid)) & DomInfoFlags.XEN_DOMINF_paused)
                .isNotZero();
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_unpausedomain, domid)).isZero();
        assertThat(infoFlags(domainInfo(domid)) & DomInfoFlags.XEN_DOMINF_paused)
                .isZero();
        assertThat(withoutEffect(dom0, Structs.domctl(DomctlCmd.XEN_DOMCTL_unpausedomain, domid)))
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void pausedDomainsVcpusDoNotRun() {
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_pausedomain, 1)).isZero();
        assertThat(d1.domain.vcpu(0).isRunnable()).isFalse();
        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_unpausedomain, 1)).isZero();
        assertThat(d1.domain.vcpu(0).isRunnable()).isTrue();
    }

    @Test
    void operationsOnTheCallerItselfThatWouldPauseItAreEinval() {
        for (DomctlCmd cmd : new DomctlCmd[] {
            DomctlCmd.XEN_DOMCTL_pausedomain,
            DomctlCmd.XEN_DOMCTL_destroydomain,
            DomctlCmd.XEN_DOMCTL_resumedomain,
            DomctlCmd.XEN_DOMCTL_max_vcpus,
            DomctlCmd.XEN_DOMCTL_setvcpucontext
        }) {
            byte[] op = Structs.domctl(cmd, 0);
            LittleEndian.putI32(op, DomctlDescriptor.U_MAX_VCPUS_OFFSET, dom0.domain.maxVcpus());
            assertThat(withoutEffect(dom0, op)).as(cmd.name()).isEqualTo(Errno.EINVAL.neg());
        }
    }

    // ------------------------------------------------------------------------------------------------ getdomaininfo

    @Test
    void getdomaininfoReportsTheDomain() {
        byte[] info = domainInfo(1);

        long startInfo = d1.va(d1.layout.startInfoPfn());
        long sharedInfoMaddr = d1.read64(startInfo + StartInfoDescriptor.SHARED_INFO_OFFSET);
        assertThat(LittleEndian.getU16(info, DomctlDescriptor.U_GETDOMAININFO_OFFSET))
                .isEqualTo(1);
        assertThat(infoLong(info, DomctlGetDomainInfoDescriptor.TOT_PAGES_OFFSET))
                .isEqualTo(TestHost.DEFAULT_DOMU_PAGES);
        assertThat(infoLong(info, DomctlGetDomainInfoDescriptor.MAX_PAGES_OFFSET))
                .isEqualTo(TestHost.DEFAULT_DOMU_PAGES);
        assertThat(infoLong(info, DomctlGetDomainInfoDescriptor.SHARED_INFO_FRAME_OFFSET))
                .isEqualTo(sharedInfoMaddr >>> 12);
        assertThat(infoInt(info, DomctlGetDomainInfoDescriptor.NR_ONLINE_VCPUS_OFFSET))
                .isEqualTo(1);
        assertThat(infoInt(info, DomctlGetDomainInfoDescriptor.MAX_VCPU_ID_OFFSET))
                .isEqualTo(1);
        int flags = infoFlags(info);
        assertThat(flags
                        & (DomInfoFlags.XEN_DOMINF_paused
                                | DomInfoFlags.XEN_DOMINF_shutdown
                                | DomInfoFlags.XEN_DOMINF_dying))
                .isZero();
        assertThat(flags & DomInfoFlags.XEN_DOMINF_blocked)
                .as("vCPU 0 is not blocked")
                .isZero();
        assertThat(DomInfoFlags.shutdownCode(flags)).as("no shutdown code").isEqualTo(0xFF);
        assertThat(infoLong(info, DomctlGetDomainInfoDescriptor.CPU_TIME_OFFSET))
                .isEqualTo(d1.domain.vcpu(0).cpuTime(host.hv.now())
                        + d1.domain.vcpu(1).cpuTime(host.hv.now()));
    }

    @Test
    void getdomaininfoReportsAShutdownAndItsCode() {
        long reason = d1.scratch(8);
        d1.write32(reason, ShutdownReason.SHUTDOWN_crash.code);
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, reason))
                .isZero();

        int flags = infoFlags(domainInfo(1));

        assertThat(flags & DomInfoFlags.XEN_DOMINF_shutdown).isNotZero();
        assertThat(DomInfoFlags.shutdownCode(flags)).isEqualTo(ShutdownReason.SHUTDOWN_crash.code);
    }

    // ------------------------------------------------------------------------------------------------ max_mem,
    // max_vcpus

    @Test
    void maxMemSetsMaxPagesFromKib() {
        setMaxMem(1, 4100);
        assertThat(d1.domain.maxPages()).isEqualTo(1025);
        setMaxMem(1, -1);
        assertThat(d1.domain.maxPages()).as("capped to 32 bits").isEqualTo(0xFFFF_FFFFL);
        setMaxMem(1, 0);
        assertThat(infoLong(domainInfo(1), DomctlGetDomainInfoDescriptor.MAX_PAGES_OFFSET))
                .isZero();
    }

    @Test
    void maxVcpusMustEqualTheCountGivenAtCreation() {
        int domid = createAny(4);
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_max_vcpus, domid);
        LittleEndian.putI32(op, DomctlDescriptor.U_MAX_VCPUS_OFFSET + DomctlMaxVcpusDescriptor.MAX_OFFSET, 4);
        assertThat(dom0.domctl(op)).isZero();
        LittleEndian.putI32(op, DomctlDescriptor.U_MAX_VCPUS_OFFSET + DomctlMaxVcpusDescriptor.MAX_OFFSET, 5);
        assertThat(withoutEffect(dom0, op)).isEqualTo(Errno.EINVAL.neg());
    }

    // ------------------------------------------------------------------------------------------------ setvcpucontext

    /** A new domain with some memory, and one of its frames, untouched, to serve as an L4. */
    private long[] newDomainWithAFrame() {
        int domid = createAny(2);
        setMaxMem(domid, 64);
        long list = dom0.scratch(8);
        assertThat(dom0.call(
                        Hypercall.memory_op,
                        MemoryOp.XENMEM_increase_reservation.code,
                        dom0.put(Structs.reservation(list, 1, 0, domid))))
                .isEqualTo(1);
        return new long[] {domid, dom0.read64(list)};
    }

    private byte[] setVcpuContext(int domid, int vcpu, long ctxtVa) {
        byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_setvcpucontext, domid);
        LittleEndian.putI32(op, DomctlDescriptor.U_VCPUCONTEXT_OFFSET + DomctlVcpuContextDescriptor.VCPU_OFFSET, vcpu);
        LittleEndian.putI64(
                op, DomctlDescriptor.U_VCPUCONTEXT_OFFSET + DomctlVcpuContextDescriptor.CTXT_OFFSET, ctxtVa);
        return op;
    }

    @Test
    void setvcpucontextInitialisesAVcpuOfAnotherDomain() {
        long[] d = newDomainWithAFrame();
        int domid = (int) d[0];
        long l4 = d[1];
        long ctx =
                dom0.put(Structs.vcpuContext(StartOfDayLayout.VIRT_BASE, StartOfDayLayout.VIRT_BASE + 8192, l4, true));

        assertThat(dom0.domctl(setVcpuContext(domid, 0, ctx))).isZero();

        Vcpu v = host.hv.domains().get(domid).vcpu(0);
        assertThat(v.isInitialised()).isTrue();
        assertThat(v.guestTable()).isEqualTo(l4);
        assertThat(v.isUp()).isTrue();
        assertThat(v.isRunnable()).as("the domain is still paused").isFalse();
        FrameTable frames = host.hv.machine().frames();
        assertThat(frames.typeCount(l4)).isEqualTo(1);

        long same = dom0.put(Structs.vcpuContext(StartOfDayLayout.VIRT_BASE, 0, l4, true));
        assertThat(dom0.domctl(setVcpuContext(domid, 0, same)))
                .as("again, with the same page tables")
                .isZero();
        long other = dom0.put(Structs.vcpuContext(StartOfDayLayout.VIRT_BASE, 0, l4 + 1, true));
        assertThat(withoutEffect(dom0, setVcpuContext(domid, 0, other)))
                .as("an initialised vCPU keeps its page tables")
                .isEqualTo(Errno.EOPNOTSUPP.neg());
    }

    @Test
    void setvcpucontextChecksTheVcpuTheContextAndItsPointer() {
        long[] d = newDomainWithAFrame();
        int domid = (int) d[0];
        long ctx = dom0.put(Structs.vcpuContext(0, 0, d[1], true));
        assertThat(withoutEffect(dom0, setVcpuContext(domid, 2, ctx))).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, setVcpuContext(domid, -1, ctx))).isEqualTo(Errno.EINVAL.neg());
        assertThat(withoutEffect(dom0, setVcpuContext(domid, 0, GuestAddresses.UNMAPPED)))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(withoutEffect(
                        dom0, setVcpuContext(domid, 0, dom0.put(Structs.vcpuContext(0, 0, dom0.l4Mfn(), true)))))
                .as("dom0's L4 is not the domain's")
                .isEqualTo(Errno.EINVAL.neg());
        byte[] assist = Structs.vcpuContext(0, 0, d[1], true);
        LittleEndian.putI64(assist, VcpuGuestContextDescriptor.VM_ASSIST_OFFSET, 1L << 6);
        assertThat(withoutEffect(dom0, setVcpuContext(domid, 0, dom0.put(assist))))
                .as("a vm_assist type 64-bit PV does not have, on vCPU 0")
                .isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void setvcpucontextWithANullContextResetsTheVcpu() {
        long[] d = newDomainWithAFrame();
        int domid = (int) d[0];
        long l4 = d[1];
        long ctx = dom0.put(Structs.vcpuContext(0, 0, l4, true));
        assertThat(dom0.domctl(setVcpuContext(domid, 0, ctx))).isZero();

        assertThat(dom0.domctl(setVcpuContext(domid, 0, 0))).isZero();

        Vcpu v = host.hv.domains().get(domid).vcpu(0);
        assertThat(v.isInitialised()).isFalse();
        assertThat(v.isUp()).isFalse();
        assertThat(v.guestTable()).isEqualTo(Vcpu.NO_BASE);
        assertThat(host.hv.machine().frames().typeCount(l4)).isZero();
        assertThat(dom0.domctl(setVcpuContext(domid, 0, ctx)))
                .as("it can be initialised again")
                .isZero();
    }

    // ------------------------------------------------------------------------------------------------ resume

    @Test
    void resumedomainClearsTheShutdownAndLetsTheVcpusRunAgain() {
        long reason = d1.scratch(8);
        d1.write32(reason, ShutdownReason.SHUTDOWN_suspend.code);
        assertThat(d1.call(Hypercall.sched_op, SchedOp.SCHEDOP_shutdown.code, reason))
                .isZero();

        assertThat(simple(dom0, DomctlCmd.XEN_DOMCTL_resumedomain, 1)).isZero();

        assertThat(d1.domain.isShuttingDown()).isFalse();
        assertThat(d1.domain.vcpu(0).isRunnable()).isTrue();
        assertThat(DomInfoFlags.shutdownCode(infoFlags(domainInfo(1)))).isEqualTo(0xFF);
    }

    // ------------------------------------------------------------------------------------------------ errors

    @Test
    void badInterfaceVersionIsEaccesEvenForADomU() {
        for (int version : new int[] {0, DomctlDescriptor.XEN_DOMCTL_INTERFACE_VERSION - 1, -1}) {
            byte[] op = Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, 1);
            LittleEndian.putI32(op, DomctlDescriptor.INTERFACE_VERSION_OFFSET, version);
            assertThat(withoutEffect(dom0, op)).isEqualTo(Errno.EACCES.neg());
            assertThat(withoutEffect(d1, op)).isEqualTo(Errno.EACCES.neg());
        }
    }

    @Test
    void stableCommandCarriesInterfaceVersionZero() {
        byte[] current = Structs.domctl(DomctlCmd.XEN_DOMCTL_get_domain_state, 1);
        assertThat(withoutEffect(dom0, current)).isEqualTo(Errno.EACCES.neg());
        byte[] zero = Structs.domctl(DomctlCmd.XEN_DOMCTL_get_domain_state, 1);
        LittleEndian.putI32(zero, DomctlDescriptor.INTERFACE_VERSION_OFFSET, 0);
        assertThat(withoutEffect(dom0, zero))
                .as("past the version check; pvsim does not implement the command")
                .isEqualTo(Errno.ENOSYS.neg());
    }

    @Test
    void domUIsEpermWhateverTheTarget() {
        for (DomctlCmd cmd : new DomctlCmd[] {
            DomctlCmd.XEN_DOMCTL_getdomaininfo,
            DomctlCmd.XEN_DOMCTL_pausedomain,
            DomctlCmd.XEN_DOMCTL_destroydomain,
            DomctlCmd.XEN_DOMCTL_max_mem
        }) {
            assertThat(withoutEffect(d1, Structs.domctl(cmd, 2))).as(cmd.name()).isEqualTo(Errno.EPERM.neg());
            assertThat(withoutEffect(d1, Structs.domctl(cmd, 1))).as(cmd.name()).isEqualTo(Errno.EPERM.neg());
            assertThat(withoutEffect(d1, Structs.domctl(cmd, 0x6000)))
                    .as("%s of a missing domain", cmd.name())
                    .isEqualTo(Errno.EPERM.neg());
        }
        assertThat(withoutEffect(d1, create(DomId.DOMID_ANY, 1))).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void missingDomainIsEsrchForTheControlDomain() {
        assertThat(withoutEffect(dom0, Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, 0x6000)))
                .isEqualTo(Errno.ESRCH.neg());
        assertThat(withoutEffect(dom0, Structs.domctl(DomctlCmd.XEN_DOMCTL_pausedomain, DomId.DOMID_SELF)))
                .isEqualTo(Errno.ESRCH.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL})
    void badStructurePointerIsEfault(long va) {
        assertThat(host.assertNoEffect(() -> dom0.call(Hypercall.domctl, va, 0)))
                .isEqualTo(Errno.EFAULT.neg());
        assertThat(host.assertNoEffect(() -> d1.call(Hypercall.domctl, va, 0))).isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void commandPvsimDoesNotImplementIsEnosys() {
        assertThat(withoutEffect(dom0, Structs.domctl(DomctlCmd.XEN_DOMCTL_getvcpucontext, 1)))
                .isEqualTo(Errno.ENOSYS.neg());
        byte[] unknown = Structs.domctl(DomctlCmd.XEN_DOMCTL_getdomaininfo, 1);
        LittleEndian.putI32(unknown, DomctlDescriptor.CMD_OFFSET, 200);
        assertThat(withoutEffect(dom0, unknown)).isEqualTo(Errno.ENOSYS.neg());
    }
}
