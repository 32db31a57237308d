package io.tcpdoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

/** Checks any output text against FACTS.md: never set tcp_tw_recycle; tcp_fin_timeout never shortens TIME_WAIT. */
public final class FactsGuard {
    private FactsGuard() {
    }

    private static final Pattern SET_RECYCLE = Pattern.compile("tcp_tw_recycle\\s*=\\s*1|tcp_tw_recycle\\s*(:|->)\\s*\\S*\\s*->\\s*1");
    private static final Pattern SHORTEN = Pattern.compile("(shorten|reduce|缩短|减少)", Pattern.CASE_INSENSITIVE);

    /** Fails when the text recommends tcp_tw_recycle or ties tcp_fin_timeout to shorter TIME_WAIT. */
    public static void check(String text) {
        for (String line : text.split("\n")) {
            if (SET_RECYCLE.matcher(line).find()) {
                // Only quotes of a user's own line with a verdict are allowed.
                assertThat(line).as("tcp_tw_recycle=1 may only appear as a finding, never as advice")
                        .containsAnyOf("error", "错误", "removed", "删除", "drops", "丢弃");
            }
            for (String sentence : line.split("(?<=[.。;；])")) {
                if (sentence.contains("tcp_fin_timeout") && sentence.contains("TIME_WAIT") && SHORTEN.matcher(sentence).find()) {
                    assertThat(sentence).as("tcp_fin_timeout must never be said to shorten TIME_WAIT")
                            .containsAnyOf("not", "不", "only", "只");
                }
            }
        }
    }
}
