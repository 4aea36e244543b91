package org.pvsim.dom0.xlcfg;

import org.pvsim.dom0.xlcfg.XlCfgToken.Kind;

/**
 * Splits xl.cfg text into tokens, following libxlu's lexer ({@code tools/libs/util/libxlu_cfg_l.l}):
 *
 * <ul>
 *   <li>names {@code [a-z][._0-9a-z]*} (lower case only);
 *   <li>numbers: a digit followed by letters and digits, which must form a decimal, {@code 0x} hexadecimal or leading-0
 *       octal literal ({@link XlNumber});
 *   <li>strings in single or double quotes on one line, with the escapes {@code \" \' \\ \a \b \f \n \r \t \v}, {@code
 *       \xHH} (two hex digits) and {@code \ooo} (one to three octal digits);
 *   <li>{@code , [ ] = += ;};
 *   <li>a newline ({@code \n} or {@code \r\n}) ends a statement; {@code #} starts a comment that runs to the end of the
 *       line; blanks and tabs separate tokens.
 * </ul>
 *
 * Anything else is an error that names its line and column. Columns count characters from 1, a tab counting as one.
 */
final class XlCfgLexer {

    private final String text;
    private final XlCfgSource source;
    private int pos;
    private int line = 1;
    private int column = 1;

    XlCfgLexer(String text, XlCfgSource source) {
        this.text = text;
        this.source = source;
    }

    /** The next token; {@link Kind#END} at the end of the text, and again on every later call. */
    XlCfgToken next() throws XlCfgException {
        skipBlanksAndComment();
        XlCfgLocation at = source.at(line, column);
        if (pos >= text.length()) {
            return new XlCfgToken(Kind.END, "", at);
        }
        char c = text.charAt(pos);
        if (c == '\n') {
            advance(1);
            newLine();
            return new XlCfgToken(Kind.NEWLINE, "\n", at);
        }
        if (c == '\r' && peek(1) == '\n') {
            advance(2);
            newLine();
            return new XlCfgToken(Kind.NEWLINE, "\n", at);
        }
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_') {
            return word(at);
        }
        if (c >= '0' && c <= '9') {
            return number(at);
        }
        if (c == '"' || c == '\'') {
            return string(at, c);
        }
        if (c == '+' && peek(1) == '=') {
            advance(2);
            return new XlCfgToken(Kind.APPEND, "+=", at);
        }
        Kind punctuation = switch (c) {
            case '=' -> Kind.ASSIGN;
            case ',' -> Kind.COMMA;
            case '[' -> Kind.OPEN;
            case ']' -> Kind.CLOSE;
            case ';' -> Kind.SEMICOLON;
            default -> null;
        };
        if (punctuation != null) {
            advance(1);
            return new XlCfgToken(punctuation, String.valueOf(c), at);
        }
        throw new XlCfgException(at, unexpected(c));
    }

    private void skipBlanksAndComment() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            advance(1);
        }
        if (pos < text.length() && text.charAt(pos) == '#') {
            while (pos < text.length() && text.charAt(pos) != '\n' && !(text.charAt(pos) == '\r' && peek(1) == '\n')) {
                advance(1);
            }
        }
    }

    private XlCfgToken word(XlCfgLocation at) throws XlCfgException {
        int start = pos;
        while (pos < text.length() && isWordChar(text.charAt(pos))) {
            advance(1);
        }
        String word = text.substring(start, pos);
        if (word.matches("[a-z][._0-9a-z]*")) {
            return new XlCfgToken(Kind.IDENT, word, at);
        }
        if (!word.equals(word.toLowerCase(java.util.Locale.ROOT))) {
            throw new XlCfgException(at, "'" + word + "' is not a valid name: names are lower case ([a-z][._0-9a-z]*)");
        }
        throw new XlCfgException(
                at,
                "'" + word + "' is not a valid name: names are [a-z][._0-9a-z]* (write strings in quotes: \"" + word
                        + "\")");
    }

    private static boolean isWordChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
    }

    private XlCfgToken number(XlCfgLocation at) throws XlCfgException {
        int start = pos;
        while (pos < text.length() && isNumberChar(text.charAt(pos))) {
            advance(1);
        }
        String literal = text.substring(start, pos);
        String problem = XlNumber.literalProblem(literal);
        if (problem != null) {
            throw new XlCfgException(at, problem);
        }
        return new XlCfgToken(Kind.NUMBER, literal, at);
    }

    private static boolean isNumberChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.';
    }

    private XlCfgToken string(XlCfgLocation at, char quote) throws XlCfgException {
        advance(1);
        StringBuilder decoded = new StringBuilder();
        while (true) {
            if (pos >= text.length() || text.charAt(pos) == '\n' || text.charAt(pos) == '\r' && peek(1) == '\n') {
                throw new XlCfgException(
                        at, "this string has no closing " + quote + " (a string must end on the line it starts)");
            }
            char c = text.charAt(pos);
            if (c == quote) {
                advance(1);
                return new XlCfgToken(Kind.STRING, decoded.toString(), at);
            }
            if (c == '\\') {
                decoded.append(escape());
            } else {
                decoded.append(c);
                advance(1);
            }
        }
    }

    /** Decodes the escape sequence at {@code pos} (which holds the backslash) and moves past it. */
    private char escape() throws XlCfgException {
        XlCfgLocation at = source.at(line, column);
        char c = peek(1);
        char simple = switch (c) {
            case '"', '\'', '\\' -> c;
            case 'a' -> '\007';
            case 'b' -> '\b';
            case 'f' -> '\f';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'v' -> '\013';
            default -> 0;
        };
        if (simple != 0) {
            advance(2);
            return simple;
        }
        if (c == 'x') {
            if (Character.digit(peek(2), 16) < 0 || Character.digit(peek(3), 16) < 0) {
                throw new XlCfgException(at, "\\x must be followed by two hexadecimal digits");
            }
            int value = Character.digit(peek(2), 16) * 16 + Character.digit(peek(3), 16);
            advance(4);
            return nonZero(value, at);
        }
        if (c >= '0' && c <= '7') {
            int value = 0;
            int length = 1;
            while (length <= 3 && peek(length) >= '0' && peek(length) <= '7') {
                value = value * 8 + (peek(length) - '0');
                length++;
            }
            advance(length);
            return nonZero(value, at);
        }
        String shown = c == 0 || c == '\n' || c == '\r' ? "end of line" : "'" + c + "'";
        throw new XlCfgException(
                at,
                "invalid escape: \\ followed by " + shown
                        + " (valid: \\\" \\' \\\\ \\a \\b \\f \\n \\r \\t \\v \\xHH \\ooo)");
    }

    private static char nonZero(int value, XlCfgLocation at) throws XlCfgException {
        if (value == 0) {
            throw new XlCfgException(at, "a string cannot contain the character 0 (xl strings are C strings)");
        }
        return (char) value;
    }

    private static String unexpected(char c) {
        String shown = c < 0x20 || c == 0x7f || c > 0x7e ? String.format("U+%04X", (int) c) : "'" + c + "'";
        if (c == '-') {
            return "unexpected '-': xl.cfg has no negative numbers or operators (quote strings)";
        }
        if ("+.():".indexOf(c) >= 0) {
            return "unexpected " + shown + ": xl.cfg is not Python; a setting is key = \"string\", number or [ list ]";
        }
        return "unexpected character " + shown;
    }

    private char peek(int ahead) {
        int at = pos + ahead;
        return at < text.length() ? text.charAt(at) : 0;
    }

    private void advance(int count) {
        pos += count;
        column += count;
    }

    private void newLine() {
        line++;
        column = 1;
    }
}
