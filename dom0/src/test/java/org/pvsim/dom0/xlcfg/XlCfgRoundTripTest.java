package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded randomized test of the parser: random configurations are printed in random but valid layouts (both quote
 * styles, every escape form, all three number bases, nested lists over several lines with trailing commas, comments,
 * semicolons and {@code +=} splits), parsed back, and compared. A failure names the seed and the text.
 */
class XlCfgRoundTripTest {

    private static final long BASE_SEED = 0x5eed_c0f1L;
    private static final int CASES = 500;

    @Test
    void randomConfigsReadBackAsGenerated() throws XlCfgException {
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            Random random = new Random(seed);
            Map<String, Object> expected = randomSettings(random);
            String text = print(expected, random);
            XlConfig parsed;
            try {
                parsed = XlCfgParser.parse(text, XlCfgSource.file("random.cfg"));
            } catch (XlCfgException e) {
                throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\n--- text ---\n" + text, e);
            }
            Map<String, Object> actual = new LinkedHashMap<>();
            for (XlSetting setting : parsed.settings()) {
                actual.put(setting.key(), plain(setting.value()));
            }
            assertThat(actual).as("seed %d, text:%n%s", seed, text).isEqualTo(expected);

            String canonical = XlCfgWriter.write(parsed);
            XlConfig again = XlCfgParser.parse(canonical, XlCfgSource.file("canonical.cfg"));
            assertThat(XlCfgWriter.write(again))
                    .as("seed %d, canonical text:%n%s", seed, canonical)
                    .isEqualTo(canonical);
        }
    }

    /** The value as generated: a String for a string, a Long for a number, a List for a list. */
    private static Object plain(XlValue value) {
        if (value instanceof XlAtom atom) {
            return atom.kind() == XlAtom.Kind.NUMBER
                    ? (Object) XlNumber.parse(atom.text()).orElseThrow()
                    : atom.text();
        }
        List<Object> out = new ArrayList<>();
        for (XlValue element : ((XlList) value).elements()) {
            out.add(plain(element));
        }
        return out;
    }

    private static Map<String, Object> randomSettings(Random random) {
        Map<String, Object> settings = new LinkedHashMap<>();
        int count = random.nextInt(8);
        for (int i = 0; i < count; i++) {
            settings.put(randomKey(random), randomValue(random, 0));
        }
        return settings;
    }

    private static String randomKey(Random random) {
        String first = "abcdefghijklmnopqrstuvwxyz";
        String rest = first + "0123456789._";
        StringBuilder key = new StringBuilder().append(first.charAt(random.nextInt(first.length())));
        int length = random.nextInt(12);
        for (int i = 0; i < length; i++) {
            key.append(rest.charAt(random.nextInt(rest.length())));
        }
        return key.toString();
    }

    /** A String (string atom), a Long (number atom) or a List of these. */
    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth < 3 ? 3 : 2);
        if (kind == 0) {
            return randomString(random);
        }
        if (kind == 1) {
            return random.nextBoolean() ? (long) random.nextInt(5000) : random.nextLong() & Long.MAX_VALUE;
        }
        List<Object> list = new ArrayList<>();
        int size = random.nextInt(5);
        for (int i = 0; i < size; i++) {
            list.add(randomValue(random, depth + 1));
        }
        return list;
    }

    private static String randomString(Random random) {
        String alphabet = "abc XYZ 019 ,=[];#+-'\"\\\n\t\r\007é✓";
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(10);
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }

    private static String print(Map<String, Object> settings, Random random) {
        StringBuilder out = new StringBuilder();
        if (random.nextBoolean()) {
            out.append("# generated\n");
        }
        for (Map.Entry<String, Object> setting : settings.entrySet()) {
            String key = setting.getKey();
            Object value = setting.getValue();
            boolean split = random.nextInt(4) == 0 && splittable(value);
            if (split) {
                Object[] halves = halves(value, random);
                out.append(key).append(blanks(random)).append('=').append(blanks(random));
                out.append(printValue(halves[0], random)).append(end(random));
                out.append(key).append(blanks(random)).append("+=").append(blanks(random));
                out.append(printValue(halves[1], random));
            } else {
                if (random.nextInt(6) == 0) {
                    out.append(key)
                            .append(" = ")
                            .append(printValue(randomValue(random, 0), random))
                            .append('\n');
                }
                out.append(blanks(random))
                        .append(key)
                        .append(blanks(random))
                        .append('=')
                        .append(blanks(random));
                out.append(printValue(value, random));
            }
            out.append(end(random));
        }
        return out.toString();
    }

    private static boolean splittable(Object value) {
        return value instanceof String || value instanceof List;
    }

    private static Object[] halves(Object value, Random random) {
        if (value instanceof String s) {
            int cut = random.nextInt(s.length() + 1);
            return new Object[] {s.substring(0, cut), s.substring(cut)};
        }
        List<?> list = (List<?>) value;
        int cut = random.nextInt(list.size() + 1);
        return new Object[] {new ArrayList<>(list.subList(0, cut)), new ArrayList<>(list.subList(cut, list.size()))};
    }

    private static String end(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> ";";
            case 1 -> " # comment\n";
            case 2 -> "\n\n";
            default -> "\n";
        };
    }

    private static String blanks(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> "";
            case 1 -> "\t";
            case 2 -> "  ";
            default -> " ";
        };
    }

    private static String newlines(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "\n";
            case 1 -> " # note\n  ";
            default -> blanks(random);
        };
    }

    private static String printValue(Object value, Random random) {
        if (value instanceof Long number) {
            return switch (random.nextInt(3)) {
                case 0 -> "0x" + Long.toHexString(number);
                case 1 -> number == 0 ? "0" : "0" + Long.toOctalString(number);
                default -> Long.toString(number);
            };
        }
        if (value instanceof String s) {
            return printString(s, random);
        }
        List<?> list = (List<?>) value;
        StringBuilder out = new StringBuilder("[").append(newlines(random));
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.append(',').append(newlines(random));
            }
            out.append(printValue(list.get(i), random)).append(newlines(random));
        }
        if (!list.isEmpty() && random.nextBoolean()) {
            out.append(',').append(newlines(random));
        }
        return out.append(']').toString();
    }

    private static String printString(String s, Random random) {
        char quote = random.nextBoolean() ? '"' : '\'';
        StringBuilder out = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            boolean mustEscape = c == quote || c == '\\' || c == '\n' || c == '\r';
            int form = random.nextInt(mustEscape || c < 0x80 ? 5 : 1);
            if (!mustEscape && form == 0) {
                out.append(c);
            } else if (c >= 0x80) {
                out.append(c);
            } else if (form == 1) {
                out.append(String.format("\\x%02x", (int) c));
            } else if (form == 2) {
                out.append(String.format("\\%03o", (int) c));
            } else {
                out.append(
                        switch (c) {
                            case '\n' -> "\\n";
                            case '\r' -> "\\r";
                            case '\t' -> "\\t";
                            case '\007' -> "\\a";
                            case '"' -> "\\\"";
                            case '\'' -> "\\'";
                            case '\\' -> "\\\\";
                            default -> String.valueOf(c);
                        });
            }
        }
        return out.append(quote).toString();
    }
}
