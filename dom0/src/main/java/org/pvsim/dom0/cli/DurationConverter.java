package org.pvsim.dom0.cli;

import org.pvsim.dom0.scenario.VirtualDuration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --duration} as scenarios write durations ({@link VirtualDuration}), giving nanoseconds. */
final class DurationConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        try {
            return VirtualDuration.parseNs(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
