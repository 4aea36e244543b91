package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.DomInfoFlags;
import org.pvsim.hypervisor.abi.SysctlPhysinfoDescriptor;

/**
 * The host commands ({@code xl info}, {@code xl top}) and the checks of {@code xl vcpu-set} and {@code xl mem-max}
 * that come before xenstore, run by dom0's toolstack on a real host: xl's and xentop's formats, messages and
 * statuses. What goes through xenstore is tested end to end ({@code XlLifeCycleOnXenstoreTest}).
 */
class XlHostCommandsTest {
    private static final long T = 50 * XlHost.MS;

    /** xentop's batch row: name (10), state (6), then the numeric columns with their widths. */
    private static final Pattern ROW = Pattern.compile("^(.{10}) ([-d][-s][-b][-c][-p][-r]) (.{10}) (.{6}) (.{10})"
            + " (.{6}) (.{10}) (.{9}) (.{5}) (.{4}) (.{8}) (.{8}) (.{4}) (.{8}) (.{8}) (.{8}) (.{10}) (.{10}) (.{4})$");

    private static final String HEADER = "      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%)"
            + " VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID";

    private XlHost host;

    @BeforeEach
    void boot() {
        host = new XlHost("credit", 4);
        host.create(XlHost.spec("web", 2, "cpu"));
        host.create(XlHost.spec("a-very-long-name", 1, "idle"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // xl info

    @Test
    void infoPrintsXlsLinesInXlsOrderWithTheHostsValues() {
        Toolstack.XlInvocation x = host.xl(T, new XlInfo(Optional.empty()));

        assertThat(x.exitCode()).isZero();
        assertThat(x.err()).isEmpty();
        List<String> lines = x.out().lines().toList();
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(':')).strip()))
                .containsExactly(
                        "host",
                        "release",
                        "version",
                        "machine",
                        "nr_cpus",
                        "max_cpu_id",
                        "nr_nodes",
                        "cores_per_socket",
                        "threads_per_core",
                        "cpu_mhz",
                        "hw_caps",
                        "virt_caps",
                        "total_memory",
                        "free_memory",
                        "sharing_freed_memory",
                        "sharing_used_memory",
                        "outstanding_claims",
                        "free_cpus",
                        "xen_major",
                        "xen_minor",
                        "xen_extra",
                        "xen_version",
                        "xen_caps",
                        "xen_scheduler",
                        "xen_pagesize",
                        "platform_params",
                        "xen_changeset",
                        "xen_commandline",
                        "cc_compiler",
                        "cc_compile_by",
                        "cc_compile_domain",
                        "cc_compile_date",
                        "build_id",
                        "xend_config_format");
        assertThat(lines).allSatisfy(l -> assertThat(l.indexOf(':')).as(l).isEqualTo(23));
        assertThat(lines)
                .contains(
                        "host                   : (none)",
                        "nr_cpus                : 4",
                        "max_cpu_id             : 3",
                        "threads_per_core       : 1",
                        "cpu_mhz                : 1000.000",
                        "hw_caps                : 00000000:00000000:00000000:00000000:00000000:00000000:00000000:00000000",
                        "virt_caps              : pv gnttab-v1 gnttab-v2",
                        "total_memory           : 128",
                        "sharing_freed_memory   : 0",
                        "free_cpus              : 0",
                        "xen_version            : 4.23-pvsim",
                        "xen_caps               : xen-3.0-x86_64",
                        "xen_scheduler          : credit",
                        "xen_pagesize           : 4096",
                        "platform_params        : virt_start=0xffff800000000000",
                        "cc_compile_date        : ",
                        "build_id               : (null)",
                        "xend_config_format     : 4");
        long free = Long.parseLong(lines.get(13).substring(25));
        assertThat(free).as("free MiB below total").isBetween(1L, 127L);
    }

    @Test
    void infoWithANamePrintsOnlyTheValuesOfTheLinesStartingWithIt() {
        Toolstack.XlInvocation sched = host.at(T, new XlInfo(Optional.of("xen_scheduler")));
        Toolstack.XlInvocation xen = host.at(T, new XlInfo(Optional.of("xen_m")));
        Toolstack.XlInvocation none = host.at(T, new XlInfo(Optional.of("nosuch")));
        host.runAll();

        assertThat(sched.out()).isEqualTo("credit\n");
        assertThat(xen.out()).isEqualTo("4\n23\n");
        assertThat(none.out()).isEmpty();
        assertThat(none.exitCode()).isZero();
        assertThat(new XlInfo(Optional.of("nr_cpus")).argv()).containsExactly("xl", "info", "nr_cpus");
    }

    @Test
    void virtCapsNamesEachCapabilityAsXlDoes() {
        assertThat(XlInfo.virtCaps(0)).isEmpty();
        assertThat(XlInfo.virtCaps(SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_pv
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_hvm
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_directio
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_hap
                        | SysctlPhysinfoDescriptor.XEN_SYSCTL_PHYSCAP_vpmu))
                .isEqualTo(" pv hvm hvm_directio pv_directio hap vpmu");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // xl top

    private static Matcher row(String line) {
        Matcher m = ROW.matcher(line);
        assertThat(m.matches()).as("a xentop row: \"" + line + "\"").isTrue();
        return m;
    }

    @Test
    void topPrintsXentopsBatchTableAndCpuPercentFromTwoSamples() {
        Toolstack.XlInvocation x = host.xl(T, new XlTop(500 * XlHost.MS, 2));

        assertThat(x.exitCode()).isZero();
        assertThat(x.err()).isEmpty();
        List<String> lines = x.out().lines().toList();
        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).isEqualTo(HEADER);
        assertThat(lines.get(4)).isEqualTo(HEADER);
        assertThat(lines.subList(1, 4).stream().map(l -> row(l).group(1)))
                .as("%10.10s: right-aligned, cut at 10")
                .containsExactly("  Domain-0", "       web", "a-very-lon");
        for (String l : lines.subList(1, 4)) {
            assertThat(row(l).group(4))
                    .as("the first table has no previous sample")
                    .isEqualTo("   0.0");
        }
        Matcher web = row(lines.get(6));
        double pct = Double.parseDouble(web.group(4).strip());
        assertThat(pct).as("two vCPUs spinning for 0.5 s").isBetween(150.0, 200.0);
        assertThat(web.group(5).strip()).as("MEM(k)").isEqualTo("4096");
        assertThat(web.group(7).strip())
                .as("MAXMEM(k): 4 MiB + LIBXL_MAXMEM_CONSTANT")
                .isEqualTo("5120");
        assertThat(web.group(6).strip()).as("4 MiB of 128").isEqualTo("3.1");
        assertThat(web.group(9).strip()).as("VCPUS").isEqualTo("2");
        assertThat(web.group(10).strip() + web.group(13).strip() + web.group(19).strip())
                .as("no NETS, VBDS, SSID 0")
                .isEqualTo("000");
        Matcher idle = row(lines.get(7));
        assertThat(Double.parseDouble(idle.group(4).strip())).isLessThan(5.0);
        assertThat(idle.group(2)).isEqualTo("--b---");
        assertThat(x.doneAtNs()).as("slept 0.5 s between the samples").isGreaterThanOrEqualTo(T + 500 * XlHost.MS);
    }

    @Test
    void topDelayAndIterationsAreChecked() {
        assertThat(XlTop.parseDelay("3")).isEqualTo(3_000_000_000L);
        assertThat(XlTop.parseDelay("0.25")).isEqualTo(250_000_000L);
        assertThatThrownBy(() -> XlTop.parseDelay("x")).hasMessageContaining("number of seconds");
        assertThatThrownBy(() -> XlTop.parseDelay("-1")).hasMessageContaining("number of seconds");
        assertThatThrownBy(() -> new XlTop(0, 1)).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> new XlTop(XlTop.DEFAULT_DELAY_NS, 0)).hasMessageContaining("at least 1");
        assertThat(XlTop.defaults().argv()).containsExactly("xl", "top");
        assertThat(new XlTop(250_000_000L, 2).argv()).containsExactly("xl", "top", "-d", "0.25", "-i", "2");
    }

    @Test
    void topStateLettersFollowXenstat() {
        LibxlDominfo crashed = info(DomInfoFlags.XEN_DOMINF_shutdown | (3 << DomInfoFlags.XEN_DOMINF_shutdownshift));
        LibxlDominfo poweredOff = info(DomInfoFlags.XEN_DOMINF_shutdown);
        LibxlDominfo pausedBlocked = info(DomInfoFlags.XEN_DOMINF_paused | DomInfoFlags.XEN_DOMINF_blocked);
        assertThat(XlTop.state(crashed)).isEqualTo("---c--");
        assertThat(XlTop.state(poweredOff)).isEqualTo("-s----");
        assertThat(XlTop.state(pausedBlocked)).isEqualTo("--b-p-");
        assertThat(XlTop.state(info(DomInfoFlags.XEN_DOMINF_dying))).isEqualTo("d-----");
    }

    @Test
    void aDomainWithoutALimitShowsNoLimit() {
        LibxlDominfo unlimited = new LibxlDominfo(5, new byte[16], 0, 1024, 0, 0xFFFF_FFFFL * 4, 0, 0, 1, 0);
        XlTop.Sample s = new XlTop.Sample(0, 1L << 30, List.of(new XlTop.Domain("big", unlimited)));
        String table = XlTop.table(null, s);
        assertThat(row(table.lines().toList().get(1)).group(7)).isEqualTo("  no limit");
        assertThat(row(table.lines().toList().get(1)).group(8)).isEqualTo("      n/a");
    }

    private static LibxlDominfo info(int flags) {
        return new LibxlDominfo(1, new byte[16], flags, 0, 0, 0, 0, 0, 1, 0);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // xl vcpu-set and xl mem-max: the checks before xenstore

    @Test
    void vcpuSetReadsItsCountAsStrtoul() {
        assertThat(XlVcpuSet.parseCount("2")).isEqualTo(2);
        assertThat(XlVcpuSet.parseCount(" +3abc")).isEqualTo(3);
        assertThat(XlVcpuSet.parseCount("-0")).isZero();
        assertThat(XlVcpuSet.parseCount("-1")).as("wraps above INT_MAX").isEqualTo(-1);
        assertThat(XlVcpuSet.parseCount("2147483648")).isEqualTo(-1);
        assertThat(XlVcpuSet.parseCount("000000000002")).isEqualTo(2);
        assertThat(XlVcpuSet.parseCount("x")).isEqualTo(-1);
        assertThat(new XlVcpuSet(true, "web", "1").argv()).containsExactly("xl", "vcpu-set", "-i", "web", "1");
    }

    @Test
    void vcpuSetRefusesWithXlsAndLibxlsMessages() {
        Toolstack.XlInvocation bad = host.at(T, new XlVcpuSet(false, "web", "x"));
        Toolstack.XlInvocation over = host.at(T, new XlVcpuSet(false, "web", "5"));
        Toolstack.XlInvocation aboveMax = host.at(T, new XlVcpuSet(true, "web", "5"));
        Toolstack.XlInvocation zero = host.at(T, new XlVcpuSet(false, "web", "0"));
        Toolstack.XlInvocation missing = host.at(T, new XlVcpuSet(true, "9", "1"));
        Toolstack.XlInvocation unknown = host.at(T, new XlVcpuSet(false, "nosuch", "1"));
        host.runAll();

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("Error: Invalid argument.\n");
        assertThat(over.exitCode()).isEqualTo(1);
        assertThat(over.err())
                .isEqualTo("You are overcommmitting! You have 4 physical CPUs and want 5 vCPUs! Aborting, use"
                        + " --ignore-host to continue\n");
        assertThat(aboveMax.err())
                .isEqualTo("libxl: error: libxl_domain.c:1873:libxl_set_vcpuonline: Domain 1:Requested 5 VCPUs,"
                        + " however maxcpus is 2!\nlibxl_set_vcpuonline failed domid=1 max_vcpus=5, rc: -3\n");
        assertThat(zero.err())
                .isEqualTo("libxl: error: libxl_domain.c:1867:libxl_set_vcpuonline: Domain 1:Requested 0 VCPUs!\n"
                        + "libxl_set_vcpuonline failed domid=1 max_vcpus=0, rc: -3\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .isEqualTo("libxl: error: libxl_domain.c:356:libxl_domain_info: Domain 9:Getting domain info: No such"
                        + " process\nlibxl: error: libxl_domain.c:1860:libxl_set_vcpuonline: Domain 9:Getting"
                        + " domain info list\nDomain 9 does not exist.\n");
        assertThat(unknown.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
    }

    @Test
    void memMaxRefusesABadSizeAndAnUnknownDomain() {
        Toolstack.XlInvocation bad = host.at(T, new XlMemMax("web", "12q"));
        Toolstack.XlInvocation unknown = host.at(T, new XlMemMax("nosuch", "64"));
        host.runAll();

        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("invalid memory size: 12q\n");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("nosuch is an invalid domain identifier (rc=-6)\n");
        assertThat(new XlMemMax("web", "1g").argv()).containsExactly("xl", "mem-max", "web", "1g");
    }
}
