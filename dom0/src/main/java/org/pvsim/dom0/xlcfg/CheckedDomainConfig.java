package org.pvsim.dom0.xlcfg;

import java.util.List;
import java.util.Objects;

/**
 * A valid domain configuration and what the user should be told about it.
 *
 * @param config the typed configuration
 * @param warnings pending and unknown keys and other notes, in the order of the file (unmodifiable)
 */
public record CheckedDomainConfig(DomainConfig config, List<XlCfgWarning> warnings) {

    /** Copies the warnings into an unmodifiable list. */
    public CheckedDomainConfig {
        Objects.requireNonNull(config, "config");
        warnings = List.copyOf(warnings);
    }
}
