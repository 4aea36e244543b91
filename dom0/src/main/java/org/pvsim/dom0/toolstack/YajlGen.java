package org.pvsim.dom0.toolstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON text as libxl's generator writes it: yajl with {@code yajl_gen_beautify} and a four-space indent ({@code
 * libxl_yajl_gen_alloc} in {@code tools/libs/light/libxl_json.c}). Each container opens with its bracket and a line
 * end, its members are separated by {@code ",\n"} and indented one level deeper, and it closes with a line end, the
 * indent and the bracket — so an empty container is {@code "{\n\n}"}, as xl prints it; a key is followed by {@code
 * ": "}; the complete top-level value ends with a line end. Strings are escaped as yajl does ({@code "} {@code \}
 * and control characters; {@code /} is left alone).
 *
 * <p>Values are {@link Map} (in its iteration order: pass a {@link java.util.LinkedHashMap}), {@link List}, {@link
 * String}, {@link Number} (integers) and {@code null}.
 */
final class YajlGen {
    private static final String INDENT = "    ";

    private YajlGen() {}

    /** The text of {@code value}, ending with the line end yajl writes after a complete value. */
    static String generate(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            sb.append("{\n");
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!first) {
                    sb.append(",\n");
                }
                first = false;
                sb.append(INDENT.repeat(depth + 1));
                string(sb, e.getKey().toString());
                sb.append(": ");
                write(sb, e.getValue(), depth + 1);
            }
            sb.append('\n').append(INDENT.repeat(depth)).append('}');
        } else if (value instanceof List<?> list) {
            sb.append("[\n");
            boolean first = true;
            for (Object o : list) {
                if (!first) {
                    sb.append(",\n");
                }
                first = false;
                sb.append(INDENT.repeat(depth + 1));
                write(sb, o, depth + 1);
            }
            sb.append('\n').append(INDENT.repeat(depth)).append(']');
        } else if (value instanceof String s) {
            string(sb, s);
        } else if (value instanceof Number n) {
            sb.append(n.longValue());
        } else if (value == null) {
            sb.append("null");
        } else {
            throw new IllegalArgumentException(
                    "no JSON form for " + value.getClass().getSimpleName());
        }
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
