package org.pvsim.guest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE.md's rules for guest code, checked on the module's main sources: a guest imports from other pvsim
 * modules only their {@code abi} packages; its own packages form no cycle; model code uses no wall clock, no unseeded
 * randomness and no hash-ordered collections.
 */
class GuestModuleRulesTest {
    private static final Path MAIN = Path.of("src/main/java");
    private static final Pattern PVSIM_NAME = Pattern.compile("org\\.pvsim\\.[A-Za-z0-9_.]+");
    private static final Pattern ALLOWED =
            Pattern.compile("org\\.pvsim\\.(guest(\\..*)?|[a-z0-9]+(\\.[a-z0-9]+)*\\.abi(\\..*)?)");

    private static Map<Path, String> sources() throws IOException {
        Map<Path, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.put(p, Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }

    @Test
    void guestCodeNamesOnlyAbiPackagesOfOtherModules() throws IOException {
        List<String> bad = new ArrayList<>();
        for (Map.Entry<Path, String> e : sources().entrySet()) {
            Matcher m = PVSIM_NAME.matcher(e.getValue());
            while (m.find()) {
                if (!ALLOWED.matcher(m.group()).matches()) {
                    bad.add(e.getKey() + ": " + m.group());
                }
            }
        }
        assertThat(bad).isEmpty();
    }

    @Test
    void theModulesPackagesFormNoCycle() throws IOException {
        Map<String, Set<String>> deps = new TreeMap<>();
        Pattern pkg = Pattern.compile("^package (org\\.pvsim\\.guest[a-z.]*);", Pattern.MULTILINE);
        Pattern imp =
                Pattern.compile("^import (?:static )?(org\\.pvsim\\.guest(?:\\.[a-z]+)*)\\.[A-Z]", Pattern.MULTILINE);
        for (String src : sources().values()) {
            Matcher p = pkg.matcher(src);
            assertThat(p.find()).isTrue();
            Set<String> out = deps.computeIfAbsent(p.group(1), k -> new TreeSet<>());
            Matcher i = imp.matcher(src);
            while (i.find()) {
                if (!i.group(1).equals(p.group(1))) {
                    out.add(i.group(1));
                }
            }
        }
        for (String start : deps.keySet()) {
            assertThat(reaches(deps, start, start, new TreeSet<>()))
                    .as("a cycle through %s in %s", start, deps)
                    .isFalse();
        }
    }

    private static boolean reaches(Map<String, Set<String>> deps, String from, String target, Set<String> seen) {
        for (String next : deps.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(deps, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void modelCodeHasNoWallClockRandomnessOrHashOrder() throws IOException {
        Pattern banned = Pattern.compile(
                "System\\.nanoTime|System\\.currentTimeMillis|Thread\\.sleep|new Random\\(|Math\\.random|HashMap|HashSet"
                        + "|Instant\\.now|LocalDateTime");
        List<String> bad = new ArrayList<>();
        for (Map.Entry<Path, String> e : sources().entrySet()) {
            Matcher m = banned.matcher(e.getValue().replace("LinkedHashMap", "Linked_Map"));
            while (m.find()) {
                bad.add(e.getKey() + ": " + m.group());
            }
        }
        assertThat(bad).isEmpty();
    }
}
