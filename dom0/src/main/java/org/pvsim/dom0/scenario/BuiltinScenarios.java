package org.pvsim.dom0.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The scenarios that ship with pvsim: resources {@code scenarios/NAME.yaml}, listed one name per line in
 * {@code scenarios/builtins.txt} (a jar cannot list its own folders, so the list is written down; a test checks that
 * it matches the files).
 */
public final class BuiltinScenarios {

    /** The resource folder of built-in scenarios, with its trailing slash. */
    public static final String FOLDER = "scenarios/";

    /** The resource that lists the built-in names. */
    public static final String INDEX = FOLDER + "builtins.txt";

    /** The scenario {@code pvsim run} runs without an argument. */
    public static final String DEFAULT = "default";

    private BuiltinScenarios() {}

    /** The built-in names, in the index's order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    /** Whether a built-in scenario is called {@code name}. */
    public static boolean exists(String name) {
        return names().contains(name);
    }

    /**
     * Every built-in with its description, read from each file's {@code description:} key (without checking the rest
     * of the file, so listing needs no engine).
     */
    public static List<BuiltinScenario> list() {
        List<BuiltinScenario> list = new ArrayList<>();
        for (String name : names()) {
            list.add(new BuiltinScenario(name, description(name)));
        }
        return list;
    }

    private static String description(String name) {
        ScenarioSource source = new ScenarioSource.BuiltinSource(name);
        try {
            YamlNode root = YamlTreeReader.read(source.text(), source.displayName());
            if (root instanceof YamlNode.Mapping mapping
                    && mapping.entries().get("description") != null
                    && mapping.entries().get("description").value() instanceof YamlNode.Scalar scalar) {
                return scalar.text();
            }
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException("built-in scenario " + name + " is listed but missing", e);
        } catch (ScenarioException e) {
            throw new IllegalStateException("built-in scenario " + name + " is broken: " + e.getMessage(), e);
        }
    }

    private static String resource(String path) {
        try (InputStream in = BuiltinScenarios.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("resource " + path + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
