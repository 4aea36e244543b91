package org.pvsim.dom0.xlcfg;

/**
 * Something in an xl.cfg file that pvsim accepts but the user should know about: a key that is parsed but not yet
 * simulated, or a key pvsim does not know. Returned to the caller; never printed by this package.
 *
 * @param location the setting's location
 * @param message what to know, without the location
 */
public record XlCfgWarning(XlCfgLocation location, String message) {

    /** {@code location: warning: message}. */
    @Override
    public String toString() {
        return location + ": warning: " + message;
    }
}
