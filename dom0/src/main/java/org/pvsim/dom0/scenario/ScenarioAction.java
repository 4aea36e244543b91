package org.pvsim.dom0.scenario;

import java.util.Objects;
import org.pvsim.dom0.toolstack.XlCommand;

/**
 * One element of a scenario's {@code actions:} list: an xl command typed in dom0 at a virtual time. During a run
 * dom0's toolstack runs it once its clock reaches {@link #atNs()}, after the domains' creations and the actions
 * before it, exactly as {@code pvsim xl ... --at} and {@code pvsim shell} run xl commands.
 *
 * @param atNs when it is typed, in ns from the start of the run (0 or more, at most the scenario's duration when read
 *     from a file)
 * @param xl the command as written, without the leading {@code xl} ({@code "destroy web"}); written back as is
 * @param command the command as xl's parser read it (the same picocli classes as {@code pvsim xl})
 */
public record ScenarioAction(long atNs, String xl, XlCommand command) {
    /** Checks the components. */
    public ScenarioAction {
        Objects.requireNonNull(xl, "xl");
        Objects.requireNonNull(command, "command");
        if (atNs < 0) {
            throw new IllegalArgumentException("an action's time must be 0 or more: " + atNs);
        }
    }
}
