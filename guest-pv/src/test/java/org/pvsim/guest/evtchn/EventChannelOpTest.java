package org.pvsim.guest.evtchn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.pvsim.evtchn.abi.EvtchnAllocUnboundDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindInterdomainDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindIpiDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVcpuDescriptor;
import org.pvsim.evtchn.abi.EvtchnBindVirqDescriptor;
import org.pvsim.evtchn.abi.EvtchnExpandArrayDescriptor;
import org.pvsim.evtchn.abi.EvtchnInitControlDescriptor;
import org.pvsim.evtchn.abi.EvtchnOp;
import org.pvsim.evtchn.abi.EvtchnPortArgDescriptor;
import org.pvsim.evtchn.abi.EvtchnResetDescriptor;
import org.pvsim.evtchn.abi.EvtchnSetPriorityDescriptor;
import org.pvsim.evtchn.abi.EvtchnStat;
import org.pvsim.evtchn.abi.EvtchnStatusDescriptor;
import org.pvsim.guest.hypercall.ArgumentArea;
import org.pvsim.guest.hypercall.FakeGuestCpu;
import org.pvsim.guest.hypercall.Hypercalls;
import org.pvsim.hypervisor.abi.CallbackOp;
import org.pvsim.hypervisor.abi.CallbackRegisterDescriptor;
import org.pvsim.hypervisor.abi.CallbackType;
import org.pvsim.hypervisor.abi.DomId;
import org.pvsim.hypervisor.abi.Errno;
import org.pvsim.hypervisor.abi.Hypercall;
import org.pvsim.hypervisor.abi.LittleEndian;
import org.pvsim.hypervisor.abi.Virq;

/**
 * Each {@code EVTCHNOP_*} wrapper puts Xen's structure in the vCPU's call page at the ABI's offsets, passes the
 * command in RDI and the structure's address in RSI of hypercall 32, and reads the OUT fields back; errors pass
 * through. The fake Xen sees the guest's memory as {@code copy_from_guest} would.
 */
class EventChannelOpTest {
    private static final long CALL_VA = FakeGuestCpu.BASE + ArgumentArea.CALL_STRUCTS_OFFSET;

    private byte[] seen;
    private long answer;
    private byte[] reply;
    private int replyOffset;
    private final FakeGuestCpu cpu = new FakeGuestCpu(0, (c, number, a1, a2, a3, a4, a5) -> {
        seen = new byte[32];
        c.read(a2, seen, 0, seen.length);
        if (reply != null) {
            c.write(a2 + replyOffset, reply, 0, reply.length);
        }
        return answer;
    });
    private final Hypercalls hc = cpu.hypercalls();

    private void replyU32(int offset, int value) {
        reply = new byte[4];
        replyOffset = offset;
        LittleEndian.putI32(reply, 0, value);
    }

    private void assertCall(EvtchnOp op) {
        FakeGuestCpu.Call call = cpu.lastCall();
        assertThat(call.number()).isEqualTo(Hypercall.event_channel_op.number);
        assertThat(call.number()).isEqualTo(32);
        assertThat(call.a1()).isEqualTo(op.code);
        assertThat(call.a2()).isEqualTo(CALL_VA);
    }

    @Test
    void allocUnboundPassesBothDomainsAndReturnsThePortXenWroteBack() {
        replyU32(EvtchnAllocUnboundDescriptor.PORT_OFFSET, 17);
        assertThat(EventChannelOp.allocUnbound(hc, DomId.DOMID_SELF, 2)).isEqualTo(17);
        assertCall(EvtchnOp.EVTCHNOP_alloc_unbound);
        assertThat(LittleEndian.getU16(seen, EvtchnAllocUnboundDescriptor.DOM_OFFSET))
                .isEqualTo(DomId.DOMID_SELF);
        assertThat(LittleEndian.getU16(seen, EvtchnAllocUnboundDescriptor.REMOTE_DOM_OFFSET))
                .isEqualTo(2);
    }

    @Test
    void anErrorIsReturnedAsIsAndNoPortIsRead() {
        answer = Errno.ENOSPC.neg();
        replyU32(EvtchnAllocUnboundDescriptor.PORT_OFFSET, 17);
        assertThat(EventChannelOp.allocUnbound(hc, DomId.DOMID_SELF, 2)).isEqualTo(Errno.ENOSPC.neg());
        answer = Errno.EINVAL.neg();
        assertThat(EventChannelOp.bindInterdomain(hc, 1, 3)).isEqualTo(Errno.EINVAL.neg());
    }

    @Test
    void bindInterdomainPassesTheRemoteEndAndReturnsTheLocalPort() {
        replyU32(EvtchnBindInterdomainDescriptor.LOCAL_PORT_OFFSET, 5);
        assertThat(EventChannelOp.bindInterdomain(hc, 1, 3)).isEqualTo(5);
        assertCall(EvtchnOp.EVTCHNOP_bind_interdomain);
        assertThat(LittleEndian.getU16(seen, EvtchnBindInterdomainDescriptor.REMOTE_DOM_OFFSET))
                .isEqualTo(1);
        assertThat(LittleEndian.getI32(seen, EvtchnBindInterdomainDescriptor.REMOTE_PORT_OFFSET))
                .isEqualTo(3);
    }

    @Test
    void bindVirqAndBindIpiNameTheVcpuAndReturnThePort() {
        replyU32(EvtchnBindVirqDescriptor.PORT_OFFSET, 9);
        assertThat(EventChannelOp.bindVirq(hc, Virq.VIRQ_TIMER.code, 3)).isEqualTo(9);
        assertCall(EvtchnOp.EVTCHNOP_bind_virq);
        assertThat(LittleEndian.getI32(seen, EvtchnBindVirqDescriptor.VIRQ_OFFSET))
                .isEqualTo(0);
        assertThat(LittleEndian.getI32(seen, EvtchnBindVirqDescriptor.VCPU_OFFSET))
                .isEqualTo(3);

        replyU32(EvtchnBindIpiDescriptor.PORT_OFFSET, 10);
        assertThat(EventChannelOp.bindIpi(hc, 1)).isEqualTo(10);
        assertCall(EvtchnOp.EVTCHNOP_bind_ipi);
        assertThat(LittleEndian.getI32(seen, EvtchnBindIpiDescriptor.VCPU_OFFSET))
                .isEqualTo(1);
    }

    @Test
    void bindVcpuPassesPortAndVcpu() {
        assertThat(EventChannelOp.bindVcpu(hc, 12, 1)).isZero();
        assertCall(EvtchnOp.EVTCHNOP_bind_vcpu);
        assertThat(LittleEndian.getI32(seen, EvtchnBindVcpuDescriptor.PORT_OFFSET))
                .isEqualTo(12);
        assertThat(LittleEndian.getI32(seen, EvtchnBindVcpuDescriptor.VCPU_OFFSET))
                .isEqualTo(1);
    }

    @Test
    void sendCloseAndUnmaskPassOnePort() {
        EventChannelOp.send(hc, 4);
        assertCall(EvtchnOp.EVTCHNOP_send);
        assertThat(LittleEndian.getI32(seen, EvtchnPortArgDescriptor.PORT_OFFSET))
                .isEqualTo(4);
        EventChannelOp.close(hc, 5);
        assertCall(EvtchnOp.EVTCHNOP_close);
        assertThat(LittleEndian.getI32(seen, EvtchnPortArgDescriptor.PORT_OFFSET))
                .isEqualTo(5);
        EventChannelOp.unmask(hc, 6);
        assertCall(EvtchnOp.EVTCHNOP_unmask);
        assertThat(LittleEndian.getI32(seen, EvtchnPortArgDescriptor.PORT_OFFSET))
                .isEqualTo(6);
    }

    @Test
    void statusDecodesEachStatesUnion() {
        reply = new byte[EvtchnStatusDescriptor.SIZE - EvtchnStatusDescriptor.STATUS_OFFSET];
        replyOffset = EvtchnStatusDescriptor.STATUS_OFFSET;
        LittleEndian.putI32(reply, 0, EvtchnStat.EVTCHNSTAT_interdomain.code);
        LittleEndian.putI32(reply, EvtchnStatusDescriptor.VCPU_OFFSET - replyOffset, 1);
        LittleEndian.putU16(reply, EvtchnStatusDescriptor.U_DOM_OFFSET - replyOffset, 2);
        LittleEndian.putI32(reply, EvtchnStatusDescriptor.U_PORT_OFFSET - replyOffset, 33);
        PortStatus s = EventChannelOp.status(hc, DomId.DOMID_SELF, 7);
        assertCall(EvtchnOp.EVTCHNOP_status);
        assertThat(LittleEndian.getU16(seen, EvtchnStatusDescriptor.DOM_OFFSET)).isEqualTo(DomId.DOMID_SELF);
        assertThat(LittleEndian.getI32(seen, EvtchnStatusDescriptor.PORT_OFFSET))
                .isEqualTo(7);
        assertThat(s).isEqualTo(new PortStatus(0, EvtchnStat.EVTCHNSTAT_interdomain, 1, 2, 33, 0));

        LittleEndian.putI32(reply, 0, EvtchnStat.EVTCHNSTAT_virq.code);
        LittleEndian.putI32(reply, EvtchnStatusDescriptor.U_IRQ_OFFSET - replyOffset, Virq.VIRQ_DEBUG.code);
        assertThat(EventChannelOp.status(hc, DomId.DOMID_SELF, 7))
                .isEqualTo(new PortStatus(0, EvtchnStat.EVTCHNSTAT_virq, 1, 0, 0, Virq.VIRQ_DEBUG.code));

        LittleEndian.putI32(reply, 0, EvtchnStat.EVTCHNSTAT_unbound.code);
        LittleEndian.putU16(reply, EvtchnStatusDescriptor.U_DOM_OFFSET - replyOffset, 0);
        assertThat(EventChannelOp.status(hc, DomId.DOMID_SELF, 7))
                .isEqualTo(new PortStatus(0, EvtchnStat.EVTCHNSTAT_unbound, 1, 0, 0, 0));

        answer = Errno.ESRCH.neg();
        PortStatus failed = EventChannelOp.status(hc, 9, 7);
        assertThat(failed.ok()).isFalse();
        assertThat(failed.rc()).isEqualTo(Errno.ESRCH.neg());
        assertThat(failed.status()).isNull();
    }

    @Test
    void initControlPassesFrameOffsetAndVcpuAndReturnsLinkBits() {
        reply = new byte[] {17};
        replyOffset = EvtchnInitControlDescriptor.LINK_BITS_OFFSET;
        assertThat(EventChannelOp.initControl(hc, 0x1234, 64, 1)).isEqualTo(17);
        assertCall(EvtchnOp.EVTCHNOP_init_control);
        assertThat(LittleEndian.getI64(seen, EvtchnInitControlDescriptor.CONTROL_GFN_OFFSET))
                .isEqualTo(0x1234);
        assertThat(LittleEndian.getI32(seen, EvtchnInitControlDescriptor.OFFSET_OFFSET))
                .isEqualTo(64);
        assertThat(LittleEndian.getI32(seen, EvtchnInitControlDescriptor.VCPU_OFFSET))
                .isEqualTo(1);
    }

    @Test
    void expandArraySetPriorityAndResetPassTheirFields() {
        EventChannelOp.expandArray(hc, 0xABCDEF);
        assertCall(EvtchnOp.EVTCHNOP_expand_array);
        assertThat(LittleEndian.getI64(seen, EvtchnExpandArrayDescriptor.ARRAY_GFN_OFFSET))
                .isEqualTo(0xABCDEF);
        EventChannelOp.setPriority(hc, 8, 3);
        assertCall(EvtchnOp.EVTCHNOP_set_priority);
        assertThat(LittleEndian.getI32(seen, EvtchnSetPriorityDescriptor.PORT_OFFSET))
                .isEqualTo(8);
        assertThat(LittleEndian.getI32(seen, EvtchnSetPriorityDescriptor.PRIORITY_OFFSET))
                .isEqualTo(3);
        EventChannelOp.reset(hc, DomId.DOMID_SELF);
        assertCall(EvtchnOp.EVTCHNOP_reset);
        assertThat(LittleEndian.getU16(seen, EvtchnResetDescriptor.DOM_OFFSET)).isEqualTo(DomId.DOMID_SELF);
    }

    @Test
    void callbackRegisterPassesACallbackRegisterStructure() {
        assertThat(hc.callbackRegister(CallbackType.CALLBACKTYPE_event, 0, 0xFFFF_8800_0000_0100L))
                .isZero();
        FakeGuestCpu.Call call = cpu.lastCall();
        assertThat(call.number()).isEqualTo(Hypercall.callback_op.number);
        assertThat(call.a1()).isEqualTo(CallbackOp.CALLBACKOP_register.code);
        assertThat(call.a2()).isEqualTo(CALL_VA);
        assertThat(LittleEndian.getU16(seen, CallbackRegisterDescriptor.TYPE_OFFSET))
                .isEqualTo(CallbackType.CALLBACKTYPE_event.code);
        assertThat(LittleEndian.getU16(seen, CallbackRegisterDescriptor.FLAGS_OFFSET))
                .isZero();
        assertThat(LittleEndian.getI64(seen, CallbackRegisterDescriptor.ADDRESS_OFFSET))
                .isEqualTo(0xFFFF_8800_0000_0100L);
    }
}
