package org.pvsim.dom0.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.pvsim.dom0.toolstack.XlCommand;

/** One parser for xl lines: the shell's, the scenario actions', and pvsim xl's subcommand classes. */
class XlLineParsersTest {

    @Test
    void linesSplitAsAShellSplitsThem() {
        assertThat(XlLineParsers.words("  vcpu-pin  web 0 '0-1' \"all\"  "))
                .containsExactly("vcpu-pin", "web", "0", "0-1", "all");
        assertThat(XlLineParsers.words("a\\ b 'c d' \"e \\\"f\\\"\" ''")).containsExactly("a b", "c d", "e \"f\"", "");
        assertThatThrownBy(() -> XlLineParsers.words("list \"web")).hasMessage("unterminated double quote");
    }

    @Test
    void theLeadingXlIsOptionalAndTheCommandIsXlsOwn() {
        XlCommand a = XlLineParsers.parse("xl sched-credit2 -d web -w 512");
        XlCommand b = XlLineParsers.parse("sched-credit2 -d web -w 512");
        assertThat(a).isEqualTo(b);
        assertThat(a.argv()).containsExactly("xl", "sched-credit2", "-d", "web", "-w", "512");
        assertThat(XlLineParsers.parse("vcpu-list")).isEqualTo(new XlCommand.VcpuList(List.of()));
    }

    @Test
    void everyRegisteredSubcommandParses() {
        // the list comes from XlCommandGroup, so commands other helpers register are covered by the same path
        for (String name : XlLineParsers.names()) {
            assertThat(XlLineParsers.helpRequested(List.of("xl", name, "--help")))
                    .contains("Usage: xl " + name);
        }
        assertThat(XlLineParsers.names()).contains("sched-credit", "vcpu-list");
    }

    @Test
    void refusals() {
        assertThatThrownBy(() -> XlLineParsers.parse("")).hasMessageStartingWith("an xl subcommand is needed");
        assertThatThrownBy(() -> XlLineParsers.parse("xl")).hasMessageStartingWith("an xl subcommand is needed");
        assertThatThrownBy(() -> XlLineParsers.parse("vcpu-list web vcpu-list db"))
                .hasMessage("one xl command at a time (this line has 2)");
        assertThatThrownBy(() -> XlLineParsers.parse("vcpu-list --scenario x.yaml"))
                .hasMessageStartingWith("xl vcpu-list: --scenario belongs to `pvsim xl`");
        assertThatThrownBy(() -> XlLineParsers.parse("vcpu-pin web"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("xl vcpu-pin: ");
    }
}
