package org.pvsim.hypervisor.journal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A journal that keeps each encoded record's bytes in memory, in order: the recorder without Chronicle. */
final class MemoryJournal extends EncodingJournal {
    final List<byte[]> records = new ArrayList<>();

    MemoryJournal() {
        super(JournalFormat.FORMAT_VERSION);
    }

    @Override
    void emit(byte[] bytes, int offset, int length) {
        records.add(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** Appends END, as {@link ChronicleJournal#close()} does. */
    void end() {
        emitEnd();
    }

    /** Every record decoded, checking each as the reader does. */
    List<JournalRecord> decoded() throws JournalFormatException {
        RecordDecoder decoder = new RecordDecoder("memory");
        List<JournalRecord> out = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            byte[] r = records.get(i);
            out.add(decoder.decode(r, r.length, i));
        }
        return out;
    }
}
