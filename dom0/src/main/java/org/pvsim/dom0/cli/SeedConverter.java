package org.pvsim.dom0.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --seed}: a whole number from 0 to 2^63-1, as scenarios' {@code seed:}. */
final class SeedConverter implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        long seed;
        try {
            seed = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("\"" + text + "\" is not a whole number from 0 to 9223372036854775807");
        }
        if (seed < 0) {
            throw new TypeConversionException("the seed must be 0 or more (is " + seed + ")");
        }
        return seed;
    }
}
