package org.pvsim.dom0.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.cli.XlLineParsers;
import org.pvsim.dom0.report.RunReport;
import org.pvsim.dom0.run.LiveOutcome;
import org.pvsim.dom0.scenario.ResolvedScenario;
import org.pvsim.dom0.scenario.ScenarioLoader;
import org.pvsim.hypervisor.journal.Journal;

/** The live host behind pvsim shell and pvsim xl. */
class LiveScenarioHostTest {

    @TempDir
    Path dir;

    ResolvedScenario scenario() throws Exception {
        return new ScenarioLoader(new CatalogOfGuestWorkloads(), XlLineParsers.PARSER).loadBuiltin("default");
    }

    @Test
    void advanceMovesTimeExactlyEvenWhenPromptsAreAbandoned() throws Exception {
        LiveScenarioHost host = LiveScenarioHost.start(scenario(), Journal.OFF);
        host.advance(1_000_000);
        host.advance(1_000_000);
        host.advance(3);
        assertThat(host.nowNs()).isEqualTo(2_000_003);
        List<LiveOutcome> ran = host.xl("vcpu-list", XlLineParsers.parse("vcpu-list"));
        assertThat(ran).hasSize(1);
        assertThat(ran.get(0).typedAtNs()).isEqualTo(2_000_003);
        assertThat(ran.get(0).outcome().exitCode()).isZero();
        assertThat(ran.get(0).outcome().out()).startsWith("Name ").contains("Domain-0");
        // dom0 ran it right away: the time moved by its wake-up, its xenstored work for the domains it is still
        // creating,
        // and the command: far less than the 1 s limit
        assertThat(host.nowNs()).isGreaterThan(2_000_003).isLessThan(3_000_000);
        assertThat(host.takeWarnings()).isEmpty();
    }

    @Test
    void commandsTypedBackToBackRunInDom0sNextSteps() throws Exception {
        LiveScenarioHost host = LiveScenarioHost.start(scenario(), Journal.OFF);
        host.advance(500_000_000);
        long t = host.nowNs();
        for (int i = 0; i < 5; i++) {
            LiveOutcome o =
                    host.xl("vcpu-list", XlLineParsers.parse("vcpu-list")).get(0);
            assertThat(o.outcome().ranAtNs()).isGreaterThan(t);
            assertThat(host.nowNs()).isEqualTo(o.outcome().ranAtNs());
            t = host.nowNs();
        }
        assertThat(host.history()).hasSize(5);
    }

    @Test
    void saveRunRepeatsTheSessionExactly() throws Exception {
        LiveScenarioHost host = LiveScenarioHost.start(scenario(), Journal.OFF);
        host.advance(300_000_000);
        host.xl("vcpu-pin guest-cpu 0 1", XlLineParsers.parse("vcpu-pin guest-cpu 0 1"));
        host.advance(1_000);
        host.advance(200_000_000);
        host.xl("vcpu-list guest-cpu", XlLineParsers.parse("vcpu-list guest-cpu"));
        RunReport report = host.saveRun(dir);
        assertThat(report.warnings()).isEmpty(); // no "does not end where the session is"
        assertThat(report.virtualNs()).isEqualTo(host.nowNs());
        assertThat(report.xlActions()).hasSize(2);
        assertThat(report.xlActions().get(1).output())
                .isEqualTo(host.history().get(1).outcome().out());
        // the host lives on after saving
        host.advance(1_000_000);
        assertThat(host.failed()).isFalse();
    }
}
