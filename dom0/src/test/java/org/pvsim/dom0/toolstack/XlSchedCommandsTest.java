package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.pvsim.dom0.xlcfg.CpuAffinity;
import org.pvsim.hypervisor.Schedulers;

/**
 * {@code xl sched-credit}, {@code sched-credit2} and {@code sched-rtds} under the scheduler they are for, run by dom0's
 * toolstack on a real host: xl's tables, a set followed by a get, libxl's range checks, the other commands' complaints,
 * and xl.cfg's {@code cpu_weight}/{@code cap}/{@code period} applied at creation. Each test needs its policy in {@link
 * Schedulers#NAMES} and is skipped until that policy is registered.
 */
class XlSchedCommandsTest {
    private static final long T = 50 * XlHost.MS;
    private static final OptionalInt NONE = OptionalInt.empty();
    private static final String NAME_PAD = " ".repeat(32);

    private XlHost host;

    /** A host running {@code scheduler} with "web" (2 vCPUs, id 1) and "db" (1 vCPU, id 2). */
    private void boot(String scheduler) {
        assumeTrue(Schedulers.NAMES.contains(scheduler), scheduler + " is not registered yet");
        host = new XlHost(scheduler, 2);
        host.create(XlHost.spec("web", 2, "cpu"));
        host.create(XlHost.spec("db", 1, "idle"));
    }

    private Toolstack.XlInvocation at(XlCommand c) {
        return host.at(T, c);
    }

    private static XlCommand credit(String domain, int weight, int cap) {
        return new XlCommand.SchedCredit(Optional.ofNullable(domain), opt(weight), opt(cap), false, NONE, NONE, NONE);
    }

    private static XlCommand credit2(String domain, int weight, int cap) {
        return new XlCommand.SchedCredit2(Optional.ofNullable(domain), opt(weight), opt(cap), false, NONE);
    }

    private static OptionalInt opt(int v) {
        return v < 0 ? NONE : OptionalInt.of(v);
    }

    private static String weightRow(String name, int id, int weight, int cap) {
        return XlConsole.format("%-33s %4d %6d %4d\n", name, id, weight, cap);
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit", "credit2"})
    void weightAndCapSetByXlAreWhatXlShowsNext(String scheduler) {
        boot(scheduler);
        boolean c1 = scheduler.equals("credit");
        Toolstack.XlInvocation all = at(c1 ? credit(null, -1, -1) : credit2(null, -1, -1));
        Toolstack.XlInvocation set = at(c1 ? credit("web", 512, 50) : credit2("web", 512, 50));
        Toolstack.XlInvocation get = at(c1 ? credit("1", -1, -1) : credit2("1", -1, -1));
        Toolstack.XlInvocation uncap = at(c1 ? credit("web", -1, 0) : credit2("web", -1, 0));
        Toolstack.XlInvocation again = at(c1 ? credit("web", -1, -1) : credit2("web", -1, -1));
        host.runAll();

        List<String> lines = all.out().lines().toList();
        assertThat(lines.get(0))
                .matches(
                        c1
                                ? "Cpupool Pool-0: tslice=[0-9]+ms ratelimit=[0-9]+us migration-delay=[0-9]+us"
                                : "Cpupool Pool-0: ratelimit=[0-9]+us");
        assertThat(all.out().substring(all.out().indexOf('\n') + 1))
                .isEqualTo("Name" + NAME_PAD + "ID Weight  Cap\n"
                        + weightRow("Domain-0", 0, 256, 0)
                        + weightRow("web", 1, 256, 0)
                        + weightRow("db", 2, 256, 0));
        assertThat(set.exitCode()).isZero();
        assertThat(set.out() + set.err()).isEmpty();
        assertThat(get.out()).isEqualTo("Name" + NAME_PAD + "ID Weight  Cap\n" + weightRow("web", 1, 512, 50));
        assertThat(uncap.exitCode()).isZero();
        assertThat(again.out()).as("cap 0 removes the cap, the weight stays").endsWith(weightRow("web", 1, 512, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit", "credit2"})
    void libxlChecksWeightAndCapRanges(String scheduler) {
        boot(scheduler);
        boolean c1 = scheduler.equals("credit");
        String func = c1 ? "sched_credit_domain_set" : "sched_credit2_domain_set";
        Toolstack.XlInvocation weight = at(c1 ? credit("web", 0, -1) : credit2("web", 0, -1));
        Toolstack.XlInvocation cap = at(c1 ? credit("web", -1, 201) : credit2("web", -1, 201));
        host.runAll();

        assertThat(weight.exitCode()).isEqualTo(1);
        assertThat(weight.err())
                .isEqualTo("libxl: error: libxl_sched.c:" + (c1 ? 236 : 441) + ":" + func + ": Domain 1:Cpu weight out"
                        + " of range, valid values are within range from 1 to 65535\n"
                        + "libxl_domain_sched_params_set failed.\n");
        assertThat(cap.err())
                .isEqualTo("libxl: error: libxl_sched.c:" + (c1 ? 246 : 451) + ":" + func + ": Domain 1:Cpu cap out of"
                        + " range, valid range is from 0 to 200 for specified number of vcpus\n"
                        + "libxl_domain_sched_params_set failed.\n");
    }

    @Test
    void theCreditCommandUnderCredit2SaysWhichSchedulerRuns() {
        boot("credit2");
        Toolstack.XlInvocation list = at(credit(null, -1, -1));
        Toolstack.XlInvocation get = at(credit("web", -1, -1));
        host.runAll();

        assertThat(list.out() + list.err()).isEmpty();
        assertThat(list.exitCode()).isZero();
        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.out()).isEqualTo("Name" + NAME_PAD + "ID Weight  Cap\n");
        assertThat(get.err()).isEqualTo("libxl_domain_sched_params_get returned credit2 not credit.\n");
    }

    @Test
    void credit2RatelimitIsSetAndShownWithDashS() {
        boot("credit2");
        Toolstack.XlInvocation set =
                at(new XlCommand.SchedCredit2(Optional.empty(), NONE, NONE, true, OptionalInt.of(2000)));
        Toolstack.XlInvocation get = at(new XlCommand.SchedCredit2(Optional.empty(), NONE, NONE, true, NONE));
        Toolstack.XlInvocation bad =
                at(new XlCommand.SchedCredit2(Optional.empty(), NONE, NONE, true, OptionalInt.of(50)));
        host.runAll();

        assertThat(set.exitCode()).isZero();
        assertThat(get.out()).isEqualTo("Cpupool Pool-0: ratelimit=2000us\n");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .isEqualTo("libxl: error: libxl_sched.c:268:sched_ratelimit_check: Ratelimit out of range, valid range"
                        + " is from 100 to 500000\nlibxl_sched_credit2_params_set failed.\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit", "credit2"})
    void cpuWeightAndCapFromXlCfgAreAppliedAtCreation(String scheduler) {
        boot(scheduler);
        Toolstack.Creation c = host.create(new DomainBuildSpec(
                "heavy",
                new byte[16],
                4096,
                1,
                1,
                "pvsim-pv",
                "workload=idle",
                1023,
                64,
                1024,
                2,
                768,
                40,
                CpuAffinity.NONE,
                CpuAffinity.NONE,
                20_000,
                true));
        boolean c1 = scheduler.equals("credit");
        Toolstack.XlInvocation get = at(c1 ? credit("heavy", -1, -1) : credit2("heavy", -1, -1));
        host.runAll();

        assertThat(get.out()).endsWith(weightRow("heavy", 3, 768, 40));
        assertThat(c.warnings())
                .containsExactly(
                        "heavy: period=20000 is ignored: the " + scheduler + " scheduler has no such parameter");
    }

    // ------------------------------------------------------------------------------------------------------ RTDS

    private static XlCommand rtds(
            String domain, List<Integer> vcpus, boolean all, List<Integer> p, List<Integer> b, List<Integer> e) {
        return new XlCommand.SchedRtds(Optional.ofNullable(domain), vcpus, all, p, b, e);
    }

    private static String vcpuRow(String name, int id, int vcpu, long period, long budget, boolean extra) {
        return XlConsole.format("%-33s %4d %4d %9u %9u %10s\n", name, id, vcpu, period, budget, extra ? "yes" : "no");
    }

    @Test
    void rtdsPeriodsAndBudgetsSetPerVcpuAreWhatXlShowsNext() {
        boot("rtds");
        Toolstack.XlInvocation list = at(rtds(null, List.of(), false, List.of(), List.of(), List.of()));
        Toolstack.XlInvocation set = at(rtds("web", List.of(0), false, List.of(20000), List.of(5000), List.of(0)));
        Toolstack.XlInvocation get = at(rtds("web", List.of(), true, List.of(), List.of(), List.of()));
        Toolstack.XlInvocation setAll = at(rtds("db", List.of(), true, List.of(30000), List.of(1000), List.of(1)));
        Toolstack.XlInvocation getOne = at(rtds("db", List.of(0), false, List.of(), List.of(), List.of()));
        Toolstack.XlInvocation bad = at(rtds("web", List.of(1), false, List.of(2000), List.of(5000), List.of(1)));
        host.runAll();

        String header = XlConsole.format("%-33s %4s %9s %9s %10s\n", "Name", "ID", "Period", "Budget", "Extratime");
        assertThat(list.out())
                .isEqualTo("Cpupool Pool-0: sched=RTDS\n" + header
                        + XlConsole.format("%-33s %4d %9d %9d %10s\n", "Domain-0", 0, 10000, 4000, "yes")
                        + XlConsole.format("%-33s %4d %9d %9d %10s\n", "web", 1, 10000, 4000, "yes")
                        + XlConsole.format("%-33s %4d %9d %9d %10s\n", "db", 2, 10000, 4000, "yes"));
        assertThat(set.exitCode()).isZero();
        String vheader =
                XlConsole.format("%-33s %4s %4s %9s %9s %10s\n", "Name", "ID", "VCPU", "Period", "Budget", "Extratime");
        assertThat(get.out())
                .as("vCPU 1 keeps RTDS's defaults, extratime on")
                .isEqualTo(
                        vheader + vcpuRow("web", 1, 0, 20000, 5000, false) + vcpuRow("web", 1, 1, 10000, 4000, true));
        assertThat(setAll.exitCode()).isZero();
        assertThat(getOne.out()).isEqualTo(vheader + vcpuRow("db", 2, 0, 30000, 1000, true));
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err())
                .isEqualTo("libxl: error: libxl_sched.c:485:sched_rtds_validate_params: VCPU budget must be smaller"
                        + " than or equal to period, but 5000 > 2000\nlibxl_vcpu_sched_params_set failed.\n");
    }

    @Test
    void rtdsPeriodFromXlCfgIsGivenToEveryVcpu() {
        boot("rtds");
        host.create(new DomainBuildSpec(
                "rt",
                new byte[16],
                4096,
                2,
                2,
                "pvsim-pv",
                "workload=idle pvsim.vcpus=2",
                1023,
                64,
                1024,
                2,
                256,
                0,
                CpuAffinity.NONE,
                CpuAffinity.NONE,
                25_000,
                true));
        Toolstack.XlInvocation get = at(rtds("rt", List.of(), true, List.of(), List.of(), List.of()));
        host.runAll();

        List<String> rows = get.out().lines().skip(1).toList();
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r).contains("    25000      4000"));
    }

    @Test
    void theRtdsCommandUnderCredit2CannotGetPerVcpuParameters() {
        boot("credit2");
        Toolstack.XlInvocation get = at(rtds("web", List.of(), true, List.of(), List.of(), List.of()));
        host.runAll();

        assertThat(get.exitCode()).isEqualTo(1);
        assertThat(get.err())
                .isEqualTo("libxl: error: libxl_sched.c:960:libxl_vcpu_sched_params_get_all: Domain 1:per-VCPU"
                        + " parameter getting not supported for this scheduler\n"
                        + "libxl_vcpu_sched_params_get_all failed.\n");
    }
}
