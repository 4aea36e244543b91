package org.pvsim.hypervisor.device;

/**
 * A device of the machine that decodes a range of I/O ports. Offsets are from the device's first port. A read never
 * raises an interrupt (the journal writes a read's value before anything it causes); a write may.
 */
public interface PortDevice {
    /** The value of an {@code in} of {@code size} bytes at {@code offset}, zero-extended. */
    int in(int offset, int size, long now);

    /** An {@code out} of the low {@code size} bytes of {@code value} at {@code offset}. */
    void out(int offset, int size, int value, long now);
}
