package org.pvsim.dom0.xlcfg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiskSpecTest {

    /** xl-disk-configuration(5)'s two groups of equivalent specifications. */
    @Test
    void theManPagesEquivalentFormsAreEqual() {
        List<DiskSpec> volume = List.of(
                DiskSpec.parse("/dev/vg/guest-volume,,hda"),
                DiskSpec.parse("/dev/vg/guest-volume,raw,hda,rw"),
                DiskSpec.parse("format=raw, vdev=hda, access=rw, target=/dev/vg/guest-volume"),
                DiskSpec.parse("raw:/dev/vg/guest-volume,hda,w"));
        assertThat(volume).allSatisfy(d -> assertThat(d).isEqualTo(volume.get(0)));
        assertThat(volume.get(0).target()).isEqualTo("/dev/vg/guest-volume");
        assertThat(volume.get(0).readonly()).isFalse();
        List<DiskSpec> cdrom = List.of(
                DiskSpec.parse("/root/image.iso,,hdc,cdrom"),
                DiskSpec.parse("/root/image.iso,,hdc,,cdrom"),
                DiskSpec.parse("/root/image.iso,raw,hdc,devtype=cdrom"),
                DiskSpec.parse("format=raw, vdev=hdc, access=ro, devtype=cdrom, target=/root/image.iso"),
                DiskSpec.parse("raw:/root/image.iso,hdc:cdrom,ro"));
        assertThat(cdrom).allSatisfy(d -> assertThat(d).isEqualTo(cdrom.get(0)));
        assertThat(cdrom.get(0).cdrom()).isTrue();
        assertThat(cdrom.get(0).readonly()).isTrue();
    }

    @Test
    void targetTakesTheRestOfTheString() {
        DiskSpec d = DiskSpec.parse("vdev=xvdb,target=/images/a,b.img");
        assertThat(d.target()).isEqualTo("/images/a,b.img");
        assertThat(d.vdev()).isEqualTo("xvdb");
    }

    @Test
    void anEmptyCdromDriveNeedsNoTarget() {
        assertThat(DiskSpec.parse(",,hdc,cdrom").target()).isEmpty();
    }

    @Test
    void refusesBadParameters() {
        assertThatThrownBy(() -> DiskSpec.parse("/img,vmdk,xvda")).hasMessageStartingWith("format `vmdk'");
        assertThatThrownBy(() -> DiskSpec.parse("/img,raw")).hasMessageStartingWith("no vdev specified");
        assertThatThrownBy(() -> DiskSpec.parse("/img,raw,xvda,rx"))
                .hasMessage("access `rx' is not one of r, ro, w, rw");
        assertThatThrownBy(() -> DiskSpec.parse(",raw,xvda")).hasMessageStartingWith("no target specified");
        assertThatThrownBy(() -> DiskSpec.parse("/img,raw,xvda,rw,extra"))
                .hasMessageStartingWith("too many positional");
        assertThatThrownBy(() -> DiskSpec.parse("vdev=xvda,vdev=xvdb,target=/i"))
                .hasMessage("vdev specified twice");
        assertThatThrownBy(() -> DiskSpec.parse("/i,,xvda,devtype=floppy")).hasMessageStartingWith("devtype `floppy'");
        assertThatThrownBy(() -> DiskSpec.parse("/i,,xvda,backendtype=nbd"))
                .hasMessageStartingWith("backendtype `nbd'");
        assertThatThrownBy(() -> DiskSpec.parse("/i,,xvda,colour=red")).hasMessage("unknown parameter `colour'");
    }
}
