package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built-in {@code disk} scenario end to end: a domU's checksummed block I/O through blkfront, the blkif ring,
 * blkback's grant copies and an in-memory image, while blkback is killed at 0.3 s and restarted at 0.35 s. Every
 * request completes once, every read matches the last write of its block (the image survives the backend's death),
 * the three requests the disk fails at 0.2 s reach the guest as errors,
 * two runs give the same journal digest, and the journal replays with 0 divergences.
 */
class DiskScenarioTest {
    @TempDir
    Path runs;

    @Test
    void checksummedIoSurvivesABackendRestartDeterministicallyAndReplays() throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(runs, "run", "disk", "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String console = Files.readString(a.resolve("console/guest-guest-io.log"));
        assertThat(console)
                .containsPattern("disk: 150000 requests in [0-9.]+ s: [0-9]+ IOPS")
                .containsPattern("disk: [0-9]+ writes, [0-9]+ reads verified, 0 mismatches, 3 failed;")
                .contains("blkfront: device/vbd/51712: backend XenbusStateClosed, closing with")
                .containsPattern("blkfront: device/vbd/51712: connected, 131072 sectors, [0-9]+ requests reissued");
        assertThat(Files.readString(a.resolve("xl-actions.log")))
                .contains("the disk of guest-io xvda fails its next 3 requests")
                .contains("vbd backend killed: 1 device closed")
                .contains("vbd backend restarted: 1 device probed");
        Pvsim second = Pvsim.run(runs, "run", "disk", "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }
}
