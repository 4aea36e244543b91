package org.pvsim.dom0.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a scenario's text comes from, and where the xl.cfg files it names ({@code file:}) are looked up: next to a
 * scenario file, or among the built-in resources for a built-in scenario.
 */
sealed interface ScenarioSource {

    /** How messages name the scenario, e.g. {@code examples/demo.yaml} or {@code scenarios/default.yaml}. */
    String displayName();

    /** The scenario's name when it sets none: the file name without its extension. */
    String defaultName();

    /** The scenario's text. */
    String text() throws IOException;

    /** How messages name a file given relative to the scenario. */
    String displayNameOf(String relative);

    /** The text of a file given relative to the scenario; {@link NoSuchFileException} if there is none. */
    String read(String relative) throws IOException;

    /**
     * A scenario file.
     *
     * @param path the path as the user gave it
     */
    record FileSource(Path path) implements ScenarioSource {

        @Override
        public String displayName() {
            return path.toString();
        }

        @Override
        public String defaultName() {
            String file = path.getFileName().toString();
            int dot = file.lastIndexOf('.');
            return dot > 0 ? file.substring(0, dot) : file;
        }

        @Override
        public String text() throws IOException {
            return Files.readString(path, StandardCharsets.UTF_8);
        }

        @Override
        public String displayNameOf(String relative) {
            return resolve(relative).toString();
        }

        @Override
        public String read(String relative) throws IOException {
            return Files.readString(resolve(relative), StandardCharsets.UTF_8);
        }

        private Path resolve(String relative) {
            return path.resolveSibling(relative).normalize();
        }
    }

    /**
     * A built-in scenario: the resource {@code scenarios/NAME.yaml}; files it names are resources under
     * {@code scenarios/}.
     *
     * @param name the built-in's name
     */
    record BuiltinSource(String name) implements ScenarioSource {

        @Override
        public String displayName() {
            return BuiltinScenarios.FOLDER + name + ".yaml";
        }

        @Override
        public String defaultName() {
            return name;
        }

        @Override
        public String text() throws IOException {
            return resource(displayName());
        }

        @Override
        public String displayNameOf(String relative) {
            return Path.of(BuiltinScenarios.FOLDER)
                    .resolve(relative)
                    .normalize()
                    .toString()
                    .replace('\\', '/');
        }

        @Override
        public String read(String relative) throws IOException {
            return resource(displayNameOf(relative));
        }

        private static String resource(String path) throws IOException {
            try (InputStream in = BuiltinSource.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new NoSuchFileException(path);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
