package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.BitSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code xl vcpu-pin}'s CPU lists ({@code parse_cpurange}): left to right, resolved against the host. */
class XlCpuListTest {

    private static String resolve(String text, int nrCpus) {
        BitSet b = XlCpuList.parse(text).resolve(nrCpus);
        return b.toString();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "all; 4; {0, 1, 2, 3}",
                "0-3,^1; 8; {0, 2, 3}",
                "all,^1; 4; {0, 2, 3}",
                "^1,all; 4; {0, 1, 2, 3}",
                "1,,3; 4; {1, 3}",
                "2-9; 4; {2, 3}",
                "7; 4; {}",
                "^1; 4; {}",
                "0-3,^0-3,2; 4; {2}"
            })
    void itemsApplyInOrderToAMapOfTheHostsCpus(String text, int nrCpus, String expected) {
        assertThat(resolve(text, nrCpus)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = ';',
            value = {
                "^all; Can't combine \"^\" and \"all\".",
                "3-1; Invalid pcpu range: 3-1.",
                "x; Invalid pcpu range: x.",
                "1-; Invalid pcpu range: 1-.",
                "^2a; Invalid pcpu range: 2a.",
                "-1; Invalid pcpu range: -1."
            })
    void badItemsAreRefusedWithXlsMessages(String text, String message) {
        assertThatThrownBy(() -> XlCpuList.parse(text)).hasMessage(message);
    }

    @Test
    void numaNodesAreRefused() {
        assertThatThrownBy(() -> XlCpuList.parse("node:0")).hasMessageContaining("NUMA");
    }
}
