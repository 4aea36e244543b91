package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.pvsim.dom0.xlcfg.DomainConfigReaderTest.config;
import static org.pvsim.dom0.xlcfg.DomainConfigReaderTest.read;
import static org.pvsim.dom0.xlcfg.DomainConfigReaderTest.refusal;
import static org.pvsim.dom0.xlcfg.DomainConfigReaderTest.warnings;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The scheduling keys of xl.cfg, read as {@code tools/xl/xl_parse.c} reads them: {@code cpu_weight}, {@code cap},
 * {@code cpus}, {@code cpus_soft}, {@code period}, {@code extratime}, and the deprecated {@code slice} and {@code
 * latency}.
 */
class SchedulingKeysTest {

    @Nested
    class WeightAndCap {

        @Test
        void areRead() throws XlCfgException {
            DomainConfig c = config("name = 'a'\nvcpus = 2\ncpu_weight = 512\ncap = 150");
            assertThat(c.cpuWeight()).isEqualTo(512);
            assertThat(c.cap()).isEqualTo(150);
            assertThat(read("name = 'a'\nvcpus = 2\ncpu_weight = 512\ncap = 150")
                            .warnings())
                    .isEmpty();
        }

        @Test
        void takeTheirWholeRange() throws XlCfgException {
            assertThat(config("name = 'a'\ncpu_weight = 1").cpuWeight()).isEqualTo(1);
            assertThat(config("name = 'a'\ncpu_weight = '0xffff'").cpuWeight()).isEqualTo(65535);
            assertThat(config("name = 'a'\ncap = 0").cap()).isZero();
            assertThat(config("name = 'a'\nmaxvcpus = 32\ncap = 3200").cap()).isEqualTo(3200);
        }

        @Test
        void outOfRangeValuesAreRefused() {
            assertThat(refusal("name='a'\ncpu_weight = 0"))
                    .isEqualTo("web.cfg:2:14: cpu_weight: must be at least 1 (is 0)");
            assertThat(refusal("name='a'\ncpu_weight = 65536"))
                    .isEqualTo("web.cfg:2:14: cpu_weight: must be at most 65535 (is 65536)");
            assertThat(refusal("name='a'\ncap = 65536"))
                    .isEqualTo("web.cfg:2:7: cap: must be at most 65535 (is 65536)");
            assertThat(refusal("name='a'\ncap = 'full'")).isEqualTo("web.cfg:2:7: cap: \"full\" is not a number");
            assertThat(refusal("name='a'\ncpu_weight = [ 256 ]"))
                    .isEqualTo("web.cfg:2:14: cpu_weight: expected a single value, not a list");
            assertThat(refusal("name='a'\ncpu_weight = 256\ncpu_weight += 1"))
                    .isEqualTo("web.cfg:3:1: cpu_weight: can't use += with numbers");
        }

        @Test
        void aCapAboveWhatTheVcpusCanUseIsRefused() {
            assertThat(refusal("name='a'\nvcpus = 1\nmaxvcpus = 2\ncap = 201"))
                    .isEqualTo("web.cfg:4:7: cap: 201 is more than 100 per vCPU (maxvcpus = 2, so at most 200); libxl"
                            + " refuses a cap the domain's vCPUs could never reach");
        }
    }

    @Nested
    class Affinity {

        @Test
        void aStringAppliesToEveryVcpu() throws XlCfgException {
            DomainConfig c = config("name = 'a'\nvcpus = 4\ncpus = '0-3,5,^1'");
            CpuSet expected = new CpuSet(false, List.of(0, 2, 3, 5));
            assertThat(c.cpus()).isEqualTo(CpuAffinity.forEveryVcpu(expected));
            assertThat(c.cpus().isSet()).isTrue();
            assertThat(c.cpus().forVcpu(0)).contains(expected);
            assertThat(c.cpus().forVcpu(3)).contains(expected);
            assertThat(c.cpusSoft()).isEqualTo(CpuAffinity.NONE);
            assertThat(c.cpusSoft().forVcpu(0)).isEmpty();
        }

        @Test
        void aListGivesOneSetPerVcpuAndLeavesTheRestUnpinned() throws XlCfgException {
            DomainConfig c = config("name = 'a'\nvcpus = 3\ncpus_soft = [ '2', '3-8,^5' ]");
            assertThat(c.cpusSoft().perVcpu()).isTrue();
            assertThat(c.cpusSoft().forVcpu(0)).contains(new CpuSet(false, List.of(2)));
            assertThat(c.cpusSoft().forVcpu(1)).contains(new CpuSet(false, List.of(3, 4, 6, 7, 8)));
            assertThat(c.cpusSoft().forVcpu(2)).isEmpty();
        }

        @Test
        void numbersInAListAreCpuListsToo() throws XlCfgException {
            assertThat(config("name = 'a'\nvcpus = 2\ncpus = [ 0, 1 ]").cpus().forVcpu(1))
                    .contains(new CpuSet(false, List.of(1)));
        }

        @Test
        void allWithExceptionsIsKeptUntilTheHostIsKnown() throws XlCfgException {
            CpuSet s = config("name = 'a'\ncpus = 'all,^7'").cpus().forVcpu(0).orElseThrow();
            assertThat(s).isEqualTo(new CpuSet(true, List.of(7)));
            assertThat(s.resolve(4)).containsExactly(0, 1, 2, 3);
            assertThat(s.resolve(9)).containsExactly(0, 1, 2, 3, 4, 5, 6, 8);
        }

        @Test
        void moreListsThanVcpusAreIgnoredWithAWarning() throws XlCfgException {
            assertThat(warnings("name = 'a'\ncpus = [ '0', '1', '2' ]"))
                    .containsExactly("web.cfg:2:1: warning: cpus: 3 CPU lists for 1 vCPU (maxvcpus): the lists past the"
                            + " last vCPU are ignored, as xl does");
            assertThat(warnings("name = 'a'\nmaxvcpus = 3\ncpus = [ '0', '1', '2' ]"))
                    .isEmpty();
        }

        @Test
        void anEmptyListPinsNothing() throws XlCfgException {
            CpuAffinity a = config("name = 'a'\ncpus = [ ]").cpus();
            assertThat(a.isSet()).isTrue();
            assertThat(a.forVcpu(0)).isEqualTo(Optional.empty());
        }

        @Test
        void badListsAreRefusedAtTheirLocation() {
            assertThat(refusal("name='a'\ncpus = '3-1'"))
                    .isEqualTo("web.cfg:2:8: cpus: \"3-1\": a range must go from low to high");
            assertThat(refusal("name='a'\ncpus = '^all'"))
                    .isEqualTo("web.cfg:2:8: cpus: \"^all\": can't combine \"^\" and \"all\"");
            assertThat(refusal("name='a'\ncpus_soft = ['1', 'x']"))
                    .isEqualTo("web.cfg:2:19: cpus_soft: \"x\" is not a CPU, a range A-B or all");
            assertThat(refusal("name='a'\ncpus = ''")).isEqualTo("web.cfg:2:8: cpus: the CPU list is empty");
            assertThat(refusal("name='a'\ncpus = '^1'"))
                    .isEqualTo("web.cfg:2:8: cpus: \"^1\" selects no CPU, and Xen refuses an empty affinity (add"
                            + " CPUs, or \"all\")");
            assertThat(refusal("name='a'\ncpus = '0-20000'"))
                    .isEqualTo("web.cfg:2:8: cpus: \"0-20000\": CPU 20000 is beyond 16382, the largest CPU number Xen"
                            + " can have");
            assertThat(refusal("name='a'\ncpus = [ [ '1' ] ]"))
                    .isEqualTo("web.cfg:2:10: cpus: list elements must be strings, not lists");
        }

        @Test
        void numaNodesAreRefusedWithTheReason() {
            assertThat(refusal("name='a'\ncpus = 'nodes:0-1'"))
                    .isEqualTo("web.cfg:2:8: cpus: \"nodes:0-1\": NUMA node lists are not supported: pvsim hosts have"
                            + " no NUMA topology; name CPUs instead (for example \"0-3\")");
            assertThat(refusal("name='a'\ncpus_soft = [ '1', '^node:1' ]"))
                    .startsWith("web.cfg:2:20: cpus_soft: \"^node:1\": NUMA node lists are not supported");
        }
    }

    @Nested
    class Rtds {

        @Test
        void periodAndExtratimeAreRead() throws XlCfgException {
            DomainConfig c = config("name = 'a'\nperiod = 20000\nextratime = 0");
            assertThat(c.periodUs()).isEqualTo(20_000);
            assertThat(c.extratime()).isFalse();
        }

        @Test
        void aPeriodShorterThanTheDefaultBudgetIsAcceptedWithAWarning() throws XlCfgException {
            assertThat(config("name = 'a'\nperiod = 10").periodUs()).isEqualTo(10);
            assertThat(warnings("name = 'a'\nperiod = 3999"))
                    .containsExactly("web.cfg:2:1: warning: period: 3999 us is shorter than RTDS's default budget (4000"
                            + " us), which xl.cfg cannot change: under RTDS, xl refuses a budget above the period");
            assertThat(warnings("name = 'a'\nperiod = 4000")).isEmpty();
        }

        @Test
        void badValuesAreRefused() {
            assertThat(refusal("name='a'\nperiod = 9")).isEqualTo("web.cfg:2:10: period: must be at least 10 (is 9)");
            assertThat(refusal("name='a'\nperiod = 2147483648"))
                    .isEqualTo("web.cfg:2:10: period: must be at most 2147483647 (is 2147483648)");
            assertThat(refusal("name='a'\nextratime = 2"))
                    .isEqualTo("web.cfg:2:13: extratime: must be at most 1 (is 2)");
            assertThat(refusal("name='a'\nextratime = 'yes'"))
                    .isEqualTo("web.cfg:2:13: extratime: \"yes\" is not a number");
        }

        @Test
        void budgetIsNotAnXlCfgKeyAndTheWarningSaysWhereItIsSet() throws XlCfgException {
            CheckedDomainConfig checked = read("name = 'a'\nbudget = 2000");
            assertThat(checked.config().unknown()).containsOnlyKeys("budget");
            assertThat(checked.warnings())
                    .extracting(XlCfgWarning::toString)
                    .containsExactly("web.cfg:2:1: warning: budget: unknown key, ignored (xl.cfg has no RTDS budget: xl"
                            + " sets it with sched-rtds -b)");
        }

        @Test
        void sliceAndLatencyAreDeprecatedAndIgnored() throws XlCfgException {
            CheckedDomainConfig checked = read("name = 'a'\nslice = 4000\nlatency = 0");
            assertThat(checked.config().unknown()).containsOnlyKeys("slice", "latency");
            assertThat(checked.warnings())
                    .extracting(XlCfgWarning::toString)
                    .containsExactly(
                            "web.cfg:2:1: warning: slice: deprecated, ignored: a parameter of the SEDF scheduler, which"
                                    + " Xen no longer has",
                            "web.cfg:3:1: warning: latency: deprecated, ignored: a parameter of the SEDF scheduler,"
                                    + " which Xen no longer has");
            assertThat(refusal("name='a'\nslice = 'long'")).isEqualTo("web.cfg:2:9: slice: \"long\" is not a number");
        }
    }

    @Test
    void everySchedulingKeyIsWrittenBackAndReadsBackEqual() throws XlCfgException {
        DomainConfig c = config(String.join(
                "\n",
                "name = 'rt'",
                "vcpus = 2",
                "cpu_weight = 1024",
                "cap = 50",
                "cpus = 'all,^0,^2-3'",
                "cpus_soft = [ '1', '4-7,9' ]",
                "period = 5000",
                "extratime = 0",
                "slice = 1"));
        String text = c.toXlCfg();
        assertThat(text)
                .contains(
                        "cpu_weight = 1024\n",
                        "cap = 50\n",
                        "cpus = \"all,^0,^2-3\"\n",
                        "cpus_soft = [ \"1\", \"4-7,9\" ]\n",
                        "period = 5000\n",
                        "extratime = 0\n",
                        "slice = 1\n");
        DomainConfig again = config(text);
        assertThat(again.toXlCfg()).isEqualTo(text);
        assertThat(List.of(again.cpuWeight(), again.cap(), again.periodUs()))
                .isEqualTo(List.of(c.cpuWeight(), c.cap(), c.periodUs()));
        assertThat(again.cpus()).isEqualTo(c.cpus());
        assertThat(again.cpusSoft()).isEqualTo(c.cpusSoft());
        assertThat(again.extratime()).isEqualTo(c.extratime());
    }
}
