package org.pvsim.dom0.xlcfg;

import java.util.Objects;

/**
 * One effective {@code KEY = VALUE} setting of an xl.cfg file.
 *
 * <p>{@code appended} is true when the setting was made with {@code +=}. As in libxlu, {@code +=} onto an earlier
 * setting of the same key joins the two values (strings are concatenated, lists are joined), and the result keeps the
 * {@code +=} mark: a key that is read as a number refuses such a setting ("can't use += with numbers"), because
 * {@code memory = 1} then {@code memory += 2} means the text {@code "12"}.
 *
 * @param key the key, {@code [a-z][._0-9a-z]*}
 * @param value the value (after any {@code +=} joining)
 * @param appended whether the last assignment to the key used {@code +=}
 * @param location where the key of the last assignment is
 */
public record XlSetting(String key, XlValue value, boolean appended, XlCfgLocation location) {

    /** Checks that no component is null. */
    public XlSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }
}
