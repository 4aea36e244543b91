package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code net} scenario end to end: two domUs exchange 2000 echo frames through netfront, netback's grant
 * copies and dom0's bridge; every request but the first (sent before the other side's vif was up) is answered, with
 * its checksum right; two runs give the same journal digest, and the journal replays with 0 divergences.
 */
class NetScenarioTest {
    @TempDir
    Path runs;

    @Test
    void echoFramesCrossTheBridgeDeterministicallyAndReplay() throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(runs, "run", "net", "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(Files.readString(a.resolve("console/guest-guest-ping.log")))
                .contains("netfront: device/vif/0: connected, mac 00:16:3e:00:00:01")
                .containsPattern(
                        "net: 2000 echo replies from 00:16:3e:00:00:02 \\(64 bytes\\), [01] lost, RTT \\(us\\):");
        assertThat(Files.readString(a.resolve("console/guest-guest-pong.log")))
                .contains("net: pong: 2000 echo requests answered");
        Pvsim second = Pvsim.run(runs, "run", "net", "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }
}
