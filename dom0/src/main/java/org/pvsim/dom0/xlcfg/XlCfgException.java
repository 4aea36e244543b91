package org.pvsim.dom0.xlcfg;

/**
 * An xl.cfg text that cannot be used: a syntax error, or a setting whose value pvsim refuses. The message is
 * {@code location: problem}, for example {@code web.cfg:3:10: expected a value after '='}, and is meant for the user
 * as it stands.
 */
public final class XlCfgException extends Exception {

    private final XlCfgLocation location;
    private final String problem;

    /**
     * @param location where the problem is
     * @param problem what is wrong, without the location
     */
    public XlCfgException(XlCfgLocation location, String problem) {
        super(location + ": " + problem);
        this.location = location;
        this.problem = problem;
    }

    /** Where the problem is. */
    public XlCfgLocation location() {
        return location;
    }

    /** What is wrong, without the location. */
    public String problem() {
        return problem;
    }
}
