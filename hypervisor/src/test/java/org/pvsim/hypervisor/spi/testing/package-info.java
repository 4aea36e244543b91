/**
 * Fakes of the subsystem SPI ({@link org.pvsim.hypervisor.spi}) for testing a subsystem without a hypervisor: a
 * {@link org.pvsim.hypervisor.spi.testing.FakeHost} that serves {@link org.pvsim.hypervisor.spi.testing.FakeDomains},
 * frame memory (map-based {@link org.pvsim.hypervisor.spi.testing.ByteArrayFrameMemory} that counts references, or
 * allocation-free {@link org.pvsim.hypervisor.spi.testing.FlatFrameMemory}), a recording
 * {@link org.pvsim.hypervisor.spi.testing.FakeVcpus}, a {@link org.pvsim.hypervisor.spi.testing.FakeGrantMmu} and a
 * {@link org.pvsim.hypervisor.spi.testing.RecordingJournal}; and a
 * {@link org.pvsim.hypervisor.spi.testing.FakeGuest} as the hypercall's caller.
 *
 * <p>Published in the hypervisor's test-jar: event-channels and grant-tables use it with {@code <type>test-jar</type>}
 * and {@code <scope>test</scope>}. The subsystem-specific beds (EvtchnTestBed, GnttabTestBed, CopyTestBed) stay in
 * their modules.
 */
package org.pvsim.hypervisor.spi.testing;
