package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.pvsim.guest.api.WorkloadSpec;
import org.pvsim.guest.workload.CpuWorkload;

class WorkloadCatalogTest {
    @Test
    void theStandardCatalogListsPvsimsWorkloadsInOrder() {
        WorkloadCatalog c = WorkloadCatalog.standard();
        assertThat(c.names())
                .containsExactly(
                        "cpu",
                        "pagetable",
                        "memory",
                        "idle",
                        "interactive",
                        "pingpong",
                        "timer",
                        "share",
                        "disk",
                        "net");
        assertThat(c.find("pagetable")).isPresent();
        assertThat(c.find("toolstack")).isEmpty();
    }

    @Test
    void withAddsAWorkloadAndLeavesTheOriginalAlone() {
        WorkloadCatalog standard = WorkloadCatalog.standard();
        WorkloadSpec extra = WorkloadSpec.of("toolstack", "dom0's tools", List.of(), a -> null);
        WorkloadCatalog more = standard.with(extra);
        assertThat(more.names())
                .containsExactly(
                        "cpu",
                        "pagetable",
                        "memory",
                        "idle",
                        "interactive",
                        "pingpong",
                        "timer",
                        "share",
                        "disk",
                        "net",
                        "toolstack");
        assertThat(standard.names()).doesNotContain("toolstack");
        assertThatThrownBy(() -> more.with(CpuWorkload.SPEC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a workload named \"cpu\"");
    }

    @Test
    void everyStandardWorkloadAcceptsItsDefaults() {
        for (WorkloadSpec s : WorkloadCatalog.standard().specs()) {
            assertThat(s.problem(Map.of())).as(s.name()).isEmpty();
            assertThat(s.create(Map.of())).as(s.name()).isNotNull();
        }
    }

    @Test
    void helpListsEveryWorkloadWithItsArguments() {
        String help = WorkloadCatalog.standard().help();
        assertThat(help)
                .contains("cpu - computes bursts of CPU time, yielding the CPU after each")
                .contains("    burst=2ms  CPU time one burst computes (a duration from 1us to 1s)")
                .contains("memory - ")
                .contains("    step=16  pages given back or taken back per operation (a whole number from 1 to 64)");
    }

    @Test
    void theMemoryWorkloadRefusesAStepLargerThanItsArena() {
        assertThat(WorkloadCatalog.standard().find("memory").orElseThrow().problem(Map.of("step", "32", "max", "8")))
                .hasValueSatisfying(p -> assertThat(p).startsWith("memory: step=32 is more than max=8"));
    }

    @Test
    void pingpongTakesARolePeerAndCountAndNamesWhatIsWrong() {
        WorkloadSpec pingpong = WorkloadCatalog.standard().find("pingpong").orElseThrow();
        assertThat(pingpong.resolve(Map.of("peer", "2")))
                .containsExactly(Map.entry("role", "ping"), Map.entry("peer", "2"), Map.entry("count", "1000"));
        assertThat(pingpong.problem(Map.of("role", "pang")))
                .contains("pingpong: role=\"pang\" is not one of ping, pong");
        assertThat(pingpong.problem(Map.of("peer", "32752")))
                .contains("pingpong: peer=32752 is out of range: it must be from 0 to 32751");
        assertThat(pingpong.problem(Map.of("count", "0")))
                .contains("pingpong: count=0 is out of range: it must be from 1 to 1000000");
        assertThat(WorkloadCatalog.standard().help())
                .contains("    role=ping  ping offers the channel, sends and measures; pong binds it and echoes (one of"
                        + " ping, pong)")
                .contains("timer - sleeps on its single-shot timer and reports how late each wake-up comes")
                .contains("    period=1ms  time asleep each time (a duration from 1us to 10s)");
    }
}
