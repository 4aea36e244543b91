package org.pvsim.hypervisor.abi;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads and writes x86 (little-endian) scalars in byte arrays: the one way pvsim encodes Xen's structures, on both
 * sides of the ABI. Allocates nothing.
 */
public final class LittleEndian {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private LittleEndian() {}

    public static int getU8(byte[] b, int off) {
        return b[off] & 0xFF;
    }

    public static int getU16(byte[] b, int off) {
        return (short) I16.get(b, off) & 0xFFFF;
    }

    public static int getI32(byte[] b, int off) {
        return (int) I32.get(b, off);
    }

    public static long getU32(byte[] b, int off) {
        return getI32(b, off) & 0xFFFF_FFFFL;
    }

    public static long getI64(byte[] b, int off) {
        return (long) I64.get(b, off);
    }

    public static void putU8(byte[] b, int off, int v) {
        b[off] = (byte) v;
    }

    public static void putU16(byte[] b, int off, int v) {
        I16.set(b, off, (short) v);
    }

    public static void putI32(byte[] b, int off, int v) {
        I32.set(b, off, v);
    }

    public static void putI64(byte[] b, int off, long v) {
        I64.set(b, off, v);
    }
}
