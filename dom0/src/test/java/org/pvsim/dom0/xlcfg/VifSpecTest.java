package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VifSpecTest {

    @Test
    void emptyIsEveryDefault() {
        VifSpec v = VifSpec.parse("");
        assertThat(v.mac()).isEmpty();
        assertThat(v.bridge()).isEqualTo("xenbr0");
        assertThat(v.type()).isEqualTo("vif");
        assertThat(v.devid()).isEmpty();
    }

    @Test
    void readsEverySettingXlKnows() {
        VifSpec v = VifSpec.parse("mac=00:16:3E:1:2:3, bridge=br1,ip=10.0.0.2,script=vif-route,backend=drv,"
                + "vifname=web0,model=e1000,gatewaydev=eth0,rate=10MB/s@20ms,mtu=9000,devid=4,type=ioemu,vlan=7,"
                + "untrusted");
        assertThat(v.mac()).contains("00:16:3e:01:02:03");
        assertThat(v.bridge()).isEqualTo("br1");
        assertThat(v.ip()).contains("10.0.0.2");
        assertThat(v.script()).contains("vif-route");
        assertThat(v.backend()).contains("drv");
        assertThat(v.vifname()).contains("web0");
        assertThat(v.model()).contains("e1000");
        assertThat(v.gatewaydev()).contains("eth0");
        assertThat(v.rate()).contains("10MB/s@20ms");
        assertThat(v.mtu()).hasValue(9000);
        assertThat(v.devid()).hasValue(4);
        assertThat(v.type()).isEqualTo("ioemu");
        assertThat(v.vlan()).contains("7");
        assertThat(v.trusted()).contains(false);
    }

    @Test
    void aLaterSettingWins() {
        assertThat(VifSpec.parse("bridge=a,bridge=b").bridge()).isEqualTo("b");
    }

    @Test
    void refusesWhatXlRefuses() {
        assertThatThrownBy(() -> VifSpec.parse("mac=00:16:3e:00:00")).hasMessage("Invalid parameter `mac'.");
        assertThatThrownBy(() -> VifSpec.parse("mac=00:16:3e:00:00:100")).hasMessage("Invalid parameter `mac'.");
        assertThatThrownBy(() -> VifSpec.parse("type=e1000")).hasMessage("Invalid parameter `type'.");
        assertThatThrownBy(() -> VifSpec.parse("speed=10")).hasMessage("unrecognized argument `speed=10'");
        assertThatThrownBy(() -> VifSpec.parse("bridge=a,,mtu=1")).hasMessage("unrecognized argument `'");
        assertThatThrownBy(() -> VifSpec.parse("mtu=-1")).hasMessage("Invalid parameter `mtu': \"-1\" is not a number");
        assertThatThrownBy(() -> VifSpec.parse("rate=fast")).hasMessageStartingWith("invalid rate `fast'");
    }
}
