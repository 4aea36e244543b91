package org.pvsim.dom0.xlcfg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.pvsim.dom0.xlcfg.XlCfgToken.Kind;

/**
 * Parses xl.cfg text into an {@link XlConfig}, following libxlu's grammar ({@code tools/libs/util/libxlu_cfg_y.y}):
 *
 * <pre>
 * file       := { statement } [ assignment ]           the last setting needs no line end
 * statement  := [ assignment ] ( NEWLINE | ';' )
 * assignment := NAME ( '=' | '+=' ) value
 * value      := STRING | NUMBER | '[' nl* [ element { ',' nl* element } [ ',' nl* ] ] ']'
 * element    := value nl*                               lists nest, span lines, may end with ','
 * </pre>
 *
 * <p>Settings: a repeated key keeps the later value. {@code +=} onto an earlier setting of the same key concatenates
 * two strings or joins two lists (libxlu's {@code xlu__cfg_concat_vals}); a string onto a list or the reverse is an
 * error; {@code +=} onto a key not yet set simply sets it.
 *
 * <p>The first error stops the parse: an {@link XlCfgException} naming the source, line and column and the problem.
 * (xl prints the error and reports failure; it does not use a config with syntax errors either.)
 */
public final class XlCfgParser {

    private final XlCfgLexer lexer;
    private final XlCfgSource source;
    private XlCfgToken token;

    private XlCfgParser(String text, XlCfgSource source) {
        this.lexer = new XlCfgLexer(text, source);
        this.source = source;
    }

    /**
     * Parses {@code text}.
     *
     * @param text the xl.cfg text
     * @param source its name (and position inside an enclosing file) for messages
     * @return the effective settings
     * @throws XlCfgException at the first syntax error
     */
    public static XlConfig parse(String text, XlCfgSource source) throws XlCfgException {
        return new XlCfgParser(text, source).file();
    }

    /**
     * Reads and parses a file (UTF-8). Messages name it as {@code displayName}.
     *
     * @param file the file to read
     * @param displayName how messages name the file, e.g. the path as the user wrote it
     * @throws XlCfgException if the file cannot be read or at the first syntax error
     */
    public static XlConfig parse(Path file, String displayName) throws XlCfgException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new XlCfgException(XlCfgLocation.wholeSource(displayName), "no such file");
        } catch (IOException e) {
            throw new XlCfgException(XlCfgLocation.wholeSource(displayName), "cannot read: " + e.getMessage());
        }
        return parse(text, XlCfgSource.file(displayName));
    }

    private XlConfig file() throws XlCfgException {
        LinkedHashMap<String, XlSetting> settings = new LinkedHashMap<>();
        advance();
        while (token.kind() != Kind.END) {
            if (token.kind() == Kind.NEWLINE || token.kind() == Kind.SEMICOLON) {
                advance();
                continue;
            }
            XlSetting setting = assignment(settings);
            settings.remove(setting.key());
            settings.put(setting.key(), setting);
            if (token.kind() == Kind.NEWLINE || token.kind() == Kind.SEMICOLON) {
                advance();
            } else if (token.kind() != Kind.END) {
                throw error("expected the end of the line or ';' after the value of '" + setting.key() + "', found "
                        + token.describe());
            }
        }
        return new XlConfig(source, new ArrayList<>(settings.values()));
    }

    private XlSetting assignment(LinkedHashMap<String, XlSetting> earlier) throws XlCfgException {
        if (token.kind() != Kind.IDENT) {
            throw error("expected a key (a setting is key = value), found " + token.describe());
        }
        XlCfgToken key = token;
        advance();
        boolean append;
        if (token.kind() == Kind.ASSIGN) {
            append = false;
        } else if (token.kind() == Kind.APPEND) {
            append = true;
        } else {
            throw error("expected '=' or '+=' after '" + key.text() + "', found " + token.describe());
        }
        String operator = token.text();
        advance();
        XlValue value = value("after '" + operator + "'");
        XlSetting previous = earlier.get(key.text());
        if (append && previous != null) {
            value = join(key.text(), previous, value);
        }
        return new XlSetting(key.text(), value, append, key.location());
    }

    private static XlValue join(String key, XlSetting previous, XlValue added) throws XlCfgException {
        XlValue before = previous.value();
        if (before instanceof XlAtom a && added instanceof XlAtom b) {
            return XlAtom.string(a.text() + b.text(), b.location());
        }
        if (before instanceof XlList a && added instanceof XlList b) {
            List<XlValue> joined = new ArrayList<>(a.elements());
            joined.addAll(b.elements());
            return new XlList(joined, b.location());
        }
        throw new XlCfgException(
                added.location(),
                "can't add " + added.kindDescription() + " to " + before.kindDescription() + " with +=: '" + key
                        + "' was set to " + before.kindDescription() + " at line "
                        + previous.location().line());
    }

    /** A value; {@code context} says where it is expected, for the message when it is missing. */
    private XlValue value(String context) throws XlCfgException {
        XlCfgToken at = token;
        switch (at.kind()) {
            case STRING -> {
                advance();
                return XlAtom.string(at.text(), at.location());
            }
            case NUMBER -> {
                advance();
                return new XlAtom(at.text(), XlAtom.Kind.NUMBER, at.location());
            }
            case OPEN -> {
                return list();
            }
            case IDENT ->
                throw error("expected a value " + context + ", found bare word '" + at.text()
                        + "' (strings need quotes: \"" + at.text() + "\")");
            case NEWLINE, END, SEMICOLON -> throw error("expected a value " + context);
            default -> throw error("expected a value " + context + ", found " + at.describe());
        }
    }

    private XlList list() throws XlCfgException {
        XlCfgLocation open = token.location();
        advance();
        skipNewlines();
        List<XlValue> elements = new ArrayList<>();
        if (token.kind() == Kind.CLOSE) {
            advance();
            return new XlList(elements, open);
        }
        while (true) {
            if (token.kind() == Kind.END) {
                throw unclosed(open);
            }
            elements.add(value(elements.isEmpty() ? "after '['" : "after ','"));
            skipNewlines();
            if (token.kind() == Kind.CLOSE) {
                advance();
                return new XlList(elements, open);
            }
            if (token.kind() == Kind.END) {
                throw unclosed(open);
            }
            if (token.kind() != Kind.COMMA) {
                throw error("expected ',' or ']' after a list element, found " + token.describe());
            }
            advance();
            skipNewlines();
            if (token.kind() == Kind.CLOSE) {
                advance();
                return new XlList(elements, open);
            }
        }
    }

    private XlCfgException unclosed(XlCfgLocation open) {
        return error("the list opened with '[' at line " + open.line() + ", column " + open.column()
                + " is not closed with ']'");
    }

    private void skipNewlines() throws XlCfgException {
        while (token.kind() == Kind.NEWLINE) {
            advance();
        }
    }

    private void advance() throws XlCfgException {
        token = lexer.next();
    }

    private XlCfgException error(String problem) {
        return new XlCfgException(token.location(), problem);
    }
}
