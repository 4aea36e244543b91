package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code pingpong} scenario end to end through the command line: it runs, both domUs bounce the
 * notification 10000 times (one {@code EVTCHNOP_send} per round trip on each side) and end blocked, two runs give the
 * same journal digest, and the journal replays with 0 divergences. The event-channel counts are the 10000 sends, the
 * workload's set-up (ping's alloc_unbound and pong's binding), and the kernel's xenstore traffic at boot (its
 * control watches: a send per batch of requests it writes and per batch of replies it consumes).
 */
class PingpongScenarioTest {
    @TempDir
    Path runs;

    @Test
    void runsDeterministicallyBouncesTenThousandTimesAndReplaysWithoutDivergence() throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(runs, "run", "pingpong", "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out())
                .containsPattern("guest-ping +1 +64 +1 +-b----")
                .containsPattern("guest-pong +2 +64 +1 +-b----")
                .containsPattern("guest-ping +1 +event_channel_op +100[0-9][0-9]\n")
                .containsPattern("guest-pong +2 +event_channel_op +100[0-9][0-9]\n");
        // what the guests wrote on their PV consoles, as xenconsoled logged it
        assertThat(Files.readString(a.resolve("console/guest-guest-ping.log")))
                .containsPattern("pingpong: 10000 round trips with d2, RTT \\(us\\): mean [0-9.]+ p50");
        assertThat(Files.readString(a.resolve("console/guest-guest-pong.log")))
                .contains("pingpong: pong: 10000 pings from d1 echoed\n");
        Pvsim second = Pvsim.run(runs, "run", "pingpong", "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }
}
