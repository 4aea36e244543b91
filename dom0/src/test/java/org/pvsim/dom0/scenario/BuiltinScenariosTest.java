package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BuiltinScenariosTest {

    final ScenarioLoader loader = new ScenarioLoader(new org.pvsim.dom0.boot.CatalogOfGuestWorkloads());

    @Test
    void theIndexListsExactlyTheScenarioFiles() throws IOException {
        Path folder = Path.of("src/main/resources/scenarios");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())
                            .filter(n -> n.endsWith(".yaml"))
                            .map(n -> n.substring(0, n.length() - ".yaml".length()))
                            .sorted())
                    .containsExactlyElementsOf(
                            BuiltinScenarios.names().stream().sorted().toList());
        }
    }

    @Test
    void everyBuiltinLoadsAndNamesItselfAfterItsFile() throws ScenarioException {
        for (String name : BuiltinScenarios.names()) {
            ResolvedScenario scenario = loader.loadBuiltin(name);
            assertThat(scenario.name()).isEqualTo(name);
            assertThat(scenario.warnings())
                    .as("built-in %s must not warn", name)
                    .isEmpty();
        }
    }

    @Test
    void everyBuiltinHasAOneLineDescription() {
        assertThat(BuiltinScenarios.list()).isNotEmpty().allSatisfy(b -> {
            assertThat(b.description()).isNotBlank().doesNotContain("\n");
        });
    }

    @Test
    void theDefaultScenarioIsDom0AndThreeDomusOnePerWorkload() throws ScenarioException {
        ResolvedScenario scenario = loader.loadBuiltin(BuiltinScenarios.DEFAULT);
        assertThat(scenario.domains()).extracting(DomainSpec::workload).containsExactly("cpu", "pagetable", "memory");
        assertThat(scenario.durationNs()).isBetween(1_000_000_000L, 10_000_000_000L);
        assertThat(BuiltinScenarios.exists("default")).isTrue();
        assertThat(BuiltinScenarios.exists("nope")).isFalse();
    }
}
