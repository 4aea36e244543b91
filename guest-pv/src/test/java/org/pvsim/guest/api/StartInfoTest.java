package org.pvsim.guest.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.hypervisor.abi.StartInfoFlags;
import org.pvsim.hypervisor.abi.StartOfDayLayout;

class StartInfoTest {
    @Test
    void decodesThePageTheDomainBuildersWrite() {
        StartOfDayLayout layout = StartOfDayLayout.plan(1024, true);
        long[] mfns = new long[1024];
        for (int i = 0; i < mfns.length; i++) {
            mfns[i] = 5000 + i;
        }
        byte[] page = layout.startInfoPage(mfns, 0x123000, 0, 0, 0, "workload=memory max=8");
        StartInfo si = StartInfo.decode(page);
        assertThat(si.hasValidMagic()).isTrue();
        assertThat(si.nrPages()).isEqualTo(1024);
        assertThat(si.sharedInfo()).isEqualTo(0x123000);
        assertThat(si.storeMfn()).isEqualTo(mfns[(int) layout.storePfn()]);
        assertThat(si.consoleMfn()).isEqualTo(mfns[(int) layout.consolePfn()]);
        assertThat(si.ptBase()).isEqualTo(StartOfDayLayout.va(layout.l4Pfn()));
        assertThat(si.nrPtFrames()).isEqualTo(layout.nrPtFrames());
        assertThat(si.mfnList()).isEqualTo(StartOfDayLayout.va(layout.p2mPfn()));
        assertThat(si.cmdLine()).isEqualTo("workload=memory max=8");
        assertThat(si.isPrivileged()).isFalse();
    }

    @Test
    void flagsSayWhetherTheDomainIsPrivilegedAndInitial() {
        StartOfDayLayout layout = StartOfDayLayout.plan(512, false);
        byte[] page = layout.startInfoPage(
                new long[512], 0, StartInfoFlags.SIF_PRIVILEGED | StartInfoFlags.SIF_INITDOMAIN, 0, 0, "");
        StartInfo si = StartInfo.decode(page);
        assertThat(si.isPrivileged()).isTrue();
        assertThat(si.isInitialDomain()).isTrue();
        assertThat(si.cmdLine()).isEmpty();
    }

    @Test
    void aPageWithoutTheMagicIsNotAPvStartInfo() {
        assertThat(StartInfo.decode(new byte[4096]).hasValidMagic()).isFalse();
    }
}
