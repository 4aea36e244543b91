package org.pvsim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The built-in {@code fairness} scenario under every scheduler, end to end through the command line: each run is
 * deterministic (two runs give the same journal digest), its journal replays with 0 divergences, and the weighted
 * schedulers keep their contract (2:1 by weight, the cap held) on a real guest workload.
 */
class FairnessScenarioTest {
    private static final String DURATION = "2s";

    @TempDir
    Path runs;

    private static JsonNode domain(JsonNode stats, String name) {
        for (JsonNode d : stats.get("scheduling").get("domains")) {
            if (d.get("name").asText().equals(name)) {
                return d;
            }
        }
        throw new AssertionError("no domain " + name + " in " + stats);
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit2", "credit", "rtds", "null", "rr"})
    void eachSchedulerRunsDeterministicallyAndReplaysWithoutDivergence(String scheduler) throws IOException {
        Path a = runs.resolve("a");
        Path b = runs.resolve("b");
        Pvsim first = Pvsim.run(
                runs, "run", "fairness", "--scheduler", scheduler, "--duration", DURATION, "--out", a.toString());
        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.out()).contains("Scheduler: " + scheduler);
        Pvsim second = Pvsim.run(
                runs, "run", "fairness", "--scheduler", scheduler, "--duration", DURATION, "--out", b.toString());
        assertThat(second.exitCode()).as(second.toString()).isZero();
        Pvsim.assertDeterministicAndReplaysWithoutDivergence(runs, a, b);
    }

    @ParameterizedTest
    @ValueSource(strings = {"credit2", "credit"})
    void weightedSchedulersShareByWeightAndHoldTheCap(String scheduler) throws IOException {
        Path dir = runs.resolve(scheduler);
        Pvsim run = Pvsim.run(
                runs, "run", "fairness", "--scheduler", scheduler, "--duration", DURATION, "--out", dir.toString());
        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode s = Pvsim.stats(dir);
        double heavy = domain(s, "guest-heavy").get("cpu_percent").asDouble();
        double light = domain(s, "guest-light").get("cpu_percent").asDouble();
        double capped = domain(s, "guest-capped").get("cpu_percent").asDouble();
        // Over 2 s with two vCPUs each on 2 pCPUs, credit1's 30 ms accounting leaves it within ~10% of the weights'
        // promise (credit2 is closer); the 30-second, one-pCPU 2:1 test is in each scheduler's own tests.
        assertThat(heavy / light)
                .as("heavy %.2f%% vs light %.2f%%", heavy, light)
                .isCloseTo(2.0, within(0.2));
        assertThat(capped).isLessThanOrEqualTo(26.0);
        // The fair share is computed over demand, and guest-interactive's demand includes the time it waits for a
        // pCPU behind the hogs: under credit1 that varies with the phase of its 30 ms slices against dom0's boot-time
        // work (measured at 2 s: guest-light 60.8% against a fair 55.0%; at 2.5 s before xenconsoled existed, 59.2%
        // against 54.6%), so credit1 gets 12%.
        double tolerance = scheduler.equals("credit") ? 0.12 : 0.1;
        for (String hog : new String[] {"guest-heavy", "guest-light"}) {
            double got = domain(s, hog).get("cpu_percent").asDouble();
            double fair = domain(s, hog).get("fair_percent").asDouble();
            assertThat(got)
                    .as("%s: %.2f%% against a fair %.2f%%", hog, got, fair)
                    .isCloseTo(fair, within(tolerance * fair));
        }
    }
}
