package org.pvsim.dom0.xlcfg;

/**
 * A token of the xl.cfg lexer ({@code libxlu_cfg_l.l}).
 *
 * @param kind what the token is
 * @param text for names and numbers the text as written, for strings the decoded text, else the punctuation
 * @param location where the token starts
 */
record XlCfgToken(Kind kind, String text, XlCfgLocation location) {

    /** The token kinds of libxlu's lexer. */
    enum Kind {
        /** A name {@code [a-z][._0-9a-z]*}. */
        IDENT,
        /** A number literal. */
        NUMBER,
        /** A quoted string. */
        STRING,
        /** {@code =}. */
        ASSIGN,
        /** {@code +=}. */
        APPEND,
        /** {@code ,}. */
        COMMA,
        /** {@code [}. */
        OPEN,
        /** {@code ]}. */
        CLOSE,
        /** {@code ;}. */
        SEMICOLON,
        /** The end of a line (a comment runs up to it). */
        NEWLINE,
        /** The end of the text. */
        END
    }

    /** How messages name this token, e.g. {@code end of line}, {@code '='} or {@code name 'pv'}. */
    String describe() {
        return switch (kind) {
            case IDENT -> "bare word '" + text + "'";
            case NUMBER -> "number " + text;
            case STRING -> "string \"" + XlCfgWriter.escape(text) + "\"";
            case NEWLINE -> "end of line";
            case END -> "end of file";
            default -> "'" + text + "'";
        };
    }
}
