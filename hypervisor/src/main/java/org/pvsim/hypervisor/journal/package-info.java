/**
 * The journal: every run's inputs and lifecycle outputs, recorded to a Chronicle Queue in a compact, versioned binary
 * format, and replayed to verify a hypervisor or find where a changed one first diverges. User documentation: {@code
 * docs/journal.md}.
 *
 * <pre>
 *  recording   hypervisor --Journal calls--> ChronicleJournal --one excerpt per record--> journal directory (.cq4)
 *                                            (EncodingJournal: the ordering rule, JournalFormat bytes)
 *
 *  reading     journal directory --> JournalReader --JournalRecord--> JournalPrinter (one line per record)
 *
 *  replaying   journal directory --> JournalReader --> Replayer --input records--> ReplayTarget (a fresh hypervisor)
 *                                                        ^                              | Journal calls
 *                                                        | the first divergence         v
 *                                                        +----------------------- ReplayingJournal (the same
 *                                                                                  encoder; compares the bytes with
 *                                                                                  the next recorded record)
 * </pre>
 *
 * <ul>
 *   <li>{@link org.pvsim.hypervisor.journal.Journal}: what the hypervisor reports; {@link
 *       org.pvsim.hypervisor.journal.JournalFormat}: the record layout, described once; {@link
 *       org.pvsim.hypervisor.journal.RecordKind}: the record kinds.
 *   <li>{@link org.pvsim.hypervisor.journal.ChronicleJournal}: the recorder, with a SHA-256 digest of the records.
 *   <li>{@link org.pvsim.hypervisor.journal.JournalReader} and {@link org.pvsim.hypervisor.journal.JournalRecord}:
 *       reading, with every problem reported as a {@link org.pvsim.hypervisor.journal.JournalFormatException}.
 *   <li>{@link org.pvsim.hypervisor.journal.Replayer}, {@link org.pvsim.hypervisor.journal.ReplayingJournal}, {@link
 *       org.pvsim.hypervisor.journal.ReplayTarget}, {@link org.pvsim.hypervisor.journal.ReplayResult} and {@link
 *       org.pvsim.hypervisor.journal.Divergence}: replay.
 *   <li>{@link org.pvsim.hypervisor.journal.JournalPrinter}: the dump tool.
 * </ul>
 */
package org.pvsim.hypervisor.journal;
