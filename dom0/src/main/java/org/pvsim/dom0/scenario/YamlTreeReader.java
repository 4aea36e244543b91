package org.pvsim.dom0.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Reads YAML text into a {@link YamlNode} tree with positions, through Jackson's streaming YAML parser (which reports
 * each token's line and column). A repeated key is an error (YAML forbids it; Jackson would silently keep the last),
 * as is a second document. An empty document reads as an empty mapping.
 */
final class YamlTreeReader {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final String source;
    private final JsonParser parser;

    private YamlTreeReader(String source, JsonParser parser) {
        this.source = source;
        this.parser = parser;
    }

    /**
     * Reads {@code text}.
     *
     * @param text the YAML text
     * @param source the file's display name for messages
     * @throws ScenarioException on a YAML syntax error, a repeated key or a second document
     */
    static YamlNode read(String text, String source) throws ScenarioException {
        try (JsonParser parser = YAML.createParser(text)) {
            YamlTreeReader reader = new YamlTreeReader(source, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new YamlNode.Mapping(new LinkedHashMap<>(), YamlPosition.WHOLE_FILE);
            }
            YamlNode root = reader.node(first);
            if (parser.nextToken() != null) {
                throw new ScenarioException(
                        source, reader.position(), "a scenario file holds one YAML document; remove the second");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw syntaxError(source, e);
        } catch (IOException e) {
            throw new ScenarioException(source + ": cannot read: " + e.getMessage());
        }
    }

    private YamlNode node(JsonToken token) throws IOException, ScenarioException {
        YamlPosition at = position();
        switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, YamlNode.Entry> entries = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String key = parser.currentName();
                    YamlPosition keyAt = position();
                    YamlNode value = node(parser.nextToken());
                    YamlNode.Entry earlier = entries.putIfAbsent(key, new YamlNode.Entry(keyAt, value));
                    if (earlier != null) {
                        throw new ScenarioException(
                                source,
                                keyAt,
                                "duplicate key '" + key + "' (first at line "
                                        + earlier.keyPosition().line() + ")");
                    }
                }
                return new YamlNode.Mapping(entries, at);
            }
            case START_ARRAY -> {
                List<YamlNode> elements = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    elements.add(node(t));
                }
                return new YamlNode.Sequence(elements, at);
            }
            case VALUE_STRING -> {
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.STRING, at);
            }
            case VALUE_NUMBER_INT -> {
                return new YamlNode.Scalar(parser.getBigIntegerValue().toString(), YamlNode.ScalarType.INTEGER, at);
            }
            case VALUE_NUMBER_FLOAT -> {
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.DECIMAL, at);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new YamlNode.Scalar(parser.getText(), YamlNode.ScalarType.BOOLEAN, at);
            }
            case VALUE_NULL -> {
                return new YamlNode.Scalar("", YamlNode.ScalarType.NULL, at);
            }
            default -> throw new ScenarioException(source, at, "unsupported YAML here (" + token + ")");
        }
    }

    private YamlPosition position() {
        JsonLocation location = parser.currentTokenLocation();
        return new YamlPosition(location.getLineNr(), location.getColumnNr());
    }

    /**
     * The YAML parser's error as {@code file:line:column: YAML syntax: problem (context)}, without snakeyaml's
     * multi-line dump: the position is snakeyaml's problem mark where it has one (else Jackson's location), and the
     * context (e.g. "while parsing a flow sequence") names where the construct started.
     */
    private static ScenarioException syntaxError(String source, JsonProcessingException e) {
        if (e.getCause() instanceof org.yaml.snakeyaml.error.MarkedYAMLException marked
                && marked.getProblem() != null
                && marked.getProblemMark() != null) {
            String context = "";
            if (marked.getContext() != null && marked.getContextMark() != null) {
                context = " (" + marked.getContext() + " at line "
                        + (marked.getContextMark().getLine() + 1) + ", column "
                        + (marked.getContextMark().getColumn() + 1) + ")";
            }
            YamlPosition at = new YamlPosition(
                    marked.getProblemMark().getLine() + 1,
                    marked.getProblemMark().getColumn() + 1);
            return new ScenarioException(source, at, "YAML syntax: " + firstLine(marked.getProblem()) + context);
        }
        JsonLocation location = e.getLocation();
        YamlPosition at = location == null
                ? YamlPosition.WHOLE_FILE
                : new YamlPosition(location.getLineNr(), location.getColumnNr());
        return new ScenarioException(source, at, "YAML syntax: " + firstLine(e.getOriginalMessage()));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable YAML";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
