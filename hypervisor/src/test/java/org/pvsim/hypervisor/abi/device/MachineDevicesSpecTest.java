package org.pvsim.hypervisor.abi.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The boot parameters' form of the machine's devices. */
class MachineDevicesSpecTest {
    @Test
    void theCanonicalFormRoundTripsAndEmptyIsTheDefault() {
        MachineDevicesSpec s = new MachineDevicesSpec(DiskSpec.hdd(1 << 20), new NicSpec(1000, 300, 50_000));
        assertThat(MachineDevicesSpec.parse(s.toString())).isEqualTo(s);
        assertThat(MachineDevicesSpec.parse("")).isEqualTo(MachineDevicesSpec.DEFAULT);
        assertThat(MachineDevicesSpec.DEFAULT.toString())
                .isEqualTo("disk:preset=nvme,sectors=2097152,latency=80000,access=0,bandwidth=2000000000,queue=64,"
                        + "serial=false;nic:rate=10000,frame=100,latency=2000");
    }

    @Test
    void aBadFormNamesWhatIsWrong() {
        assertThatThrownBy(() -> MachineDevicesSpec.parse("tape:x=1")).hasMessageContaining("unknown machine device");
        assertThatThrownBy(() -> MachineDevicesSpec.parse("nic:rate=10000,frame=1"))
                .hasMessageContaining("'latency' is missing");
        assertThatThrownBy(() -> MachineDevicesSpec.parse("nic:rate=fast,frame=1,latency=1"))
                .hasMessageContaining("rate=fast");
        assertThatThrownBy(() -> MachineDevicesSpec.parse("nic:rate=0,frame=1,latency=1"))
                .hasMessageContaining("rate > 0");
        assertThat(DiskSpec.preset("tape", 1)).isNull();
    }
}
