package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The argument checks xl makes before any call, with its messages, and the command lines the records stand for. */
class XlCommandTest {
    private static final OptionalInt NONE = OptionalInt.empty();

    @Test
    void schedCreditRefusesWhatXlRefuses() {
        assertThatThrownBy(() ->
                        new XlCommand.SchedCredit(Optional.empty(), OptionalInt.of(5), NONE, false, NONE, NONE, NONE))
                .hasMessage("Must specify a domain.");
        assertThatThrownBy(() -> new XlCommand.SchedCredit(Optional.of("1"), NONE, NONE, true, NONE, NONE, NONE))
                .hasMessage("Specifying a cpupool or schedparam is not allowed with domain options.");
        assertThatThrownBy(() ->
                        new XlCommand.SchedCredit(Optional.empty(), NONE, NONE, false, OptionalInt.of(10), NONE, NONE))
                .hasMessage("Must specify schedparam to set schedule parameter values.");
        assertThat(new XlCommand.SchedCredit(
                                Optional.of("web"), OptionalInt.of(512), OptionalInt.of(50), false, NONE, NONE, NONE)
                        .argv())
                .containsExactly("xl", "sched-credit", "-d", "web", "-w", "512", "-c", "50");
    }

    @Test
    void schedCredit2RefusesWeightWithoutDomain() {
        assertThatThrownBy(() -> new XlCommand.SchedCredit2(Optional.empty(), NONE, OptionalInt.of(50), false, NONE))
                .hasMessage("Must specify a domain.");
        assertThat(new XlCommand.SchedCredit2(Optional.empty(), NONE, NONE, true, OptionalInt.of(500)).argv())
                .containsExactly("xl", "sched-credit2", "-s", "-r", "500");
    }

    @Test
    void schedRtdsChecksInXlsOrder() {
        Optional<String> d = Optional.of("1");
        assertThatThrownBy(() ->
                        new XlCommand.SchedRtds(Optional.empty(), List.of(0), false, List.of(), List.of(), List.of()))
                .hasMessage("Missing parameters.");
        assertThatThrownBy(() -> new XlCommand.SchedRtds(d, List.of(), false, List.of(10), List.of(5), List.of(0)))
                .hasMessage("Must specify VCPU.");
        assertThatThrownBy(() -> new XlCommand.SchedRtds(d, List.of(0), true, List.of(), List.of(), List.of()))
                .hasMessage("Incorrect VCPU IDs.");
        assertThatThrownBy(() -> new XlCommand.SchedRtds(d, List.of(0), false, List.of(10), List.of(5), List.of()))
                .as("xl wants -e with every -p and -b")
                .hasMessage("Incorrect number of period, budget and extratime");
        assertThatThrownBy(() -> new XlCommand.SchedRtds(d, List.of(0, 1), false, List.of(10), List.of(5), List.of(1)))
                .hasMessage("Incorrect number of period, budget and extratime");
        assertThatThrownBy(() -> new XlCommand.SchedRtds(d, List.of(0), false, List.of(10), List.of(5), List.of(2)))
                .hasMessage("Invalid extratime.");
        XlCommand.SchedRtds ok = new XlCommand.SchedRtds(d, List.of(), true, List.of(10000), List.of(4000), List.of(1));
        assertThat(ok.sets()).isTrue();
        assertThat(ok.argv())
                .containsExactly("xl", "sched-rtds", "-d", "1", "-v", "all", "-p", "10000", "-b", "4000", "-e", "1");
    }

    @Test
    void vcpuPinReadsTheVcpuAsStrtolDoes() {
        assertThat(XlCommand.VcpuPin.parseVcpu("3")).isEqualTo(3);
        assertThat(XlCommand.VcpuPin.parseVcpu("3abc"))
                .as("strtol stops at the junk")
                .isEqualTo(3);
        assertThat(XlCommand.VcpuPin.parseVcpu("all")).isEqualTo(-1);
        assertThatThrownBy(() -> XlCommand.VcpuPin.parseVcpu("-2")).hasMessage("Error: Invalid argument -2 as VCPU.");
        assertThatThrownBy(() -> XlCommand.VcpuPin.parseVcpu("x")).hasMessage("Error: Invalid argument x as VCPU.");
        assertThatThrownBy(() -> new XlCommand.VcpuPin("1", -1, Optional.empty(), Optional.empty(), true))
                .hasMessage("Error: --force and 'all' as VCPU not allowed.");
        assertThat(new XlCommand.VcpuPin("web", -1, Optional.of(XlCpuList.parse("0-3,^1")), Optional.empty(), false)
                        .argv())
                .containsExactly("xl", "vcpu-pin", "web", "all", "0-3,^1");
    }
}
