package org.pvsim.dom0.xlcfg;

import java.util.Arrays;
import java.util.Optional;

/**
 * xl.cfg keys whose values pvsim checks with a parser of their own and keeps as written ({@link
 * DomainConfig#pending()}), to be read when the feature runs: the keys of features pvsim does not simulate yet, which
 * produce the warning "accepted but not yet simulated" (so that a real xl.cfg file runs today and means the same thing
 * once the feature arrives), and the device lists {@code vif} and {@code disk}, simulated since the split drivers,
 * which produce none.
 */
public enum PendingKey {
    /** The CPU pool to run in. */
    POOL("pool", "CPU pools", false),
    /** Virtual network interfaces, a list of {@code key=value,...} specifications: simulated. */
    VIF("vif", "network devices", true),
    /** Virtual block devices, a list of disk specifications: simulated. */
    DISK("disk", "block devices", true);

    private final String key;
    private final String feature;
    private final boolean simulated;

    PendingKey(String key, String feature, boolean simulated) {
        this.key = key;
        this.feature = feature;
        this.simulated = simulated;
    }

    /** Whether pvsim simulates the feature (no warning), or only checks and keeps the value. */
    public boolean isSimulated() {
        return simulated;
    }

    /** The xl.cfg key. */
    public String key() {
        return key;
    }

    /** The feature the key belongs to, for the warning. */
    public String feature() {
        return feature;
    }

    /** The pending key called {@code key}, if it is one. */
    public static Optional<PendingKey> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
