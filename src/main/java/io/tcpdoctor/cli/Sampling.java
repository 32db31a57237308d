package io.tcpdoctor.cli;

import io.tcpdoctor.ExitCode;
import io.tcpdoctor.TcpdoctorException;
import io.tcpdoctor.observe.Delta;
import io.tcpdoctor.observe.Sampler;
import io.tcpdoctor.render.Progress;
import java.io.PrintWriter;
import java.time.Duration;

/** One sample for a command: an observation, and with a duration a second one that far apart. */
final class Sampling {
    private Sampling() {
    }

    /** The delta of one sample ({@code before() == null} without a duration); a capture cannot be sampled. */
    static Delta sample(Sampler sampler, Duration pause, PrintWriter err) {
        if (pause != null && !sampler.observer().live()) {
            throw new TcpdoctorException(ExitCode.USAGE, "--sample needs a live source; a capture is a single moment");
        }
        Delta delta = sampler.next();
        if (pause == null) {
            return delta;
        }
        try {
            Progress.sleep(err, "sampling", pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TcpdoctorException(ExitCode.INTERNAL, "interrupted while sampling");
        }
        return sampler.next();
    }
}
