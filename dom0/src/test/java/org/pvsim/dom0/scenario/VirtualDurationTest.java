package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VirtualDurationTest {

    @ParameterizedTest
    @CsvSource({
        "5s, 5000000000",
        "2ms, 2000000",
        "2.5ms, 2500000",
        "100 us, 100000",
        "7ns, 7",
        "0.000000001s, 1",
        "' 3s ', 3000000000",
        "9223372036s, 9223372036000000000"
    })
    void durationsWithUnitsAndDecimalsParse(String text, long ns) {
        assertThat(VirtualDuration.parseNs(text)).isEqualTo(ns);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "5 parsecs|\"5 parsecs\" is not a duration (use ns, us, ms or s, e.g. 5s)",
                "5|\"5\" is not a duration (use ns, us, ms or s, e.g. 5s)",
                "-1s|\"-1s\" is not a duration (use ns, us, ms or s, e.g. 5s)",
                "5S|\"5S\" is not a duration (use ns, us, ms or s, e.g. 5s)",
                "0s|\"0s\" is not more than 0",
                "1.5ns|\"1.5ns\" is not a whole number of nanoseconds",
                "9223372037s|\"9223372037s\" is too long (at most 9223372036s)"
            })
    void badDurationsAreRefusedWithAReason(String text, String message) {
        assertThatThrownBy(() -> VirtualDuration.parseNs(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"5000000000, 5s", "2500000, 2500us", "2000000, 2ms", "7, 7ns", "1500000000, 1500ms"})
    void durationsPrintInTheLargestExactUnit(long ns, String text) {
        assertThat(VirtualDuration.format(ns)).isEqualTo(text);
        assertThat(VirtualDuration.parseNs(text)).isEqualTo(ns);
    }
}
