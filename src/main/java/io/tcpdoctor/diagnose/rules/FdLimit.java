package io.tcpdoctor.diagnose.rules;

import io.tcpdoctor.collect.FileNr;
import io.tcpdoctor.collect.ProcessFiles;
import io.tcpdoctor.diagnose.Context;
import io.tcpdoctor.diagnose.Finding;
import io.tcpdoctor.diagnose.Rule;
import io.tcpdoctor.model.Severity;
import io.tcpdoctor.model.Owner;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** A process near its {@code Max open files}, or the host near {@code fs.file-max}: the next accept() or connect() fails with EMFILE/ENFILE. */
public final class FdLimit implements Rule {
    static final String ID = "fd-limit";

    @Override
    public List<String> ids() {
        return List.of(ID);
    }

    @Override
    public List<Finding> check(Context ctx) {
        List<Finding> out = new ArrayList<>();
        var lim = ctx.limits();
        for (ProcessFiles pf : new TreeMap<>(ctx.host().processes()).values()) {
            double pct = pf.usagePercent();
            if (pct < lim.fdWarnPct()) {
                continue;
            }
            Severity sev = pct >= lim.fdCritPct() ? Severity.CRITICAL : Severity.WARNING;
            Owner o = new Owner(pf.pid(), pf.name());
            out.add(ctx.finding(ID, sev)
                    .title(o.label(), Integer.toString(pf.openFds()), Long.toString(pf.softLimit()))
                    .process(o, false)
                    .evidence("pid", pf.pid())
                    .evidence("process", pf.name())
                    .evidence("open_fds", pf.openFds())
                    .evidence("max_open_files", pf.softLimit())
                    .evidence("hard_limit", pf.hardLimit() == ProcessFiles.UNLIMITED ? "unlimited" : pf.hardLimit())
                    .evidence("fd_headroom", pf.headroom())
                    .evidence("fd_usage_pct", Context.round1(pct))
                    .why()
                    .investigate("list-fds", Integer.toString(pf.pid()))
                    .code("close-on-eof")
                    .os("raise-nofile", Integer.toString(pf.pid()))
                    .build());
        }
        FileNr nr = ctx.host().fileNr();
        if (nr != null && nr.max() > 0) {
            double pct = 100.0 * nr.inUse() / nr.max();
            if (pct >= lim.fdWarnPct()) {
                out.add(ctx.finding(ID, pct >= lim.fdCritPct() ? Severity.CRITICAL : Severity.WARNING)
                        .titleKey(ID + ".title.host", Long.toString(nr.inUse()), Long.toString(nr.max()))
                        .evidence("file_handles", nr.inUse())
                        .evidence("file_max", nr.max())
                        .evidence("usage_pct", Context.round1(pct))
                        .whyKey(ID + ".why.host")
                        .os("raise-file-max")
                        .build());
            }
        }
        return out;
    }
}
