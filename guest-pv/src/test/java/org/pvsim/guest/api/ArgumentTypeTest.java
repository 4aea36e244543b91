package org.pvsim.guest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ArgumentTypeTest {
    private final ArgumentType.Duration duration = new ArgumentType.Duration(1_000, 1_000_000_000);
    private final ArgumentType.Count count = new ArgumentType.Count(1, 512);

    @Test
    void durationsTakeAWholeNumberAndAUnit() {
        assertThat(ArgumentType.Duration.parse("2ms")).isEqualTo(2_000_000);
        assertThat(ArgumentType.Duration.parse("500us")).isEqualTo(500_000);
        assertThat(ArgumentType.Duration.parse("1s")).isEqualTo(1_000_000_000);
        assertThat(ArgumentType.Duration.parse("70ns")).isEqualTo(70);
        assertThat(ArgumentType.Duration.parse("0")).isZero();
        assertThat(duration.problem("2ms")).isEmpty();
    }

    @Test
    void aBadDurationSaysWhatADurationLooksLike() {
        assertThat(duration.problem("fast"))
                .hasValueSatisfying(p -> assertThat(p)
                        .isEqualTo("\"fast\" is not a duration: write a whole number followed by ns, us, ms or s (for"
                                + " example 2ms)"));
        assertThat(duration.problem("2")).isPresent();
        assertThat(duration.problem("1.5ms")).isPresent();
        assertThat(duration.problem("-1ms")).isPresent();
        assertThat(duration.problem("99999999999999999999s")).isPresent();
        assertThatThrownBy(() -> ArgumentType.Duration.parse("2 ms")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDurationOutOfRangeNamesTheRange() {
        assertThat(duration.problem("2s")).contains("2s is out of range: it must be from 1us to 1s");
        assertThat(duration.problem("999ns")).contains("999ns is out of range: it must be from 1us to 1s");
    }

    @Test
    void durationsFormatInTheLargestExactUnit() {
        assertThat(ArgumentType.Duration.format(2_000_000)).isEqualTo("2ms");
        assertThat(ArgumentType.Duration.format(1_500_000)).isEqualTo("1500us");
        assertThat(ArgumentType.Duration.format(7)).isEqualTo("7ns");
        assertThat(ArgumentType.Duration.format(0)).isEqualTo("0ns");
    }

    @Test
    void countsAreDecimalWholeNumbersInRange() {
        assertThat(ArgumentType.Count.parse("16")).isEqualTo(16);
        assertThat(count.problem("16")).isEmpty();
        assertThat(count.problem("0")).contains("0 is out of range: it must be from 1 to 512");
        assertThat(count.problem("513")).contains("513 is out of range: it must be from 1 to 512");
        assertThat(count.problem("0x10")).contains("\"0x10\" is not a whole number");
        assertThat(count.problem("")).contains("\"\" is not a whole number");
        assertThat(count.problem("\u0661\u0662")).isPresent();
    }

    @Test
    void aChoiceAcceptsOnlyItsWordsAndListsThem() {
        ArgumentType.Choice role = new ArgumentType.Choice(java.util.List.of("ping", "pong"));
        assertThat(role.problem("pong")).isEmpty();
        assertThat(role.problem("Ping")).contains("\"Ping\" is not one of ping, pong");
        assertThat(role.problem("")).isPresent();
        assertThat(role.describe()).isEqualTo("one of ping, pong");
        assertThatThrownBy(() -> new ArgumentType.Choice(java.util.List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ArgumentType.Choice(java.util.List.of("a b")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
