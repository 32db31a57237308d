package io.tcpdoctor.explain;

import io.tcpdoctor.i18n.Messages;
import io.tcpdoctor.model.TcpState;
import java.util.ArrayList;
import java.util.List;

/** The explanation of a TCP or IPVS state: labelled fields whose texts live in the advice bundles. */
public final class StateGuide {
    private StateGuide() {
    }

    /** Fields of a TCP state, in print order; bundle keys are {@code state.NAME.FIELD}. */
    public static final List<String> TCP_FIELDS = List.of("meaning", "side", "enter", "leave", "duration", "problem", "next");
    /** Fields of an IPVS state; bundle keys are {@code ipvs.NAME.FIELD}. */
    public static final List<String> IPVS_FIELDS = List.of("meaning", "timeout", "next");

    /** One labelled field. {@code id} is the stable name used in JSON. */
    public record Field(String id, String label, String text) {
    }

    /** The fields of a TCP state. */
    public static List<Field> of(TcpState s, Messages msg) {
        List<Field> out = new ArrayList<>();
        for (String f : TCP_FIELDS) {
            out.add(new Field(f, msg.get("explain.label." + f), msg.get("state." + s.name() + "." + f)));
        }
        return out;
    }

    /** The fields of an IPVS state. */
    public static List<Field> of(IpvsState s, Messages msg) {
        List<Field> out = new ArrayList<>();
        for (String f : IPVS_FIELDS) {
            out.add(new Field(f, msg.get("explain.label." + f), msg.get("ipvs." + s.name() + "." + f)));
        }
        return out;
    }
}
