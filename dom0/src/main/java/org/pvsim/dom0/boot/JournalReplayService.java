package org.pvsim.dom0.boot;

import java.nio.file.Path;
import org.pvsim.dom0.run.JournalReplayer;
import org.pvsim.dom0.run.ReplayOutcome;
import org.pvsim.dom0.run.RunOptions;
import org.pvsim.hypervisor.boot.HostBoot;
import org.pvsim.hypervisor.journal.ReplayResult;
import org.pvsim.hypervisor.journal.Replayer;

/**
 * {@code pvsim replay}: boots a fresh hypervisor from the journal's boot record and drives it with the recorded
 * inputs, comparing every record. No guest code runs: guest stores are journalled, so the machine's memory is
 * rebuilt from the journal.
 */
public final class JournalReplayService implements JournalReplayer {
    @Override
    public ReplayOutcome replay(Path runDir) {
        ReplayResult r = Replayer.replay(
                runDir.resolve(RunOptions.JOURNAL_DIR), HostBoot.replayFactory(HostSubsystems::standard));
        if (r instanceof ReplayResult.Replayed ok) {
            return new ReplayOutcome.Clean(ok.recordsReplayed());
        }
        if (r instanceof ReplayResult.Diverged d) {
            return new ReplayOutcome.Diverged(d.divergence().index(), d.summary());
        }
        return new ReplayOutcome.Unreadable(r.summary());
    }
}
