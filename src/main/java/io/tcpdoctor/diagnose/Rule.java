package io.tcpdoctor.diagnose;

import java.util.List;

/** One diagnosis rule: looks at an observation (and the previous one when sampling) and returns findings. */
public interface Rule {
    /** The finding ids this rule can produce (documented in the README). */
    List<String> ids();

    /** The findings for this observation; empty when all is well. */
    List<Finding> check(Context ctx);
}
