package org.pvsim.hypervisor.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.XenAddressSpace;
import org.pvsim.hypervisor.abi.XenCompileInfoDescriptor;
import org.pvsim.hypervisor.abi.XenFeature;
import org.pvsim.hypervisor.abi.XenFeatureInfoDescriptor;
import org.pvsim.hypervisor.abi.XenVarbufDescriptor;
import org.pvsim.hypervisor.abi.XenVersionBuffers;
import org.pvsim.hypervisor.abi.XenVersionCmd;
import org.pvsim.hypervisor.testing.GuestAddresses;
import org.pvsim.hypervisor.testing.TestGuest;
import org.pvsim.hypervisor.testing.TestHost;

/**
 * {@code xen_version} ({@code do_xen_version}, {@code xen/common/kernel.c}) with the dummy policy's
 * {@code xsm_xen_version}: what every domain may read, what a domU is denied and how.
 */
class XenVersionTest {
    private TestHost host;
    private TestGuest dom0;
    private TestGuest d1;

    @BeforeEach
    void boot() {
        host = TestHost.boot();
        dom0 = host.dom0();
        d1 = host.domU(1, TestHost.DEFAULT_DOMU_PAGES);
        host.auditAfterEveryHypercall();
    }

    @AfterEach
    void audit() {
        host.assertNoViolationsAfterCalls();
    }

    private static long version(TestGuest g, XenVersionCmd cmd, long arg) {
        return g.call(Hypercall.xen_version, cmd.code, arg);
    }

    /** The NUL-terminated string at the start of {@code len} bytes at {@code va}; the rest must be zeros. */
    private static String string(TestGuest g, long va, int len) {
        byte[] b = g.read(va, len);
        int n = 0;
        while (n < len && b[n] != 0) {
            n++;
        }
        for (int i = n; i < len; i++) {
            assertThat(b[i]).as("byte %d after the string", i).isZero();
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void versionIsMajorAndMinorForEveryone() {
        long expected = (XenVersionHypercall.XEN_MAJOR << 16) | XenVersionHypercall.XEN_MINOR;
        assertThat(version(d1, XenVersionCmd.XENVER_version, 0)).isEqualTo(expected);
        assertThat(version(dom0, XenVersionCmd.XENVER_version, GuestAddresses.XEN_RANGE))
                .isEqualTo(expected);
    }

    @Test
    void informationStringsAreFilledForEveryDomain() {
        long extra = d1.scratch(XenVersionBuffers.XEN_EXTRAVERSION_LEN);
        assertThat(version(d1, XenVersionCmd.XENVER_extraversion, extra)).isZero();
        assertThat(string(d1, extra, XenVersionBuffers.XEN_EXTRAVERSION_LEN)).isEqualTo(XenVersionHypercall.XEN_EXTRA);

        long caps = d1.scratch(XenVersionBuffers.XEN_CAPABILITIES_INFO_LEN);
        assertThat(version(d1, XenVersionCmd.XENVER_capabilities, caps)).isZero();
        assertThat(string(d1, caps, XenVersionBuffers.XEN_CAPABILITIES_INFO_LEN))
                .isEqualTo(XenVersionHypercall.CAPABILITIES);

        long changeset = d1.scratch(XenVersionBuffers.XEN_CHANGESET_INFO_LEN);
        d1.write(changeset, new byte[XenVersionBuffers.XEN_CHANGESET_INFO_LEN]);
        assertThat(version(d1, XenVersionCmd.XENVER_changeset, changeset)).isZero();
        assertThat(string(d1, changeset, XenVersionBuffers.XEN_CHANGESET_INFO_LEN))
                .isNotEmpty();

        long info = d1.scratch(XenCompileInfoDescriptor.SIZE);
        assertThat(version(d1, XenVersionCmd.XENVER_compile_info, info)).isZero();
        assertThat(string(d1, info + XenCompileInfoDescriptor.COMPILER_OFFSET, XenCompileInfoDescriptor.COMPILER_LEN))
                .isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(
            value = XenVersionCmd.class,
            names = {
                "XENVER_extraversion",
                "XENVER_compile_info",
                "XENVER_capabilities",
                "XENVER_changeset",
                "XENVER_platform_parameters",
                "XENVER_get_features",
                "XENVER_guest_handle",
                "XENVER_commandline"
            })
    void badBufferIsEfault(XenVersionCmd cmd) {
        for (long bad : new long[] {GuestAddresses.UNMAPPED, GuestAddresses.XEN_RANGE, GuestAddresses.NON_CANONICAL}) {
            assertThat(version(dom0, cmd, bad)).isEqualTo(Errno.EFAULT.neg());
            assertThat(version(d1, cmd, bad)).isEqualTo(Errno.EFAULT.neg());
        }
    }

    @Test
    void platformParametersGiveTheStartOfXensRange() {
        long arg = d1.scratch(8);
        assertThat(version(d1, XenVersionCmd.XENVER_platform_parameters, arg)).isZero();
        assertThat(d1.read64(arg)).isEqualTo(XenAddressSpace.HYPERVISOR_VIRT_START);
    }

    @Test
    void featuresOfSubmapZeroAndOnlyDom0IsDom0() {
        long fi = d1.scratch(XenFeatureInfoDescriptor.SIZE);
        assertThat(version(d1, XenVersionCmd.XENVER_get_features, fi)).isZero();
        int domU = d1.read32(fi + XenFeatureInfoDescriptor.SUBMAP_OFFSET);
        long fi0 = dom0.scratch(XenFeatureInfoDescriptor.SIZE);
        assertThat(version(dom0, XenVersionCmd.XENVER_get_features, fi0)).isZero();
        int hw = dom0.read32(fi0 + XenFeatureInfoDescriptor.SUBMAP_OFFSET);

        int dom0Bit = 1 << XenFeature.XENFEAT_dom0.code;
        assertThat(domU & dom0Bit).isZero();
        assertThat(hw & dom0Bit).isNotZero();
        assertThat(hw & ~dom0Bit).isEqualTo(domU);
        assertThat(domU & (1 << XenFeature.XENFEAT_mmu_pt_update_preserve_ad.code))
                .isNotZero();
        assertThat(domU & (1 << XenFeature.XENFEAT_auto_translated_physmap.code))
                .as("PV is not auto-translated")
                .isZero();

        d1.write32(fi + XenFeatureInfoDescriptor.SUBMAP_IDX_OFFSET, 1);
        assertThat(version(d1, XenVersionCmd.XENVER_get_features, fi)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void pageSizeIsReturnedAndANonNullArgumentIsEinval() {
        assertThat(version(d1, XenVersionCmd.XENVER_pagesize, 0)).isEqualTo(4096);
        assertThat(version(d1, XenVersionCmd.XENVER_pagesize, d1.scratch(8))).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void guestHandleIsTheDomainsHandle() {
        long h = d1.scratch(16);
        d1.write(h, new byte[] {9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9});
        assertThat(version(d1, XenVersionCmd.XENVER_guest_handle, h)).isZero();
        assertThat(d1.read(h, 16)).isEqualTo(d1.domain.handle());
    }

    @Test
    void commandLineIsXensForDom0AndDeniedForADomU() {
        long buf = dom0.scratch(XenVersionBuffers.XEN_COMMANDLINE_LEN);
        assertThat(version(dom0, XenVersionCmd.XENVER_commandline, buf)).isZero();
        assertThat(string(dom0, buf, XenVersionBuffers.XEN_COMMANDLINE_LEN)).isEqualTo("pvsim");

        // xsm_xen_version denies it; do_xen_version then copies xen_deny()'s string and succeeds
        long denied = d1.scratch(16);
        d1.write(denied, new byte[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        assertThat(version(d1, XenVersionCmd.XENVER_commandline, denied)).isZero();
        byte[] b = d1.read(denied, 16);
        assertThat(new String(b, 0, 8, StandardCharsets.US_ASCII)).isEqualTo("<denied>");
        assertThat(b[8]).isZero();
        assertThat(b[9]).as("only strlen + 1 bytes are written").isEqualTo((byte) 1);
    }

    @ParameterizedTest
    @EnumSource(
            value = XenVersionCmd.class,
            names = {
                "XENVER_build_id",
                "XENVER_extraversion2",
                "XENVER_capabilities2",
                "XENVER_changeset2",
                "XENVER_commandline2"
            })
    void variableLengthBuffersAreEpermForADomU(XenVersionCmd cmd) {
        assertThat(version(d1, cmd, 0)).isEqualTo(Errno.EPERM.neg());
        assertThat(version(d1, cmd, d1.scratch(64))).isEqualTo(Errno.EPERM.neg());
    }

    @Test
    void variableLengthBufferGivesItsLengthThenItsBytes() {
        String expected = XenVersionHypercall.XEN_EXTRA;
        assertThat(version(dom0, XenVersionCmd.XENVER_extraversion2, 0)).isEqualTo(expected.length());

        long small = dom0.scratch(XenVarbufDescriptor.SIZE + 8);
        dom0.write32(small + XenVarbufDescriptor.LEN_OFFSET, expected.length() - 1);
        assertThat(version(dom0, XenVersionCmd.XENVER_extraversion2, small)).isEqualTo(Errno.ENOBUFS.neg());

        long buf = dom0.scratch(XenVarbufDescriptor.SIZE + 64);
        dom0.write32(buf + XenVarbufDescriptor.LEN_OFFSET, 64);
        assertThat(version(dom0, XenVersionCmd.XENVER_extraversion2, buf)).isEqualTo(expected.length());
        assertThat(new String(
                        dom0.read(buf + XenVarbufDescriptor.BUF_OFFSET, expected.length()), StandardCharsets.US_ASCII))
                .isEqualTo(expected);

        long cmdline = dom0.scratch(XenVarbufDescriptor.SIZE + 64);
        dom0.write32(cmdline + XenVarbufDescriptor.LEN_OFFSET, 64);
        assertThat(version(dom0, XenVersionCmd.XENVER_commandline2, cmdline)).isEqualTo("pvsim".length());
        assertThat(version(dom0, XenVersionCmd.XENVER_capabilities2, 0))
                .isEqualTo(XenVersionHypercall.CAPABILITIES.length());
        assertThat(version(dom0, XenVersionCmd.XENVER_extraversion2, GuestAddresses.UNMAPPED))
                .isEqualTo(Errno.EFAULT.neg());
    }

    @Test
    void buildIdIsEnodataWithoutOne() {
        assertThat(version(dom0, XenVersionCmd.XENVER_build_id, 0)).isEqualTo(Errno.ENODATA.neg());
    }

    @ParameterizedTest
    @ValueSource(longs = {15, 100, 0xFFFF_FFFFL})
    void unknownCommandIsEnosysForEveryone(long cmd) {
        assertThat(dom0.call(Hypercall.xen_version, cmd, 0)).isEqualTo(Errno.ENOSYS.neg());
        assertThat(d1.call(Hypercall.xen_version, cmd, 0)).isEqualTo(Errno.ENOSYS.neg());
    }
}
