package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.Errno;

/** xl's output primitives: C printf conversions, {@code print_bitmap}, and libxl's log line format. */
class XlConsoleTest {

    private static BitSet bits(int... cpus) {
        BitSet b = new BitSet();
        for (int c : cpus) {
            b.set(c);
        }
        return b;
    }

    @Test
    void printfPadsLikeC() {
        assertThat(XlConsole.format("%-33s %4d %6d %4d|", "Domain-0", 0, 256, 0))
                .isEqualTo("Domain-0                             0    256    0|");
        assertThat(XlConsole.format("%-33s|", (Object) null)).isEqualTo("(null)" + " ".repeat(27) + "|");
        assertThat(XlConsole.format("%5c %3c%cp ", '-', '-', '-')).isEqualTo("    -   --p ");
        assertThat(XlConsole.format("%9u|%%", 4_000_000_000L)).isEqualTo("4000000000|%");
    }

    @Test
    void printfRoundsFloatsAsGlibcDoesOnTheExactBinaryValue() {
        assertThat(XlConsole.format("%9.1f", 0.25)).as("a tie rounds to even").isEqualTo("      0.2");
        assertThat(XlConsole.format("%9.1f", 0.35))
                .as("0.35 is 0.34999... in binary")
                .isEqualTo("      0.3");
        assertThat(XlConsole.format("%9.1f", 12.75)).isEqualTo("     12.8");
        assertThat(XlConsole.format("%.1f", 123456.0)).isEqualTo("123456.0");
    }

    @Test
    void printBitmapWritesAllNoneAndRanges() {
        assertThat(XlConsole.bitmap(bits(0, 1, 2, 3), 4)).isEqualTo("all");
        assertThat(XlConsole.bitmap(bits(), 4)).isEqualTo("none");
        assertThat(XlConsole.bitmap(bits(0, 1, 2, 3, 5), 8)).isEqualTo("0-3,5");
        assertThat(XlConsole.bitmap(bits(2, 3), 4))
                .as("a run to the end not starting at 0")
                .isEqualTo("2-3");
        assertThat(XlConsole.bitmap(bits(1, 3), 4)).isEqualTo("1,3");
        assertThat(XlConsole.bitmap(bits(1), 4)).isEqualTo("1");
        assertThat(XlConsole.bitmap(bits(0, 2, 3), 4)).isEqualTo("0,2-3");
        assertThat(XlConsole.bitmap(bits(0, 1, 2, 3, 9), 4))
                .as("bits beyond nr_cpus are not shown")
                .isEqualTo("all");
    }

    @Test
    void libxlLogLinesNameTheSourceTheDomainAndTheErrno() {
        XlConsole con = new XlConsole();
        con.log(
                XlConsole.Level.ERROR,
                "libxl_sched.c",
                230,
                "sched_credit_domain_set",
                1,
                Errno.EINVAL.neg(),
                "Getting domain sched credit");
        con.log(
                XlConsole.Level.ERROR,
                "libxl_sched.c",
                901,
                "libxl_domain_sched_params_get",
                0,
                0,
                "Unknown scheduler");
        con.log(
                XlConsole.Level.WARN,
                "libxl_sched.c",
                285,
                "libxl_sched_credit_params_get",
                -1,
                Errno.ESRCH.neg(),
                "x");
        assertThat(con.err())
                .isEqualTo("libxl: error: libxl_sched.c:230:sched_credit_domain_set: Domain 1:Getting domain sched"
                        + " credit: Invalid argument\n"
                        + "libxl: error: libxl_sched.c:901:libxl_domain_sched_params_get: Unknown scheduler\n"
                        + "libxl: warning: libxl_sched.c:285:libxl_sched_credit_params_get: x: No such process\n");
        assertThat(con.out()).isEmpty();
    }

    @Test
    void theTranscriptKeepsTheOrderOfBothStreams() {
        XlConsole con = new XlConsole();
        con.printf("a\n");
        con.eprintf("b\n");
        con.print("c\n");
        assertThat(con.transcript())
                .containsExactly(new XlChunk(false, "a\n"), new XlChunk(true, "b\n"), new XlChunk(false, "c\n"));
    }
}
