package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResolvedScenarioWriterTest {

    @TempDir
    Path dir;

    final ScenarioLoader loader = new ScenarioLoader(new FakeWorkloadCatalog());

    ResolvedScenario load(String name, String text) throws IOException, ScenarioException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return loader.loadFile(file);
    }

    /** Writes {@code scenario}, loads what was written, and writes that again. */
    String rewritten(ResolvedScenario scenario) throws IOException, ScenarioException {
        Path file = dir.resolve(ResolvedScenarioWriter.FILE_NAME);
        ResolvedScenarioWriter.write(scenario, file);
        return ResolvedScenarioWriter.toYaml(loader.loadFile(file));
    }

    @Test
    void theResolvedFileWritesEveryDefault() throws Exception {
        assertThat(ResolvedScenarioWriter.toYaml(load("demo.yaml", ScenarioLoaderTest.EXAMPLE)))
                .isEqualTo("""
                        # The scenario as pvsim ran it, with every default filled in.
                        # `pvsim run scenario.resolved.yaml` runs it again.
                        name: demo
                        seed: 42
                        duration: 5s
                        host:
                          pcpus: 4
                          memory: 4GiB
                          scheduler: rr
                          dom0_mem: 512MiB
                          dom0_max_vcpus: 1
                          sockets: 1
                          threads_per_core: 1
                          xen_cmdline: ""
                          disk:
                            preset: nvme
                            size: 1GiB
                            latency: 80us
                            seek: 0
                            bandwidth: 2GB/s
                            queue_depth: 64
                          nic:
                            rate: 10Gb/s
                            frame_cost: 100ns
                            latency: 2us
                        domains:
                        - config: |
                            name = "web"
                            type = "pv"
                            memory = 256
                            maxmem = 256
                            vcpus = 2
                            maxvcpus = 2
                            kernel = "pvsim-pv"
                            on_poweroff = "destroy"
                            on_reboot = "restart"
                            on_watchdog = "destroy"
                            on_crash = "destroy"
                            on_soft_reset = "soft-reset"
                            max_event_channels = 1023
                            max_grant_frames = 64
                            max_maptrack_frames = 1024
                            max_grant_version = 2
                            cpu_weight = 256
                            cap = 0
                            period = 10000
                            extratime = 1
                          workload: cpu
                          args:
                            burst: 2ms
                        """);
    }

    @Test
    void theResolvedFileLoadsBackToTheSameScenario() throws Exception {
        ResolvedScenario scenario = load("tricky.yaml", """
                name: tricky
                description: "colons: quotes \\" and # hashes"
                duration: 1500ms
                host: { scheduler: credit2, memory: 1536MiB, dom0_mem: 12KiB }
                domains:
                  - config: |
                      name = "a: 'b' \\"c\\" # d"
                      extra = "tab\\there"
                      vif = [ '', 'bridge=xenbr0' ]
                      uuid = "x"
                      cpus = [ "1", 2 ]
                    workload: pagetable
                    args: { processes: 4, pages: "16" }
                  - config: "name = 'true'"
                    workload: memory
                """);
        String written = ResolvedScenarioWriter.toYaml(scenario);
        assertThat(rewritten(scenario)).isEqualTo(written);
        assertThat(written).contains("duration: 1500ms", "memory: 1536MiB", "dom0_mem: 12KiB", "scheduler: credit2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "yes", "No", "on", "123", "1e3", "0x10", "1.5", "null", "y"})
    void namesThatYamlWouldReadAsOtherTypesStayText(String name) throws Exception {
        ResolvedScenario scenario = load("s.yaml", "name: \"" + name + "\"\n");
        assertThat(scenario.name()).isEqualTo(name);
        String written = ResolvedScenarioWriter.toYaml(scenario);
        assertThat(rewritten(scenario)).isEqualTo(written);
    }

    @Test
    void theBuiltinDefaultRoundTrips() throws Exception {
        ScenarioLoader real = new ScenarioLoader(new org.pvsim.dom0.boot.CatalogOfGuestWorkloads());
        ResolvedScenario scenario = real.loadBuiltin("default");
        Path file = dir.resolve(ResolvedScenarioWriter.FILE_NAME);
        ResolvedScenarioWriter.write(scenario, file);
        assertThat(ResolvedScenarioWriter.toYaml(real.loadFile(file)))
                .isEqualTo(ResolvedScenarioWriter.toYaml(scenario));
    }
}
