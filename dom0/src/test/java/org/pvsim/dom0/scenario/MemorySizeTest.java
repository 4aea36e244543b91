package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MemorySizeTest {

    @ParameterizedTest
    @CsvSource({"4GiB, 4194304", "512MiB, 524288", "1.5GiB, 1572864", "12 KiB, 12", "1TiB, 1073741824"})
    void sizesWithBinaryUnitsParseToKib(String text, long kib) {
        assertThat(MemorySize.parseKib(text)).isEqualTo(kib);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "4GB|\"4GB\" is not a memory size (use KiB, MiB, GiB or TiB, e.g. 512MiB, or a whole number of MiB)",
                "lots|\"lots\" is not a memory size (use KiB, MiB, GiB or TiB, e.g. 512MiB, or a whole number of MiB)",
                "0.5KiB|\"0.5KiB\" is not a whole number of KiB"
            })
    void badSizesAreRefusedWithAReason(String text, String message) {
        assertThatThrownBy(() -> MemorySize.parseKib(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"4194304, 4GiB", "1572864, 1536MiB", "12, 12KiB", "1073741824, 1TiB", "0, 0KiB"})
    void sizesPrintInTheLargestExactUnit(long kib, String text) {
        assertThat(MemorySize.format(kib)).isEqualTo(text);
    }
}
