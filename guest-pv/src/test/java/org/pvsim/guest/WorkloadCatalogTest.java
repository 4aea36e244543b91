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
        assertThat(c.names()).containsExactly("cpu", "pagetable", "memory", "idle", "interactive");
        assertThat(c.find("pagetable")).isPresent();
        assertThat(c.find("toolstack")).isEmpty();
    }

    @Test
    void withAddsAWorkloadAndLeavesTheOriginalAlone() {
        WorkloadCatalog standard = WorkloadCatalog.standard();
        WorkloadSpec extra = WorkloadSpec.of("toolstack", "dom0's tools", List.of(), a -> null);
        WorkloadCatalog more = standard.with(extra);
        assertThat(more.names()).containsExactly("cpu", "pagetable", "memory", "idle", "interactive", "toolstack");
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
}
