package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommandLineTest {
    @Test
    void splitsWordsAtWhiteSpaceIntoKeysAndValues() {
        CommandLine c = CommandLine.parse("  workload=cpu  burst=2ms\tquiet pvsim.vcpus=2 empty= ");
        assertThat(c.words())
                .extracting(Object::toString)
                .containsExactly("workload=cpu", "burst=2ms", "quiet", "pvsim.vcpus=2", "empty=");
        assertThat(c.value(CommandLine.WORKLOAD)).contains("cpu");
        assertThat(c.value(CommandLine.VCPUS)).contains("2");
        assertThat(c.value("empty")).contains("");
        assertThat(c.value("quiet")).isEmpty();
        assertThat(c.values().keySet()).containsExactly("workload", "burst", "pvsim.vcpus", "empty");
    }

    @Test
    void theLaterOfTwoValuesWins() {
        CommandLine c = CommandLine.parse("burst=1ms workload=cpu burst=3ms");
        assertThat(c.value("burst")).contains("3ms");
        assertThat(c.values()).containsEntry("burst", "3ms");
        assertThat(c.values().keySet()).containsExactly("burst", "workload");
    }

    @Test
    void aValueMayHoldAnEqualsSign() {
        assertThat(CommandLine.parse("a=b=c").value("a")).contains("b=c");
    }

    @Test
    void anEmptyLineHasNoWords() {
        assertThat(CommandLine.parse("").words()).isEmpty();
        assertThat(CommandLine.parse("   ").value(CommandLine.WORKLOAD)).isEmpty();
    }
}
