package org.pvsim.dom0.xlcfg;

import java.util.Arrays;
import java.util.Optional;

/**
 * xl.cfg keys that pvsim parses and checks but does not simulate yet. Each is kept in {@link DomainConfig#pending()}
 * and produces the warning "accepted but not yet simulated", so that a real xl.cfg file runs today and means the
 * same thing once the feature arrives.
 */
public enum PendingKey {
    /** Hard vCPU affinity: a CPU list ({@code "0-3,^1"}) or one list per vCPU. */
    CPUS("cpus", "vCPU hard affinity"),
    /** Soft vCPU affinity, same syntax as {@code cpus}. */
    CPUS_SOFT("cpus_soft", "vCPU soft affinity"),
    /** Credit and credit2 weight, 1..65535 (xl default 256). */
    CPU_WEIGHT("cpu_weight", "credit/credit2 weight"),
    /** Credit and credit2 cap in percent of one pCPU, 0 = no cap. */
    CAP("cap", "credit/credit2 cap"),
    /** The CPU pool to run in. */
    POOL("pool", "CPU pools"),
    /** Virtual network interfaces, a list of {@code key=value,...} specifications. */
    VIF("vif", "network devices"),
    /** Virtual block devices, a list of disk specifications. */
    DISK("disk", "block devices"),
    /** Scheduling period (RTDS and other schedulers' parameters, {@code sched_params.period}). */
    PERIOD("period", "scheduler parameters"),
    /** Scheduling slice (RTDS and other schedulers' parameters, {@code sched_params.slice}). */
    SLICE("slice", "scheduler parameters"),
    /** Scheduling latency ({@code sched_params.latency}). */
    LATENCY("latency", "scheduler parameters"),
    /** Whether a vCPU may run beyond its budget (RTDS {@code sched_params.extratime}). */
    EXTRATIME("extratime", "scheduler parameters");

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
