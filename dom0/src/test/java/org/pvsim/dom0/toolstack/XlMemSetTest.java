package org.pvsim.dom0.toolstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XlMemSetTest {
    /** xl's parse_mem_size_kb: MiB without a unit; b, k, m, g, t in either case; anything else refused. */
    @Test
    void sizesAreReadAsXlReadsThem() {
        assertThat(XlMemSet.parseMemSizeKb("32")).isEqualTo(32 * 1024);
        assertThat(XlMemSet.parseMemSizeKb("32m")).isEqualTo(32 * 1024);
        assertThat(XlMemSet.parseMemSizeKb("2G")).isEqualTo(2 * 1024 * 1024);
        assertThat(XlMemSet.parseMemSizeKb("1t")).isEqualTo(1L << 30);
        assertThat(XlMemSet.parseMemSizeKb("4096k")).isEqualTo(4096);
        assertThat(XlMemSet.parseMemSizeKb("4096b")).isEqualTo(4);
        assertThat(XlMemSet.parseMemSizeKb("12q")).isEqualTo(-1);
        assertThat(XlMemSet.parseMemSizeKb("12mb")).isEqualTo(-1);
        assertThat(XlMemSet.parseMemSizeKb("")).isEqualTo(-1);
        assertThat(XlMemSet.parseMemSizeKb("m")).isEqualTo(-1);
    }
}
