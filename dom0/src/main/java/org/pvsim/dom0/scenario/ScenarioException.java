package org.pvsim.dom0.scenario;

/**
 * A scenario that cannot be used: a YAML error, an unknown key, a value of the wrong type or out of range, or a
 * missing or broken xl.cfg file. The message names the file, the line and column where known, and the problem, e.g.
 * {@code demo.yaml:7:11: duration: "5 parsecs" is not a duration (use ns, us, ms or s)}; it is meant for the user as
 * it stands.
 */
public final class ScenarioException extends Exception {

    /** @param message the full message, starting with the location */
    public ScenarioException(String message) {
        super(message);
    }

    /** @param source the file's display name @param position where in it @param problem what is wrong */
    public ScenarioException(String source, YamlPosition position, String problem) {
        super(position.in(source) + ": " + problem);
    }
}
