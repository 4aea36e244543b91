package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pvsim xl} through the command line and the real engine, on the default scenario: dom0's toolstack runs the
 * command at {@code --at} through hypercalls and xl's output comes back; the same invocation prints the same text.
 */
class XlCommandEndToEndTest {
    @TempDir
    Path dir;

    @Test
    void vcpuListShowsEveryVcpuOfTheDefaultScenario() {
        Pvsim run = Pvsim.run(dir, "xl", "vcpu-list", "--at", "200ms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines.get(0))
                .isEqualTo("Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)");
        assertThat(lines.stream().skip(1).map(l -> l.substring(0, 44).replaceAll(" +", " ")))
                .containsExactly(
                        "Domain-0 0 0", "guest-cpu 1 0", "guest-cpu 1 1", "guest-pagetable 2 0", "guest-memory 3 0");
        assertThat(lines.stream().skip(1)).allSatisfy(l -> assertThat(l).endsWith("  all / all"));
        assertThat(Pvsim.run(dir, "xl", "vcpu-list", "--at", "200ms").out()).isEqualTo(run.out());
    }

    @Test
    void aPinIsSeenByTheVcpuListAfterIt() {
        Pvsim run = Pvsim.run(
                dir, "xl", "vcpu-pin", "guest-cpu", "all", "2-3", "1", "vcpu-list", "guest-cpu", "--at", "100ms");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.err())
                .as("soft 1 is outside hard 2-3: libxl warns for each vCPU")
                .contains("Domain 1:All cpus in soft affinity of vcpu 0 are unreachable.")
                .contains("Domain 1:All cpus in soft affinity of vcpu 1 are unreachable.");
        assertThat(run.out().lines().skip(1))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).endsWith("  2-3 / 1"));
    }

    @Test
    void aSchedCommandForAnotherSchedulerFailsAsXlDoes() throws Exception {
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, """
                name: s
                duration: 1s
                host: { pcpus: 2, memory: 512MiB, scheduler: rr, dom0_mem: 128MiB }
                domains:
                  - config: |
                      name = "web"
                    workload: idle
                """);
        Pvsim run =
                Pvsim.run(dir, "xl", "sched-credit", "-d", "web", "--scenario", scenario.toString(), "--at", "100ms");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("Name" + " ".repeat(32) + "ID Weight  Cap\n");
        assertThat(run.err())
                .contains("libxl: error: libxl_sched.c:901:libxl_domain_sched_params_get: Domain 1:Unknown scheduler\n")
                .endsWith("libxl_domain_sched_params_get failed.\n");
    }
}
