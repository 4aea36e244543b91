package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.xlcfg.CheckedDomainConfig;
import org.pvsim.dom0.xlcfg.DomainConfigReader;
import org.pvsim.dom0.xlcfg.XlCfgException;
import org.pvsim.dom0.xlcfg.XlCfgParser;
import org.pvsim.dom0.xlcfg.XlCfgSource;
import org.pvsim.dom0.xlcfg.XlCfgWarning;

/** The examples in README.md and docs/ must do what the text around them says, so the docs cannot drift. */
class DocumentedExamplesTest {

    private static final Path REPOSITORY = Path.of("..");

    @TempDir
    Path dir;

    final ScenarioLoader loader = new ScenarioLoader(new org.pvsim.dom0.boot.CatalogOfGuestWorkloads());

    /** The fenced code blocks of a markdown file that open with {@code fence} (e.g. "```yaml" or "```"). */
    static List<String> blocks(String markdownFile, String fence) throws IOException {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : Files.readAllLines(REPOSITORY.resolve(markdownFile))) {
            if (block == null && line.equals(fence)) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        return blocks;
    }

    @Test
    void theScenarioInScenariosMdLoads() throws Exception {
        Files.createDirectories(dir.resolve("guests"));
        Files.writeString(dir.resolve("guests/db.cfg"), "name = \"db\"\nmemory = 512\n");
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, blocks("docs/scenarios.md", "```yaml").get(0));
        ResolvedScenario scenario = loader.loadFile(file);
        assertThat(scenario.domains()).extracting(DomainSpec::name).containsExactly("web", "db");
        assertThat(scenario.warnings()).isEmpty();
    }

    @Test
    void theResolvedDomainInScenariosMdIsWhatTheWriterWrites() throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(
                file,
                blocks("docs/scenarios.md", "```yaml")
                        .get(0)
                        .replace(
                                "  - file: guests/db.cfg    # an xl.cfg file, relative to this scenario\n    workload: pagetable\n    args: { processes: 4, pages: 16 }\n",
                                ""));
        String resolved = ResolvedScenarioWriter.toYaml(loader.loadFile(file));
        assertThat(resolved).contains(blocks("docs/scenarios.md", "```yaml").get(1));
    }

    @Test
    void theScenarioInTheReadmeLoads() throws Exception {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, blocks("README.md", "```yaml").get(0));
        assertThat(loader.loadFile(file).domains()).hasSize(1);
    }

    @Test
    void theXlCfgExamplesReadAsDocumented() throws IOException, XlCfgException {
        List<String> examples = blocks("docs/xl-cfg.md", "```");
        assertThat(read(examples.get(0)).warnings())
                .extracting(XlCfgWarning::message)
                .containsExactly("pool: accepted but not yet simulated (CPU pools)");
        String tiny = examples.stream()
                .filter(e -> e.equals("name = \"tiny\"\n"))
                .findFirst()
                .orElseThrow();
        String db = examples.stream()
                .filter(e -> e.startsWith("name = \"db\""))
                .findFirst()
                .orElseThrow();
        assertThat(read(db).config().extra()).isEqualTo("console=hvc0 loglevel=3");
        assertThat(read(db).warnings()).isEmpty();
        String xlexample = examples.stream()
                .filter(e -> e.contains("example.pvlinux"))
                .findFirst()
                .orElseThrow();
        assertThat(read(xlexample).warnings())
                .extracting(w -> w.message().substring(0, w.message().indexOf(':')))
                .containsExactly("kernel");
        String scheduled = examples.stream()
                .filter(e -> e.startsWith("name = \"web\"") && e.contains("cpu_weight"))
                .findFirst()
                .orElseThrow();
        assertThat(read(scheduled).warnings()).isEmpty();
        assertThat(read(scheduled).config().cap()).isEqualTo(150);
        assertThat(read(scheduled).config().cpusSoft().forVcpu(1).orElseThrow().resolve(4))
                .containsExactly(3);
        String resolvedTiny = examples.get(examples.size() - 1);
        assertThat(read(tiny).config().toXlCfg()).isEqualTo(resolvedTiny);
    }

    private static CheckedDomainConfig read(String text) throws XlCfgException {
        return DomainConfigReader.read(XlCfgParser.parse(text, XlCfgSource.file("example.cfg")));
    }
}
