package org.pvsim.dom0.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.xlcfg.DomainConfig;
import org.pvsim.hypervisor.abi.device.DiskSpec;
import org.pvsim.hypervisor.abi.device.MachineDevicesSpec;
import org.pvsim.hypervisor.abi.device.NicSpec;

class ScenarioLoaderTest {

    @TempDir
    Path dir;

    final ScenarioLoader loader = new ScenarioLoader(new FakeWorkloadCatalog());

    Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    ResolvedScenario load(String text) throws Exception {
        return loader.loadFile(write("demo.yaml", text));
    }

    /** The message of the refusal of {@code text}, with the temporary folder left out of file names. */
    String errorOf(String text) throws IOException {
        Path file = write("demo.yaml", text);
        try {
            loader.loadFile(file);
        } catch (ScenarioException e) {
            return e.getMessage().replace(dir + "/", "");
        }
        throw new AssertionError("expected a refusal of:\n" + text);
    }

    static final String EXAMPLE = """
            name: demo
            seed: 42
            duration: 5s               # virtual time
            host: { pcpus: 4, memory: 4GiB, scheduler: rr, dom0_mem: 512MiB, dom0_max_vcpus: 1 }
            domains:
              - config: |              # xl.cfg syntax, inline
                  name = "web"
                  memory = 256
                  vcpus = 2
                workload: cpu
                args: { burst: 2ms }
            """;

    @Nested
    class Resolving {

        @Test
        void theExampleScenarioResolvesAsWritten() throws Exception {
            ResolvedScenario scenario = load(EXAMPLE);
            assertThat(scenario.name()).isEqualTo("demo");
            assertThat(scenario.description()).isNull();
            assertThat(scenario.seed()).isEqualTo(42);
            assertThat(scenario.durationNs()).isEqualTo(5_000_000_000L);
            assertThat(scenario.host()).isEqualTo(new HostSpec(4, 4L << 20, HostScheduler.RR, 512L << 10, 1));
            assertThat(scenario.domains()).hasSize(1);
            DomainSpec web = scenario.domains().get(0);
            assertThat(web.name()).isEqualTo("web");
            assertThat(web.config().memoryMib()).isEqualTo(256);
            assertThat(web.config().vcpus()).isEqualTo(2);
            assertThat(web.workload()).isEqualTo("cpu");
            assertThat(web.args()).containsExactly(Map.entry("burst", "2ms"));
            assertThat(scenario.warnings()).isEmpty();
            assertThat(scenario.source()).isEqualTo(dir.resolve("demo.yaml").toString());
        }

        @Test
        void anEmptyFileIsAHostWithDom0OnlyAndEveryDefault() throws Exception {
            ResolvedScenario scenario = loader.loadFile(write("quiet.yaml", ""));
            assertThat(scenario.name()).as("the file name without extension").isEqualTo("quiet");
            assertThat(scenario.seed()).isEqualTo(1);
            assertThat(scenario.durationNs()).isEqualTo(5_000_000_000L);
            assertThat(scenario.host()).isEqualTo(new HostSpec(4, 4L << 20, HostScheduler.CREDIT2, 512L << 10, 1));
            assertThat(scenario.domains()).isEmpty();
        }

        @Test
        void emptyHostDomainsAndArgsMeanTheirDefaults() throws Exception {
            ResolvedScenario scenario = load("host:\ndomains:\n");
            assertThat(scenario.host().pcpus()).isEqualTo(4);
            assertThat(scenario.domains()).isEmpty();
            ResolvedScenario withArgs = load("domains:\n  - config: \"name = 'a'\"\n    workload: cpu\n    args:\n");
            assertThat(withArgs.domains().get(0).args()).containsExactly(Map.entry("burst", "1ms"));
        }

        @Test
        void theCatalogsDefaultArgumentsAreFilledIn() throws Exception {
            ResolvedScenario scenario = load("domains:\n  - config: \"name = 'a'\"\n    workload: cpu\n");
            assertThat(scenario.domains().get(0).args()).containsExactly(Map.entry("burst", "1ms"));
        }

        @Test
        void argumentsAreKeptAsTextSortedByName() throws Exception {
            ResolvedScenario scenario = load(
                    "domains:\n  - config: \"name = 'a'\"\n    workload: pagetable\n    args: { processes: 4, pages: 0x10 }\n");
            assertThat(scenario.domains().get(0).args())
                    .containsExactly(Map.entry("pages", "16"), Map.entry("processes", "4"));
        }

        @Test
        void memoryTakesUnitsOrAPlainNumberOfMib() throws Exception {
            assertThat(load("host: { memory: 2048, dom0_mem: 1.5GiB }").host())
                    .extracting(HostSpec::memoryKib, HostSpec::dom0MemKib)
                    .containsExactly(2048L << 10, 1536L << 10);
        }

        @Test
        void aPendingSchedulerIsAcceptedWithAWarningAndTheRunUsesTheDefault() throws Exception {
            ResolvedScenario scenario = load("host: { scheduler: arinc653 }\n");
            assertThat(scenario.host().scheduler()).isEqualTo(HostScheduler.CREDIT2);
            assertThat(scenario.warnings())
                    .containsExactly(dir.resolve("demo.yaml")
                            + ":1:20: host.scheduler: \"arinc653\" is not simulated yet; this run uses credit2");
        }

        @Test
        void everySimulatedSchedulerIsTakenAsWritten() throws Exception {
            for (String name : new String[] {"credit2", "credit", "rtds", "\"null\"", "rr"}) {
                ResolvedScenario s = load("host: { scheduler: " + name + " }\n");
                assertThat(s.warnings()).isEmpty();
                assertThat(s.host().scheduler().xenName()).isEqualTo(name.replace("\"", ""));
            }
        }

        @Test
        void withoutASchedulerTheHostRunsXensDefaultCredit2() throws Exception {
            assertThat(load("host: { pcpus: 2 }\n").host().scheduler()).isEqualTo(HostScheduler.CREDIT2);
        }

        @Test
        void theMachinesDiskAndNicTakePresetsRatesAndOverrides() throws Exception {
            HostSpec h = load("host: { disk: hdd, nic: 1Gb/s }\n").host();
            assertThat(h.devices().disk()).isEqualTo(DiskSpec.hdd(DiskSpec.DEFAULT_SECTORS));
            assertThat(h.devices().nic().rateMbps()).isEqualTo(1000);
            HostSpec c = load("host: { disk: { preset: hdd, size: 4GiB, queue_depth: 8, bandwidth: 200MB/s },"
                            + " nic: { rate: 25Gb/s, frame_cost: 50ns, latency: 10us } }\n")
                    .host();
            assertThat(c.devices().disk())
                    .isEqualTo(new DiskSpec("hdd", 8L << 20, 100_000, 8_300_000, 200_000_000, 8, true));
            assertThat(c.devices().nic()).isEqualTo(new NicSpec(25_000, 50, 10_000));
            assertThat(load("").host().devices()).isEqualTo(MachineDevicesSpec.DEFAULT);
        }

        @Test
        void overridesReplaceSeedAndDuration() throws Exception {
            ResolvedScenario scenario = load(EXAMPLE).withSeed(7).withDurationNs(1_000);
            assertThat(scenario.seed()).isEqualTo(7);
            assertThat(scenario.durationNs()).isEqualTo(1_000);
            assertThat(scenario.name()).isEqualTo("demo");
        }
    }

    @Nested
    class InlineConfigs {

        @Test
        void aSyntaxErrorInALiteralBlockNamesTheScenarioFileLineAndColumn() throws IOException {
            assertThat(errorOf("""
                            name: demo
                            domains:
                              - config: |
                                  name = "web"
                                  memory =
                                workload: cpu
                            """)).isEqualTo("demo.yaml:5:15: expected a value after '='");
        }

        @Test
        void aRefusedValueInALiteralBlockNamesItsPlace() throws IOException {
            assertThat(errorOf("""
                            name: demo
                            domains:
                              - config: |
                                  name = "web"
                                  type = "hvm"
                                workload: cpu
                            """))
                    .isEqualTo("demo.yaml:5:14: type: pvsim simulates PV guests only; \"hvm\" guests are not supported"
                            + " (write type = \"pv\" or leave type out)");
        }

        @Test
        void warningsFromALiteralBlockNameTheirPlace() throws Exception {
            ResolvedScenario scenario = load("""
                    name: demo
                    domains:
                      - config: |
                          name = "web"
                          pool = 'Pool-0'
                        workload: cpu
                    """);
            assertThat(scenario.warnings())
                    .containsExactly(
                            dir.resolve("demo.yaml") + ":5:7: pool: accepted but not yet simulated (CPU pools)");
            assertThat(scenario.domains().get(0).config().pending()).containsOnlyKeys("pool");
        }

        @Test
        void aQuotedConfigIsReportedByItsOwnLineAndColumn() throws IOException {
            assertThat(errorOf("""
                            name: demo
                            domains:
                              - config: "name = 'x'; memory = 0"
                                workload: cpu
                            """))
                    .isEqualTo(
                            "demo.yaml:3:13: domains[0].config: line 1, column 22: memory: must be at least 1 (is 0)");
        }

        @Test
        void aMissingNameIsReportedForTheDomain() throws IOException {
            assertThat(errorOf("domains:\n  - config: \"memory = 64\"\n    workload: cpu\n"))
                    .isEqualTo(
                            "demo.yaml:2:13: domains[0].config: name is mandatory: every domain needs name = \"...\"");
        }
    }

    @Nested
    class ConfigFiles {

        @Test
        void aConfigFileIsReadRelativeToTheScenario() throws Exception {
            write("guests/web.cfg", "name = \"web\"\nmemory = 256\npool = 'Pool-0'\n");
            ResolvedScenario scenario = load("domains:\n  - file: guests/web.cfg\n    workload: cpu\n");
            DomainConfig web = scenario.domains().get(0).config();
            assertThat(web.name()).isEqualTo("web");
            assertThat(web.memoryMib()).isEqualTo(256);
            assertThat(scenario.warnings())
                    .containsExactly(
                            dir.resolve("guests/web.cfg") + ":3:1: pool: accepted but not yet simulated (CPU pools)");
        }

        @Test
        void anErrorInAConfigFileNamesThatFile() throws IOException {
            write("guests/web.cfg", "name = \"web\"\nmemory = \n");
            assertThat(errorOf("domains:\n  - file: guests/web.cfg\n    workload: cpu\n"))
                    .isEqualTo("guests/web.cfg:2:10: expected a value after '='");
        }

        @Test
        void aRefusalInAConfigFileNamesThatFile() throws IOException {
            write("guests/web.cfg", "name = \"web\"\nmaxvcpus = 0\n");
            assertThat(errorOf("domains:\n  - file: guests/web.cfg\n    workload: cpu\n"))
                    .isEqualTo("guests/web.cfg:2:12: maxvcpus: must be at least 1 (is 0)");
        }

        @Test
        void aMissingConfigFileIsAnErrorAtTheFileKey() throws IOException {
            assertThat(errorOf("domains:\n  - file: guests/nope.cfg\n    workload: cpu\n"))
                    .isEqualTo("demo.yaml:2:11: domains[0].file: no such file: guests/nope.cfg");
        }
    }

    @Nested
    class Refusals {

        @Test
        void aDurationThatIsNotOneIsRefused() throws IOException {
            assertThat(errorOf("name: demo\nseed: 42\nduration: 5 parsecs\n"))
                    .isEqualTo(
                            "demo.yaml:3:11: duration: \"5 parsecs\" is not a duration (use ns, us, ms or s, e.g. 5s)");
            assertThat(errorOf("duration: 5\n"))
                    .isEqualTo("demo.yaml:1:11: duration: 5 has no unit (use ns, us, ms or s, e.g. 5s)");
            assertThat(errorOf("duration: 0ms\n")).isEqualTo("demo.yaml:1:11: duration: \"0ms\" is not more than 0");
        }

        @Test
        void unknownKeysAreErrorsWithASuggestion() throws IOException {
            assertThat(errorOf("name: demo\nsed: 42\n"))
                    .isEqualTo("demo.yaml:2:1: unknown key 'sed' (did you mean 'seed'?); scenario keys are: name,"
                            + " description, seed, duration, host, domains, actions");
            assertThat(errorOf("host: { pcpu: 4 }\n"))
                    .isEqualTo(
                            "demo.yaml:1:9: unknown key 'pcpu' in host (did you mean 'pcpus'?); host keys are: pcpus,"
                                    + " memory, scheduler, dom0_mem, dom0_max_vcpus, sockets, threads_per_core,"
                                    + " xen_cmdline, disk, nic");
            assertThat(errorOf("domains:\n  - config: \"name = 'a'\"\n    workload: cpu\n    arg: {}\n"))
                    .isEqualTo("demo.yaml:4:5: unknown key 'arg' in domains[0] (did you mean 'args'?); domains[0] keys"
                            + " are: config, file, workload, args");
        }

        @Test
        void badMachineDevicesAreRefusedWithWhatIsWrong() throws IOException {
            assertThat(errorOf("host: { disk: tape }\n"))
                    .isEqualTo("demo.yaml:1:15: host.disk: unknown disk 'tape' (nvme or hdd; or a map of: preset, size,"
                            + " latency, seek, bandwidth, queue_depth)");
            assertThat(errorOf("host: { disk: { preset: hdd, speed: 1 } }\n"))
                    .startsWith("demo.yaml:1:30: unknown key 'speed' in host.disk");
            assertThat(errorOf("host: { disk: { bandwidth: 2GiB/s } }\n"))
                    .startsWith("demo.yaml:1:28: host.disk.bandwidth: \"2GiB/s\" is not a bandwidth");
            assertThat(errorOf("host: { disk: { queue_depth: 0 } }\n"))
                    .isEqualTo("demo.yaml:1:30: host.disk.queue_depth: must be at least 1 (is 0)");
            assertThat(errorOf("host: { nic: 10G }\n"))
                    .isEqualTo("demo.yaml:1:14: host.nic: \"10G\" is not a line rate (use Mb/s or Gb/s, e.g."
                            + " 10Gb/s)");
            assertThat(errorOf("host: { nic: { latency: 5 } }\n"))
                    .startsWith("demo.yaml:1:25: host.nic.latency: 5 has no unit");
        }

        @Test
        void valuesOfTheWrongTypeAreRefused() throws IOException {
            assertThat(errorOf("seed: abc\n"))
                    .isEqualTo("demo.yaml:1:7: seed: expected a whole number, not a string (\"abc\")");
            assertThat(errorOf("host: { pcpus: \"4\" }\n"))
                    .isEqualTo("demo.yaml:1:16: host.pcpus: expected a whole number, not a string (\"4\")");
            assertThat(errorOf("name: 2024\n"))
                    .isEqualTo(
                            "demo.yaml:1:7: name: expected text, not a whole number (2024) (write \"2024\" in quotes)");
            assertThat(errorOf("host: 4\n"))
                    .isEqualTo("demo.yaml:1:7: host: expected a map of keys, not a whole number (4)");
            assertThat(errorOf("domains: web\n"))
                    .isEqualTo("demo.yaml:1:10: domains: expected a list (- item), not a string (\"web\")");
            assertThat(errorOf("- a\n"))
                    .isEqualTo("demo.yaml:1:1: a scenario is a map of keys (name, description, seed, duration, host,"
                            + " domains, actions), not a list");
        }

        @Test
        void numbersOutOfRangeAreRefused() throws IOException {
            assertThat(errorOf("seed: -1\n")).isEqualTo("demo.yaml:1:7: seed: must be at least 0 (is -1)");
            assertThat(errorOf("seed: 9223372036854775808\n"))
                    .isEqualTo("demo.yaml:1:7: seed: must be at most 9223372036854775807 (is 9223372036854775808)");
            assertThat(errorOf("host: { pcpus: 0 }\n"))
                    .isEqualTo("demo.yaml:1:16: host.pcpus: must be at least 1 (is 0)");
            assertThat(errorOf("host: { pcpus: 257 }\n"))
                    .isEqualTo("demo.yaml:1:16: host.pcpus: must be at most 256 (is 257)");
            assertThat(errorOf("host: { pcpus: 2, dom0_max_vcpus: 3 }\n"))
                    .isEqualTo("demo.yaml:1:35: host.dom0_max_vcpus: must be at most 2 (is 3; dom0 has no more vCPUs"
                            + " than the host has pCPUs, and at most 32)");
            assertThat(errorOf("host: { dom0_max_vcpus: 0 }\n"))
                    .isEqualTo("demo.yaml:1:25: host.dom0_max_vcpus: must be at least 1 (is 0)");
        }

        @Test
        void badMemorySizesAreRefused() throws IOException {
            assertThat(errorOf("host: { memory: 4GB }\n"))
                    .isEqualTo("demo.yaml:1:17: host.memory: \"4GB\" is not a memory size (use KiB, MiB, GiB or TiB,"
                            + " e.g. 512MiB, or a whole number of MiB)");
            assertThat(errorOf("host: { dom0_mem: 6KiB }\n"))
                    .isEqualTo("demo.yaml:1:19: host.dom0_mem: 6KiB is not a whole number of 4KiB pages");
            assertThat(errorOf("host: { memory: 0KiB }\n"))
                    .isEqualTo("demo.yaml:1:17: host.memory: must be more than 0");
            assertThat(errorOf("host: { memory: 0 }\n"))
                    .isEqualTo("demo.yaml:1:17: host.memory: must be at least 1 (is 0)");
            assertThat(errorOf("host: { memory: 128GiB }\n"))
                    .isEqualTo("demo.yaml:1:17: host.memory: at most 64GiB for now");
        }

        @Test
        void aHostTooSmallForItsDomainsIsRefusedAtItsMemory() throws IOException {
            assertThat(errorOf("host: { memory: 512MiB }\ndomains:\n  - config: \"name = 'a'\"\n    workload: cpu\n"))
                    .isEqualTo("demo.yaml:1:17: host.memory: 512MiB cannot hold dom0_mem (512MiB), the domUs' memory"
                            + " (128MiB) and 1MiB for Xen: 641MiB needed");
        }

        @Test
        void exactlyEnoughHostMemoryIsFine() throws Exception {
            assertThat(load("host: { memory: 641MiB }\ndomains:\n  - config: \"name = 'a'\"\n    workload: cpu\n")
                            .domains())
                    .hasSize(1);
        }

        @Test
        void schedulersOutsideXensListAreRefused() throws IOException {
            assertThat(errorOf("host: { scheduler: cfs }\n"))
                    .isEqualTo("demo.yaml:1:20: host.scheduler: unknown scheduler \"cfs\" (one of: rr, credit, credit2,"
                            + " rtds, null, arinc653)");
            assertThat(errorOf("host: { scheduler: credit22 }\n")).endsWith("(did you mean 'credit2'?)");
            assertThat(errorOf("host: { scheduler: null }\n"))
                    .isEqualTo("demo.yaml:1:20: host.scheduler: YAML reads a bare null as nothing; write \"null\" in"
                            + " quotes for Xen's null scheduler");
        }

        @Test
        void badNamesAndDescriptionsAreRefused() throws IOException {
            assertThat(errorOf("name: my demo\n"))
                    .isEqualTo(
                            "demo.yaml:1:7: name: \"my demo\" cannot name a run folder (use letters, digits, '.', '_'"
                                    + " and '-', starting with a letter or digit)");
            assertThat(errorOf("description: |\n  one\n  two\n"))
                    .isEqualTo("demo.yaml:1:14: description: must be one line");
        }

        @Test
        void aFileNameThatCannotNameTheScenarioNeedsANameKey() throws IOException {
            Path file = write("my demo.yaml", "seed: 1\n");
            assertThatThrownBy(() -> loader.loadFile(file))
                    .hasMessage(file + ": the file name gives the scenario name \"my demo\", which cannot name a run"
                            + " folder; add a name: key (letters, digits, '.', '_' and '-')");
        }

        @Test
        void aDomainNeedsExactlyOneOfConfigAndFile() throws IOException {
            assertThat(errorOf("domains:\n  - config: \"name = 'x'\"\n    file: x.cfg\n    workload: cpu\n"))
                    .isEqualTo("demo.yaml:3:5: domains[0]: give either config (inline xl.cfg) or file (an xl.cfg file),"
                            + " not both");
            assertThat(errorOf("domains:\n  - workload: cpu\n"))
                    .isEqualTo("demo.yaml:2:5: domains[0]: needs config (inline xl.cfg) or file (an xl.cfg file)");
        }

        @Test
        void aDomainNeedsAKnownWorkload() throws IOException {
            assertThat(errorOf("domains:\n  - config: \"name = 'x'\"\n"))
                    .isEqualTo("demo.yaml:2:5: domains[0]: workload is missing (one of: cpu, memory, pagetable)");
            assertThat(errorOf("domains:\n  - config: \"name = 'x'\"\n    workload: cpuu\n"))
                    .isEqualTo("demo.yaml:3:15: domains[0].workload: unknown workload \"cpuu\" (one of: cpu, memory,"
                            + " pagetable) (did you mean 'cpu'?)");
        }

        @Test
        void workloadArgumentsAreCheckedByTheCatalogAtTheirPlace() throws IOException {
            String domain = "domains:\n  - config: \"name = 'x'\"\n";
            assertThat(errorOf(domain + "    workload: cpu\n    args: { burst: 2 parsecs }\n"))
                    .isEqualTo("demo.yaml:4:20: domains[0].args.burst: \"2 parsecs\" is not valid here");
            assertThat(errorOf(domain + "    workload: memory\n    args: { step: 4MiB }\n"))
                    .isEqualTo("demo.yaml:4:11: domains[0].args: step needs max");
            assertThat(errorOf(domain + "    workload: cpu\n    args: { burst: [1] }\n"))
                    .isEqualTo("demo.yaml:4:20: domains[0].args.burst: expected a single value (text or a number), not"
                            + " a list");
            assertThat(errorOf(domain + "    workload: cpu\n    args: { burst: }\n"))
                    .isEqualTo("demo.yaml:4:19: domains[0].args.burst: expected a single value (text or a number), not"
                            + " nothing (null)");
            assertThat(errorOf(domain + "    workload: cpu\n    args: [ 1 ]\n"))
                    .isEqualTo("demo.yaml:4:11: domains[0].args: expected a map of keys, not a list");
        }

        @Test
        void domainNamesMustBeUniqueAndNotDom0s() throws IOException {
            assertThat(errorOf("""
                            domains:
                              - config: |
                                  name = "web"
                                workload: cpu
                              - config: |
                                  name = "web"
                                workload: cpu
                            """))
                    .isEqualTo(
                            "demo.yaml:6:7: domains[1]: name \"web\" is already used by domains[0] (domain names must"
                                    + " be unique on a host)");
            assertThat(errorOf("domains:\n  - config: |\n      name = \"Domain-0\"\n    workload: cpu\n"))
                    .isEqualTo("demo.yaml:3:7: domains[0]: name \"Domain-0\" is dom0's; choose another name");
        }

        @Test
        void yamlProblemsAreReportedWithTheirPlace() throws IOException {
            assertThat(errorOf("seed: 1\nseed: 2\n"))
                    .isEqualTo("demo.yaml:2:1: duplicate key 'seed' (first at line 1)");
            assertThat(errorOf("name: [demo\n"))
                    .isEqualTo("demo.yaml:2:1: YAML syntax: expected ',' or ']', but got <stream end> (while parsing a"
                            + " flow sequence at line 1, column 7)");
            assertThat(errorOf("a: b: c\n"))
                    .isEqualTo("demo.yaml:1:5: YAML syntax: mapping values are not allowed here");
            assertThat(errorOf("seed: 1\n---\nseed: 2\n"))
                    .isEqualTo("demo.yaml:3:1: a scenario file holds one YAML document; remove the second");
        }
    }

    @Nested
    class FindingScenarios {

        @Test
        void anArgumentThatIsAnExistingFileLoadsTheFile() throws Exception {
            Path file = write("default", "name: mine\n");
            assertThat(loader.load(file.toString()).name()).isEqualTo("mine");
        }

        @Test
        void anArgumentThatIsNoFileLoadsTheBuiltinOfThatName() throws Exception {
            ResolvedScenario scenario =
                    new ScenarioLoader(new org.pvsim.dom0.boot.CatalogOfGuestWorkloads()).load("default");
            assertThat(scenario.name()).isEqualTo("default");
            assertThat(scenario.source()).isEqualTo("scenarios/default.yaml");
        }

        @Test
        void neitherAFileNorABuiltinIsAnErrorListingTheBuiltins() {
            assertThatThrownBy(() -> loader.load("nope"))
                    .isInstanceOf(ScenarioException.class)
                    .hasMessage("no scenario file \"nope\" and no built-in scenario of that name (built-in scenarios:"
                            + " default, fairness, pingpong, share, disk, net)");
            assertThatThrownBy(() -> loader.loadBuiltin("nope"))
                    .hasMessage(
                            "no built-in scenario \"nope\" (built-in scenarios: default, fairness, pingpong, share, disk, net)");
        }

        @Test
        void aFolderIsNotAScenario() {
            assertThatThrownBy(() -> loader.load(dir.toString()))
                    .hasMessage(dir + ": is a folder, not a scenario file");
        }

        @Test
        void aMissingFileIsNamed() {
            Path missing = dir.resolve("missing.yaml");
            assertThatThrownBy(() -> loader.loadFile(missing)).hasMessage(missing + ": no such file");
        }
    }
}
