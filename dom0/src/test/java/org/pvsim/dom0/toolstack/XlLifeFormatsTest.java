package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pvsim.dom0.xlcfg.CpuAffinity;
import org.pvsim.dom0.xlcfg.CpuSet;
import org.pvsim.dom0.xlcfg.DomainConfig;
import org.pvsim.dom0.xlcfg.ShutdownAction;

/**
 * What the life-cycle commands compute without a host: xl's argument checks, uptime's and libxl's JSON formats, and
 * how {@code xl create} reads its file and overrides.
 */
class XlLifeFormatsTest {

    @Test
    void uptimeFormatsAsXl() {
        assertThat(XlUptime.uptimeToString(5, false)).isEqualTo(" 0:00:05");
        assertThat(XlUptime.uptimeToString(3 * 3600 + 7 * 60 + 9, false)).isEqualTo(" 3:07:09");
        assertThat(XlUptime.uptimeToString(86400 + 36000 + 60, false)).isEqualTo("1 day, 10:01:00");
        assertThat(XlUptime.uptimeToString(2 * 86400 + 61, true)).isEqualTo("2 days,  0:01");
        assertThat(XlUptime.timeOfDay(86400 + 3661)).isEqualTo("01:01:01");
    }

    @Test
    void yajlPrettyPrintsAsLibxl() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("domid", 1);
        m.put("list", List.of(0, 1));
        m.put("empty", new LinkedHashMap<>());
        m.put("text", "a\"b\\c/d\n");
        assertThat(YajlGen.generate(List.of(m)))
                .isEqualTo("[\n    {\n        \"domid\": 1,\n        \"list\": [\n            0,\n            1\n"
                        + "        ],\n        \"empty\": {\n\n        },\n        \"text\": \"a\\\"b\\\\c/d\\n\"\n"
                        + "    }\n]\n");
        assertThat(YajlGen.generate(List.of())).isEqualTo("[\n\n]\n");
    }

    @Test
    void configJsonUsesLibxlsKeysAndLeavesDefaultsOut() {
        DomainBuildSpec spec = new DomainBuildSpec(
                "web",
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
                65536,
                2,
                1,
                "pvsim-pv",
                "workload=cpu pvsim.vcpus=1",
                1023,
                64,
                1024,
                2,
                512,
                0,
                CpuAffinity.forEveryVcpu(CpuSet.parse("1")),
                CpuAffinity.NONE,
                10_000,
                true);
        Map<String, Object> c = LibxlConfigJson.config(
                new LibxlConfigJson.Saved(
                        spec,
                        ShutdownAction.DESTROY,
                        ShutdownAction.RESTART,
                        ShutdownAction.DESTROY,
                        ShutdownAction.PRESERVE,
                        ShutdownAction.SOFT_RESET),
                2);
        assertThat(c.keySet()).containsExactly("c_info", "b_info", "on_reboot", "on_crash", "on_soft_reset");
        assertThat(c.get("on_soft_reset")).isEqualTo("soft_reset");
        @SuppressWarnings("unchecked")
        Map<String, Object> cInfo = (Map<String, Object>) c.get("c_info");
        assertThat(cInfo.get("uuid")).isEqualTo("01020304-0506-0708-090a-0b0c0d0e0f10");
        @SuppressWarnings("unchecked")
        Map<String, Object> bInfo = (Map<String, Object>) c.get("b_info");
        assertThat(bInfo.get("avail_vcpus")).isEqualTo(List.of(0));
        assertThat(bInfo.get("vcpu_hard_affinity")).isEqualTo(List.of(List.of(1), List.of(1)));
        assertThat(bInfo).doesNotContainKey("vcpu_soft_affinity");
        assertThat(bInfo.get("sched_params")).isEqualTo(Map.of("weight", 512));
        assertThat(YajlGen.generate(c)).contains("\"max_memkb\": 65536,\n").contains("\"type.pv\": {\n\n        }");
    }

    @Test
    void shutdownAndRebootNeedADomainOrAll() {
        assertThatThrownBy(() -> new XlShutdown(false, 1, false, Optional.empty()))
                .hasMessage("You must specify -a or a domain id.");
        assertThatThrownBy(() -> new XlReboot(false, 0, false, Optional.empty()))
                .hasMessage("You must specify -a or a domain id.");
        assertThat(new XlShutdown(true, 2, false, Optional.empty()).argv())
                .containsExactly("xl", "shutdown", "-a", "-w", "-w");
        assertThat(new XlReboot(false, 1, true, Optional.of("web")).argv())
                .containsExactly("xl", "reboot", "-w", "-F", "web");
    }

    @Test
    void createAppendsOverridesAfterTheFile(@TempDir Path dir) throws Exception {
        Files.writeString(
                dir.resolve("web.cfg"), "name = \"web\"\nmemory = 128\nvcpus = 2\nextra = \"workload=cpu\"\n");
        XlCreate c = XlCreate.load("web.cfg", List.of("memory=256", "name=\"web2\""), true, false, dir);

        assertThat(c.loaded().config()).isPresent();
        DomainConfig config = c.loaded().config().get().config();
        assertThat(config.memoryMib()).isEqualTo(256);
        assertThat(config.name()).isEqualTo("web2");
        assertThat(c.argv()).containsExactly("xl", "create", "web.cfg", "-p", "memory=256", "name=\"web2\"");
        DomainBuildSpec spec = XlCreate.buildSpec(config, XlCreate.handle("web2", 0));
        assertThat(spec.cmdline()).isEqualTo("workload=cpu pvsim.vcpus=2");
        assertThat(spec.memoryKib()).isEqualTo(256 * 1024);
        assertThat(XlCreate.handle("web2", 0)).isNotEqualTo(XlCreate.handle("web2", 1));
    }

    @Test
    void createReportsWhatXlReports(@TempDir Path dir) throws Exception {
        assertThat(XlCreate.load("missing.cfg", List.of(), false, false, dir)
                        .loaded()
                        .readError())
                .contains("No such file or directory");
        Files.writeString(dir.resolve("bad.cfg"), "name = \"x\"\nmemory = = 3\n");
        XlCreate bad = XlCreate.load("bad.cfg", List.of(), false, false, dir);
        assertThat(bad.loaded().errors()).hasSize(2);
        assertThat(bad.loaded().errors().get(0)).startsWith("bad.cfg:2:");
        assertThat(bad.loaded().errors().get(1)).isEqualTo("Failed to parse config: Invalid argument");
        XlCreate noFile = XlCreate.load(null, List.of("name=\"x\""), false, false, dir);
        assertThat(noFile.loaded().config()).isEmpty();
        assertThatThrownBy(() -> new XlCreate("f", List.of("novalue"), false, false, noFile.loaded()))
                .hasMessageContaining("KEY=VALUE");
    }
}
