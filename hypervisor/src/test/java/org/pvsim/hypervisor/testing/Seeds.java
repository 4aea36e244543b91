package org.pvsim.hypervisor.testing;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/**
 * The seeds and steps of pvsim's seeded randomized tests, one way for all of them: the test's default seeds, or the
 * comma-separated list in {@code -Dpvsim.seed=} (decimal or {@code 0x} hex), and the steps per seed from {@code
 * -Dpvsim.steps=}. Each seed becomes a dynamic test named {@code seed N}, so a failure names the seed that replays it.
 */
public final class Seeds {
    /** One seed's run. */
    @FunctionalInterface
    public interface Run {
        void run(long seed, int steps) throws Throwable;
    }

    private Seeds() {}

    /** {@code -Dpvsim.seed=} as a list, or {@code defaults} when it is not set. */
    public static long[] fromProperty(long... defaults) {
        String seeds = System.getProperty("pvsim.seed");
        if (seeds == null || seeds.isBlank()) {
            return defaults.clone();
        }
        return Arrays.stream(seeds.split(","))
                .mapToLong(s -> Long.decode(s.trim()))
                .toArray();
    }

    /** {@code -Dpvsim.steps=}, or {@code defaultSteps}. */
    public static int steps(int defaultSteps) {
        return Integer.getInteger("pvsim.steps", defaultSteps);
    }

    /** One dynamic test per seed ({@link #fromProperty}), each running {@code run} with {@link #steps}. */
    public static Stream<DynamicTest> tests(long[] defaults, int defaultSteps, Run run) {
        int steps = steps(defaultSteps);
        return Arrays.stream(fromProperty(defaults))
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run.run(seed, steps)));
    }
}
