package org.pvsim.hypervisor.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SysctlCmdTest {

    @Test
    void numbersMatchSysctlHeader() {
        assertThat(SysctlCmd.XEN_SYSCTL_readconsole.code).isEqualTo(1);
        assertThat(SysctlCmd.XEN_SYSCTL_physinfo.code).isEqualTo(3);
        assertThat(SysctlCmd.XEN_SYSCTL_getdomaininfolist.code).isEqualTo(6);
        assertThat(SysctlCmd.XEN_SYSCTL_get_cpu_policy.code).isEqualTo(29);
        assertThat(SysctlCmd.XEN_SYSCTL_dt_overlay.code).isEqualTo(30);
    }

    @Test
    void number30IsDtOverlayNotSetParameter() {
        assertThat(SysctlCmd.ofCode(30)).isEqualTo(SysctlCmd.XEN_SYSCTL_dt_overlay);
    }

    @Test
    @SuppressWarnings("deprecation")
    void removedCommandsAreNotDefinedAndNotFoundByNumber() {
        assertThat(SysctlCmd.XEN_SYSCTL_set_parameter.code).isEqualTo(28);
        assertThat(SysctlCmd.XEN_SYSCTL_set_parameter.isDefined()).isFalse();
        assertThat(SysctlCmd.XEN_SYSCTL_get_cpu_levelling_caps.isDefined()).isFalse();
        assertThat(SysctlCmd.XEN_SYSCTL_get_cpu_state.isDefined()).isFalse();
        assertThat(SysctlCmd.ofCode(25)).isNull();
        assertThat(SysctlCmd.ofCode(28)).isNull();
        assertThat(SysctlCmd.ofCode(31)).isNull();
        assertThat(SysctlCmd.ofCode(24)).isNull();
    }

    @Test
    void everyDefinedCommandIsFoundByItsNumber() {
        for (SysctlCmd c : SysctlCmd.values()) {
            if (c.isDefined()) {
                assertThat(SysctlCmd.ofCode(c.code)).isEqualTo(c);
            }
        }
    }
}
