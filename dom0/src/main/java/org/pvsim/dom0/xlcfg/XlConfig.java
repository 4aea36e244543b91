package org.pvsim.dom0.xlcfg;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * The settings of one xl.cfg text: for each key, the effective (last) setting.
 *
 * <p>A key set twice keeps the later value, as in libxlu (whose lookup finds the most recent setting). Settings are
 * kept in the order of their effective assignment, so printing a configuration is deterministic.
 */
public final class XlConfig {

    private final XlCfgSource source;
    private final LinkedHashMap<String, XlSetting> settings;

    /**
     * @param source where the text came from
     * @param settings the effective settings in order; a key must not repeat
     */
    public XlConfig(XlCfgSource source, List<XlSetting> settings) {
        this.source = source;
        this.settings = new LinkedHashMap<>();
        for (XlSetting setting : settings) {
            if (this.settings.putIfAbsent(setting.key(), setting) != null) {
                throw new IllegalArgumentException("key repeats: " + setting.key());
            }
        }
    }

    /** Where the text came from. */
    public XlCfgSource source() {
        return source;
    }

    /** The effective setting of {@code key}, if the key is set. */
    public Optional<XlSetting> get(String key) {
        return Optional.ofNullable(settings.get(key));
    }

    /** Every effective setting, in order of assignment. */
    public List<XlSetting> settings() {
        return Collections.unmodifiableList(new ArrayList<>(settings.values()));
    }

    /** The keys that are set, in order of assignment. */
    public List<String> keys() {
        return List.copyOf(settings.keySet());
    }
}
