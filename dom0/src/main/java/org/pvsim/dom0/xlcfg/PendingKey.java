package org.pvsim.dom0.xlcfg;

import java.util.Arrays;
import java.util.Optional;

/**
 * xl.cfg keys that pvsim parses and checks but does not simulate yet. Each is kept in {@link DomainConfig#pending()}
 * and produces the warning "accepted but not yet simulated", so that a real xl.cfg file runs today and means the
 * same thing once the feature arrives.
 */
public enum PendingKey {
    /** The CPU pool to run in. */
    POOL("pool", "CPU pools"),
    /** Virtual network interfaces, a list of {@code key=value,...} specifications. */
    VIF("vif", "network devices"),
    /** Virtual block devices, a list of disk specifications. */
    DISK("disk", "block devices");

    private final String key;
    private final String feature;

    PendingKey(String key, String feature) {
        this.key = key;
        this.feature = feature;
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
