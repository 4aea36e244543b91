package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dom0's control plane end to end, through the command line on the real engine: the toolstack builds each domU with a
 * xenstore page and port, xenstored serves it from dom0, the guest kernel registers its control watches, and xl's
 * life-cycle commands act through xenstore as libxl does.
 */
class XlLifeCycleOnXenstoreTest {
    @TempDir
    Path runs;

    /**
     * {@code xl shutdown -w}: the guest reads control/shutdown through its ring, acks, and powers off; then xl's
     * daemon applies on_poweroff (xl's default, destroy), so the domain is gone from the list.
     */
    @Test
    void shutdownIsAcknowledgedByTheGuestThroughXenstore() {
        Pvsim xl = Pvsim.run(runs, "xl", "shutdown", "-w", "guest-cpu", "list", "dmesg", "--scenario", "default");
        assertThat(xl.exitCode()).as(xl.toString()).isZero();
        assertThat(xl.out() + xl.err())
                .contains("Shutting down domain 1")
                .contains("Waiting for 1 domains")
                .contains("Domain 1 has been shut down, reason code 0");
        assertThat(xl.out())
                .containsPattern("guest-pagetable +2 ")
                .doesNotContain("guest-cpu  ")
                .contains("xl: Action for shutdown reason code 0 is destroy\n");
    }

    /** A name lives in xenstore: rename changes what domname and domid answer; destroy removes the domain's nodes. */
    @Test
    void namesComeFromXenstoreAndDestroyRemovesTheDomain() {
        Pvsim xl = Pvsim.run(
                runs,
                "xl",
                "rename",
                "guest-memory",
                "mem2",
                "domname",
                "3",
                "destroy",
                "guest-pagetable",
                "list",
                "domid",
                "guest-pagetable",
                "--scenario",
                "default");
        assertThat(xl.out()).startsWith("mem2\n");
        assertThat(xl.out()).containsPattern("mem2 +3 ").doesNotContain("guest-pagetable");
        assertThat(xl.err()).contains("Can't get domid of domain name 'guest-pagetable'");
        assertThat(xl.exitCode()).isEqualTo(1);
    }

    /** The guest's reply arrives through the ring in the same virtual time every run; the journal replays. */
    @Test
    void aRunWithXenstoreTrafficIsDeterministicAndReplays() throws java.io.IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(runs, "run", "default", "--duration", "300ms", "--audit", "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        Pvsim second = Pvsim.run(runs, "run", "default", "--duration", "300ms", "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }

    /**
     * {@code xl mem-set}: libxl writes memory/target, and the guest's balloon driver, watching it through its ring,
     * gives pages back until the domain has the target; a target above static-max and a bad size are refused.
     */
    @Test
    void memSetBalloonsTheGuestDownThroughXenstore() throws java.io.IOException {
        Path scenario = runs.resolve("memset.yaml");
        java.nio.file.Files.writeString(
                scenario,
                java.nio.file.Files.readString(
                                Path.of("..", "dom0", "src", "main", "resources", "scenarios", "default.yaml"))
                        + "actions:\n"
                        + "  - { at: 1s, xl: \"mem-set guest-cpu 32\" }\n"
                        + "  - { at: 1s, xl: \"mem-set guest-cpu 1g\" }\n"
                        + "  - { at: 1s, xl: \"mem-set guest-cpu 12q\" }\n");
        Path out = runs.resolve("memset");
        Pvsim run = Pvsim.run(runs, "run", scenario.toString(), "--duration", "1500ms", "--out", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out()).containsPattern("guest-cpu +1 +32 +2 ");
        assertThat(java.nio.file.Files.readString(out.resolve("xl-actions.log")))
                .contains("memory_dynamic_max must be less than or equal to memory_static_max")
                .contains("cannot set domid 1 dynamic max memory to : 1g")
                .contains("invalid memory size: 12q");
        Pvsim.assertReplaysWithoutDivergence(runs, out);
    }

    /**
     * {@code xl vcpu-set}: libxl writes cpu/K/availability, the guest kernel, watching it, takes vCPU 1 down and later
     * brings it up again, and {@code xl vcpu-list} shows it each time; a count above the domain's maximum is refused.
     */
    @Test
    void vcpuSetTakesTheGuestsVcpusDownAndUpThroughXenstore() throws java.io.IOException {
        Path scenario = runs.resolve("vcpuset.yaml");
        java.nio.file.Files.writeString(
                scenario,
                java.nio.file.Files.readString(
                                Path.of("..", "dom0", "src", "main", "resources", "scenarios", "default.yaml"))
                        + "actions:\n"
                        + "  - { at: 1s, xl: \"vcpu-set guest-cpu 1\" }\n"
                        + "  - { at: 1100ms, xl: \"vcpu-list guest-cpu\" }\n"
                        + "  - { at: 1200ms, xl: \"vcpu-set guest-cpu 2\" }\n"
                        + "  - { at: 1300ms, xl: \"vcpu-list guest-cpu\" }\n"
                        + "  - { at: 1400ms, xl: \"vcpu-set guest-cpu 3\" }\n"
                        + "  - { at: 1400ms, xl: \"vcpu-set guest-cpu 1\" }\n");
        Path out = runs.resolve("vcpuset");
        Pvsim run = Pvsim.run(runs, "run", scenario.toString(), "--duration", "1500ms", "--out", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String log = java.nio.file.Files.readString(out.resolve("xl-actions.log"));
        assertThat(log)
                .containsPattern("guest-cpu +1 +1 +- +--p ")
                .containsPattern("guest-cpu +1 +1 +\\d +[r-]b?-- ")
                .contains("Requested 3 VCPUs, however maxcpus is 2!")
                .contains("libxl_set_vcpuonline failed domid=1 max_vcpus=3, rc: -3");
        assertThat(run.out()).as("the run ends with one vCPU online").containsPattern("guest-cpu +1 +\\d+ +1 ");
        Pvsim.assertReplaysWithoutDivergence(runs, out);
    }

    /**
     * {@code xl mem-max}: libxl writes memory/static-max, so a later mem-set above the built size is allowed (Xen's
     * limit follows it, as xl top shows; the guest's balloon grows back only into pages it gave back, as Linux's
     * without memory hotplug); a maximum below the target is refused; {@code xl top} and {@code xl info} run
     * as scenario actions too.
     */
    @Test
    void memMaxRaisesStaticMaxForMemSet() throws java.io.IOException {
        Path scenario = runs.resolve("memmax.yaml");
        java.nio.file.Files.writeString(
                scenario,
                java.nio.file.Files.readString(
                                Path.of("..", "dom0", "src", "main", "resources", "scenarios", "default.yaml"))
                        + "actions:\n"
                        + "  - { at: 1s, xl: \"mem-set guest-cpu 96\" }\n"
                        + "  - { at: 1s, xl: \"mem-max guest-cpu 128\" }\n"
                        + "  - { at: 1s, xl: \"mem-set guest-cpu 96\" }\n"
                        + "  - { at: 1s, xl: \"mem-max guest-cpu 32\" }\n"
                        + "  - { at: 1s, xl: \"info xen_scheduler\" }\n"
                        + "  - { at: 1s, xl: \"top -i 2 -d 0.2\" }\n");
        Path out = runs.resolve("memmax");
        Pvsim run = Pvsim.run(runs, "run", scenario.toString(), "--duration", "1500ms", "--out", out.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        String log = java.nio.file.Files.readString(out.resolve("xl-actions.log"));
        assertThat(log)
                .as("the first mem-set is above the built static-max; the second, after mem-max, is not")
                .containsOnlyOnce("memory_dynamic_max must be less than or equal to memory_static_max")
                .contains("memory_static_max must be greater than or or equal to memory_dynamic_max")
                .contains("cannot set domid 1 static max memory to : 32")
                .contains("credit2\n")
                .as("xentop's MAXMEM(k): the target 96 MiB plus LIBXL_MAXMEM_CONSTANT, after the second mem-set")
                .containsPattern(" guest-cpu -----[r-] +\\d+ +0\\.0 +65536 +6\\.2 +99328 ")
                .as("xentop's CPU(%): two vCPUs spinning between the two samples")
                .containsPattern(" guest-cpu -----[r-] +\\d+ +(199|200)\\.\\d +65536 ");
        Pvsim.assertReplaysWithoutDivergence(runs, out);
    }
}
