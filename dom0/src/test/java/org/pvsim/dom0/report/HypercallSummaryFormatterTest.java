package org.pvsim.dom0.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HypercallSummaryFormatterTest {

    @Test
    void rowsAreByDomainIdThenHypercallNameWithADashRowForADomainWithoutHypercalls() {
        String table = HypercallSummaryFormatter.format(
                List.of(ReportFixtures.crashedGuest(), ReportFixtures.quietGuest(), ReportFixtures.dom0()));
        assertThat(table)
                .isEqualTo("Name                                        ID  Hypercall                     Count\n"
                        + "Domain-0                                     0  console_io                        3\n"
                        + "Domain-0                                     0  sched_op                         12\n"
                        + "guest-cpu                                    1  -                                 0\n"
                        + "guest-memory                                 2  memory_op                        40\n"
                        + "guest-memory                                 2  xen_version                       1\n");
    }

    @Test
    void aDomainKnowsItsTotal() {
        assertThat(ReportFixtures.dom0().totalHypercalls()).isEqualTo(15);
    }
}
