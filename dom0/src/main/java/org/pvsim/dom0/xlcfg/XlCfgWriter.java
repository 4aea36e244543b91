package org.pvsim.dom0.xlcfg;

/**
 * Prints settings and values in xl.cfg syntax, one {@code key = value} per line, so that {@link XlCfgParser} reads
 * back the same values. Strings are double-quoted with escapes for {@code " \} and control characters; numbers are
 * printed as written; lists print on one line as {@code [ a, b ]}.
 */
public final class XlCfgWriter {

    private XlCfgWriter() {}

    /** The whole configuration: one line per effective setting, in order, each ending with a newline. */
    public static String write(XlConfig config) {
        StringBuilder out = new StringBuilder();
        for (XlSetting setting : config.settings()) {
            out.append(line(setting.key(), setting.value()));
        }
        return out.toString();
    }

    /** One {@code key = value} line, with its newline. */
    public static String line(String key, XlValue value) {
        return key + " = " + value(value) + "\n";
    }

    /** A value in xl.cfg syntax. */
    public static String value(XlValue value) {
        if (value instanceof XlAtom atom) {
            return atom.kind() == XlAtom.Kind.NUMBER ? atom.text() : quote(atom.text());
        }
        XlList list = (XlList) value;
        if (list.elements().isEmpty()) {
            return "[ ]";
        }
        StringBuilder out = new StringBuilder("[ ");
        for (int i = 0; i < list.elements().size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(value(list.elements().get(i)));
        }
        return out.append(" ]").toString();
    }

    /** {@code text} in double quotes, escaped. */
    public static String quote(String text) {
        return "\"" + escape(text) + "\"";
    }

    /** {@code text} with {@code " \} and control characters escaped as xl.cfg strings need. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
