package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.cli.XlLineParsers;
import org.pvsim.dom0.toolstack.XlCommand;

/** A scenario's {@code actions:}: read with xl's parser at load time, refused with their line, written back. */
class ScenarioActionsTest {

    @TempDir
    Path dir;

    final ScenarioLoader loader = new ScenarioLoader(new FakeWorkloadCatalog(), XlLineParsers.PARSER);

    static final String HEAD = """
            name: demo
            duration: 5s
            domains:
              - config: 'name = "web"'
                workload: cpu
            """;

    ResolvedScenario load(String text) throws Exception {
        return loader.loadFile(write(text));
    }

    Path write(String text) throws IOException {
        Path file = dir.resolve("demo.yaml");
        Files.writeString(file, text);
        return file;
    }

    String errorOf(String text) throws IOException {
        Path file = write(text);
        try {
            loader.loadFile(file);
        } catch (ScenarioException e) {
            return e.getMessage().replace(dir + "/", "");
        }
        throw new AssertionError("expected a refusal of:\n" + text);
    }

    @Test
    void actionsAreParsedByXlsParserAndSortedByTime() throws Exception {
        ResolvedScenario s = load(HEAD + """
                actions:
                  - at: 3s
                    xl: "vcpu-list web"
                  - at: 1s
                    xl: xl sched-credit2 -d web -w 512
                  - at: 0s
                    xl: vcpu-pin web 0 1
                """);
        assertThat(s.actions()).extracting(ScenarioAction::atNs).containsExactly(0L, 1_000_000_000L, 3_000_000_000L);
        assertThat(s.actions())
                .extracting(ScenarioAction::xl)
                .containsExactly("vcpu-pin web 0 1", "xl sched-credit2 -d web -w 512", "vcpu-list web");
        assertThat(s.actions().get(1).command()).isInstanceOf(XlCommand.SchedCredit2.class);
        assertThat(s.actions().get(1).command().argv())
                .containsExactly("xl", "sched-credit2", "-d", "web", "-w", "512");
        assertThat(s.actions().get(2).command()).isEqualTo(new XlCommand.VcpuList(java.util.List.of("web")));
    }

    @Test
    void faultsAreActionsTooAndBadOnesAreRefusedWithTheirLine() throws Exception {
        ResolvedScenario s = load(HEAD + """
                actions:
                  - at: 1s
                    fault: kill-backend vbd
                  - at: 2s
                    fault: restart-backend vbd
                  - at: 3s
                    fault: disk-error web xvda 2
                """);
        assertThat(s.actions())
                .extracting(ScenarioAction::command)
                .containsExactly(
                        new org.pvsim.dom0.toolstack.Dom0Fault.KillBackend("vbd"),
                        new org.pvsim.dom0.toolstack.Dom0Fault.RestartBackend("vbd"),
                        new org.pvsim.dom0.toolstack.Dom0Fault.DiskError("web", "xvda", 2));
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    fault: disk-error web floppy 2
                """)).contains("`floppy' is not a virtual disk name");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    fault: kill-backend scsi
                """)).contains("demo.yaml:8:12", "unknown backend type `scsi' (vbd or vif)");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    fault: unplug everything
                """))
                .contains(
                        "a fault is `kill-backend vbd|vif', `restart-backend vbd|vif' or `disk-error DOMAIN VDEV COUNT'");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: list
                    fault: kill-backend vbd
                """)).contains("has both xl and fault");
    }

    @Test
    void noActionsIsAnEmptyList() throws Exception {
        assertThat(load(HEAD).actions()).isEmpty();
        assertThat(load(HEAD + "actions:\n").actions()).isEmpty();
    }

    @Test
    void badActionsAreRefusedWithTheirLineAndColumn() throws IOException {
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: "destroy-everything web"
                """))
                .startsWith("demo.yaml:8:9: actions[0].xl: unknown xl command 'destroy-everything' (xl commands: ");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: "sched-credit -w 512"
                """))
                .isEqualTo("demo.yaml:8:9: actions[0].xl: xl sched-credit: Must specify a domain.");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: vcpu-list
                  - at: 1s
                    xl: "sched-credit -d web -q"
                """))
                .isEqualTo("demo.yaml:10:9: actions[1].xl: xl sched-credit: Unknown option: '-q'");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 6s
                    xl: vcpu-list
                """)).isEqualTo("demo.yaml:7:9: actions[0].at: 6s is after the end of the run (5s)");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 3
                    xl: vcpu-list
                """))
                .isEqualTo("demo.yaml:7:9: actions[0].at: 3 has no unit (use ns, us, ms or s, e.g. 5s)");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                """)).startsWith("demo.yaml:7:5: actions[0]: needs xl");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: vcpu-list
                    when: now
                """)).startsWith("demo.yaml:9:5: unknown key 'when' in actions[0]");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: "vcpu-list 'web"
                """)).isEqualTo("demo.yaml:8:9: actions[0].xl: unterminated single quote");
        assertThat(errorOf(HEAD + """
                actions:
                  - at: 1s
                    xl: "vcpu-list --at 2s"
                """))
                .startsWith("demo.yaml:8:9: actions[0].xl: xl vcpu-list: --at belongs to `pvsim xl`");
        assertThat(errorOf(HEAD + "actions: vcpu-list\n")).startsWith("demo.yaml:6:10: actions: expected a list");
    }

    @Test
    void aLoaderWithoutXlParserRefusesActions() throws IOException {
        Path file = write(HEAD + "actions:\n  - at: 1s\n    xl: vcpu-list\n");
        try {
            new ScenarioLoader(new FakeWorkloadCatalog()).loadFile(file);
            throw new AssertionError("expected a refusal");
        } catch (ScenarioException e) {
            assertThat(e.getMessage()).contains("actions[0].xl: this scenario loader cannot read xl commands");
        }
    }

    @Test
    void theResolvedScenarioWritesActionsBackAndLoadsToTheSame() throws Exception {
        ResolvedScenario s = load(HEAD + """
                actions:
                  - at: 2500ms
                    xl: "sched-credit2 -d web -w 512"
                  - at: 0s
                    xl: vcpu-list
                """);
        String yaml = ResolvedScenarioWriter.toYaml(s);
        assertThat(yaml)
                .contains("actions:\n- at: 0s\n  xl: vcpu-list\n- at: 2500ms\n  xl: sched-credit2 -d web -w 512\n");
        Files.writeString(dir.resolve("again.yaml"), yaml);
        ResolvedScenario again = loader.loadFile(dir.resolve("again.yaml"));
        assertThat(again.actions()).isEqualTo(s.actions());
    }

    @Test
    void theActionsExampleOfScenariosMdLoads() throws Exception {
        String example = DocumentedExamplesTest.blocks("docs/scenarios.md", "```yaml").stream()
                .filter(b -> b.startsWith("name: acts\n"))
                .findFirst()
                .orElseThrow();
        ResolvedScenario s = new ScenarioLoader(new org.pvsim.dom0.boot.CatalogOfGuestWorkloads(), XlLineParsers.PARSER)
                .loadFile(write(example));
        assertThat(s.actions())
                .extracting(ScenarioAction::xl)
                .containsExactly("sched-credit2 -d web -w 512", "sched-credit2 -d web", "vcpu-pin db 0 7");
    }
}
