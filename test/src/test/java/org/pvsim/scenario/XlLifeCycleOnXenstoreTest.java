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
}
