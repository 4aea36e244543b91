package org.pvsim.dom0.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.ShutdownReason;

/** Expected lines are derived by hand from xl's printf format; see {@link XlListFormatter}. */
class XlListFormatterTest {

    @Test
    void theHeaderIsXlsHeaderWithItsTabs() {
        assertThat(XlListFormatter.HEADER)
                .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)");
    }

    @Test
    void dom0PrintsAsXlPrintsIt() {
        assertThat(XlListFormatter.row(ReportFixtures.dom0()))
                .isEqualTo("Domain-0                                     0   512     1     r-----       0.2");
    }

    @Test
    void aTableHasTheHeaderThenRowsInDomainIdOrder() {
        assertThat(XlListFormatter.format(
                        List.of(ReportFixtures.crashedGuest(), ReportFixtures.dom0(), ReportFixtures.quietGuest())))
                .isEqualTo("Name                                        ID   Mem VCPUs\tState\tTime(s)\n"
                        + "Domain-0                                     0   512     1     r-----       0.2\n"
                        + "guest-cpu                                    1    64     2     -b----       0.2\n"
                        + "guest-memory                                 2    64     1     ---sc-       1.2\n");
    }

    @Test
    void longNamesAreNotCut() {
        DomainStats domain =
                rename(ReportFixtures.crashedGuest(), "a-very-long-domain-name-that-is-longer-than-forty", 12);
        assertThat(XlListFormatter.row(domain))
                .isEqualTo("a-very-long-domain-name-that-is-longer-than-forty    12    64     1     ---sc-       1.2");
    }

    @Test
    void memoryIsKibDividedBy1024RoundedDown() {
        DomainStats domain = withMemoryAndCpu(ReportFixtures.dom0(), 98_304 + 1023, 11_794_300_000_000L);
        assertThat(XlListFormatter.row(domain))
                .isEqualTo("Domain-0                                     0    96     1     r-----   11794.3");
    }

    @Test
    void cpuSecondsRoundAsCsPrintfRoundsAFloat() {
        assertThat(XlListFormatter.cpuSeconds(250_000_000L))
                .as("0.25 is a tie: to even")
                .isEqualTo("0.2");
        assertThat(XlListFormatter.cpuSeconds(350_000_000L))
                .as("0.35 is just below in binary")
                .isEqualTo("0.3");
        assertThat(XlListFormatter.cpuSeconds(3_600_049_999_999L))
                .as("the (float) cast rounds up")
                .isEqualTo("3600.1");
        assertThat(XlListFormatter.cpuSeconds(0)).isEqualTo("0.0");
    }

    @Test
    void stateLettersFollowXlsOrder() {
        assertThat(XlDomainState.letters(true, true, true, true, ShutdownReason.SHUTDOWN_watchdog, true))
                .isEqualTo("rbpswd");
        assertThat(XlDomainState.letters(false, false, false, false, null, false))
                .isEqualTo("------");
        assertThat(XlDomainState.letters(false, false, false, false, ShutdownReason.SHUTDOWN_crash, false))
                .as("the reason shows only when shut down")
                .isEqualTo("------");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_poweroff).letters())
                .isEqualTo("---s--");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_reboot).letters())
                .isEqualTo("---sr-");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_suspend).letters())
                .isEqualTo("---ss-");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_crash).letters())
                .isEqualTo("---sc-");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_watchdog).letters())
                .isEqualTo("---sw-");
        assertThat(XlDomainState.shutDown(ShutdownReason.SHUTDOWN_soft_reset).letters())
                .isEqualTo("---sS-");
        assertThat(new XlDomainState(false, false, true, false, null, true).letters())
                .isEqualTo("--p--d");
    }

    @Test
    void aShutdownStateNeedsAReasonAndOnlyThen() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new XlDomainState(false, false, false, true, null, false))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new XlDomainState(true, false, false, false, ShutdownReason.SHUTDOWN_crash, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static DomainStats rename(DomainStats d, String name, int id) {
        return new DomainStats(
                id,
                name,
                d.state(),
                d.cpuNs(),
                d.memoryKib(),
                d.maxMemoryKib(),
                d.vcpusOnline(),
                d.vcpus(),
                d.hypercalls());
    }

    private static DomainStats withMemoryAndCpu(DomainStats d, long memoryKib, long cpuNs) {
        return new DomainStats(
                d.id(), d.name(), d.state(), cpuNs, memoryKib, d.maxMemoryKib(), d.vcpusOnline(), d.vcpus(), Map.of());
    }
}
