package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** xl's CPU list syntax, applied left to right as {@code update_cpumap_range} applies it. */
class CpuSetTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0 | 0",
                "0-3,5,^1 | 0,2-3,5",
                "^1,0-3 | 0-3", // a removal applies only to what is there already
                "3,1,2,,1 | 1-3", // order and repeats do not matter; empty items are skipped
                "all | all",
                "all,^7 | all,^7",
                "all,^7,7 | all", // adding back a removed CPU
                "^7,all | all", // all resets what came before
                "all,^2-4,^9 | all,^2-4,^9",
                "0-16382 | 0-16382"
            })
    void parsesToItsShortestForm(String text, String shortest) {
        CpuSet s = CpuSet.parse(text);
        assertThat(s.toXl()).isEqualTo(shortest);
        assertThat(CpuSet.parse(s.toXl())).isEqualTo(s);
    }

    @Test
    void resolvesAgainstTheHostDroppingCpusItLacks() {
        assertThat(CpuSet.parse("1,3,9").resolve(4)).containsExactly(1, 3);
        assertThat(CpuSet.parse("all,^1").resolve(3)).containsExactly(0, 2);
        assertThat(CpuSet.ALL.resolve(2)).containsExactly(0, 1);
        assertThat(CpuSet.ALL.isAll()).isTrue();
        assertThat(CpuSet.parse("all,^0").isAll()).isFalse();
        BitSet bits = CpuSet.parse("0,2-3").toBitSet(8);
        assertThat(bits).isEqualTo(BitSet.valueOf(new long[] {0b1101}));
    }

    @Test
    void containsAnswersForAnyHost() {
        CpuSet s = CpuSet.parse("all,^5");
        assertThat(s.contains(4)).isTrue();
        assertThat(s.contains(5)).isFalse();
        assertThat(s.contains(1000)).isTrue();
        assertThat(s.contains(-1)).isFalse();
        assertThat(CpuSet.parse("4").contains(4)).isTrue();
    }

    @Test
    void refusalsNameTheItemAndTheRule() {
        assertThatThrownBy(() -> CpuSet.parse("1,2-x")).hasMessage("\"2-x\" is not a CPU, a range A-B or all");
        assertThatThrownBy(() -> CpuSet.parse("-1")).hasMessage("\"-1\" is not a CPU, a range A-B or all");
        assertThatThrownBy(() -> CpuSet.parse("1 ")).hasMessage("\"1 \" is not a CPU, a range A-B or all");
        assertThatThrownBy(() -> CpuSet.parse("5-2")).hasMessage("\"5-2\": a range must go from low to high");
        assertThatThrownBy(() -> CpuSet.parse("^all")).hasMessage("\"^all\": can't combine \"^\" and \"all\"");
        assertThatThrownBy(() -> CpuSet.parse(",")).hasMessage("the CPU list is empty");
        assertThatThrownBy(() -> CpuSet.parse("2,^2")).hasMessageStartingWith("\"2,^2\" selects no CPU");
        assertThatThrownBy(() -> CpuSet.parse("16383"))
                .hasMessage("\"16383\": CPU 16383 is beyond 16382, the largest CPU number Xen can have");
        assertThatThrownBy(() -> CpuSet.parse("node:0"))
                .hasMessageStartingWith("\"node:0\": NUMA node lists are not supported");
    }

    @Test
    void theRecordKeepsItsInvariant() {
        assertThatThrownBy(() -> new CpuSet(false, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a CPU set must select at least one CPU");
        assertThatThrownBy(() -> new CpuSet(false, List.of(2, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuSet(true, List.of(16383))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CpuAffinity(List.of(CpuSet.ALL, CpuSet.ALL), false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CpuAffinity.NONE.forVcpu(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
