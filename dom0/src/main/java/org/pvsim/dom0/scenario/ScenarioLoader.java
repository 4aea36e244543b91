package org.pvsim.dom0.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Finds, reads and checks scenarios. A scenario argument names a file if such a file exists, else a built-in
 * scenario ({@link BuiltinScenarios}); anything else is an error that lists the built-in names.
 */
public final class ScenarioLoader {

    private final WorkloadCatalog catalog;
    private final XlLineParser xlParser;

    /**
     * A loader that refuses scenarios with {@code actions:} ({@link XlLineParser#NONE}).
     *
     * @param catalog the workloads domains may run
     */
    public ScenarioLoader(WorkloadCatalog catalog) {
        this(catalog, XlLineParser.NONE);
    }

    /**
     * @param catalog the workloads domains may run
     * @param xlParser reads the xl commands of {@code actions:}
     */
    public ScenarioLoader(WorkloadCatalog catalog, XlLineParser xlParser) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.xlParser = Objects.requireNonNull(xlParser, "xlParser");
    }

    /**
     * Loads the scenario {@code argument} names: a file if one exists at that path, else the built-in of that name.
     *
     * @throws ScenarioException if there is neither, or the scenario is not valid
     */
    public ResolvedScenario load(String argument) throws ScenarioException {
        Path path = null;
        try {
            path = Path.of(argument);
        } catch (InvalidPathException e) {
            // not a usable path: it can still be a built-in name
        }
        if (path != null && Files.exists(path)) {
            return loadFile(path);
        }
        if (BuiltinScenarios.exists(argument)) {
            return loadBuiltin(argument);
        }
        throw new ScenarioException("no scenario file \"" + argument + "\" and no built-in scenario of that name"
                + " (built-in scenarios: " + String.join(", ", BuiltinScenarios.names()) + ")");
    }

    /**
     * Loads a scenario file; xl.cfg files it names are looked up next to it.
     *
     * @param file the file, as the user named it (messages show it so)
     */
    public ResolvedScenario loadFile(Path file) throws ScenarioException {
        if (Files.isDirectory(file)) {
            throw new ScenarioException(file + ": is a folder, not a scenario file");
        }
        ScenarioSource source = new ScenarioSource.FileSource(file);
        String text;
        try {
            text = source.text();
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such file");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot read: " + e.getMessage());
        }
        return ScenarioReader.read(source, text, catalog, xlParser);
    }

    /**
     * Loads a built-in scenario.
     *
     * @throws ScenarioException if there is no built-in of that name, or it is not valid for this catalog
     */
    public ResolvedScenario loadBuiltin(String name) throws ScenarioException {
        if (!BuiltinScenarios.exists(name)) {
            throw new ScenarioException("no built-in scenario \"" + name + "\" (built-in scenarios: "
                    + String.join(", ", BuiltinScenarios.names()) + ")");
        }
        ScenarioSource source = new ScenarioSource.BuiltinSource(name);
        try {
            return ScenarioReader.read(source, source.text(), catalog, xlParser);
        } catch (IOException e) {
            throw new ScenarioException(source.displayName() + ": cannot read: " + e.getMessage());
        }
    }
}
