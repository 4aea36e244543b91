package org.pvsim.guest.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.GuestCpu;

class WorkloadSpecTest {
    private static final Workload NOTHING = new Workload() {
        @Override
        public void step(Kernel kernel, GuestCpu cpu) {}

        @Override
        public long progress() {
            return 0;
        }
    };

    private final WorkloadSpec spec = WorkloadSpec.of(
            "demo",
            "a demonstration",
            List.of(
                    WorkloadArgument.count("step", "4", 1, 64, "pages per step"),
                    WorkloadArgument.count("max", "16", 1, 1024, "pages at most"),
                    WorkloadArgument.duration("pause", "1ms", 0, 1_000_000_000, "pause")),
            args -> Long.parseLong(args.get("step")) > Long.parseLong(args.get("max"))
                    ? Optional.of("step must not exceed max")
                    : Optional.empty(),
            args -> NOTHING);

    @Test
    void missingArgumentsTakeTheirDefaultsInDeclaredOrder() {
        assertThat(spec.resolve(Map.of("max", "32")))
                .containsExactly(Map.entry("step", "4"), Map.entry("max", "32"), Map.entry("pause", "1ms"));
        assertThat(spec.problem(Map.of())).isEmpty();
        assertThat(spec.create(Map.of())).isSameAs(NOTHING);
    }

    @Test
    void anUnknownArgumentIsNamedWithTheKnownOnes() {
        assertThat(spec.problem(Map.of("stpe", "3")))
                .contains("demo has no argument \"stpe\"; its arguments are step, max, pause");
    }

    @Test
    void aBadValueNamesTheWorkloadTheArgumentAndTheRule() {
        assertThat(spec.problem(Map.of("step", "100")))
                .contains("demo: step=100 is out of range: it must be from 1 to 64");
        assertThat(spec.problem(Map.of("pause", "soon")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("demo: pause=\"soon\" is not a duration"));
    }

    @Test
    void jointChecksRunOnResolvedArguments() {
        assertThat(spec.problem(Map.of("step", "20"))).contains("demo: step must not exceed max");
        assertThatThrownBy(() -> spec.create(Map.of("step", "20")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("demo: step must not exceed max");
    }

    @Test
    void malformedSpecsAreRefused() {
        assertThatThrownBy(() -> WorkloadSpec.of("Bad Name", "", List.of(), a -> NOTHING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WorkloadSpec.of(
                        "twice",
                        "",
                        List.of(WorkloadArgument.count("n", "1", 0, 9, ""), WorkloadArgument.count("n", "2", 0, 9, "")),
                        a -> NOTHING))
                .hasMessageContaining("names an argument twice");
        assertThatThrownBy(() -> WorkloadArgument.count("n", "10", 0, 9, ""))
                .hasMessage("default of n: 10 is out of range: it must be from 0 to 9");
        assertThatThrownBy(() -> WorkloadArgument.count("a=b", "1", 0, 9, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
