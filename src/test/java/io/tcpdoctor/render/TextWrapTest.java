package io.tcpdoctor.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextWrapTest {
    @Test
    void englishBreaksBetweenWords() {
        assertThat(TextWrap.wrap("the side that closes first gets TIME_WAIT", 15))
                .containsExactly("the side that", "closes first", "gets TIME_WAIT");
    }

    @Test
    void chineseCountsTwoColumnsAndKeepsPunctuationAttached() {
        List<String> lines = TextWrap.wrap("监听收到SYN并回复了SYN-ACK，正在等待最后一个ACK。即半连接（请求）。", 20);
        assertThat(lines).allSatisfy(l -> {
            assertThat(TextWrap.width(l)).isLessThanOrEqualTo(20);
            assertThat(l).doesNotStartWith("，").doesNotStartWith("。").doesNotStartWith("）").doesNotEndWith("（");
        });
        assertThat(String.join("", lines)).isEqualTo("监听收到SYN并回复了SYN-ACK，正在等待最后一个ACK。即半连接（请求）。");
        assertThat(TextWrap.width("TIME_WAIT 固定")).isEqualTo(14);
        // A word after an opening bracket is never split.
        List<String> words = TextWrap.wrap("没有任何 sysctl 能缩短它（tcp_fin_timeout 只限制孤儿 FIN_WAIT2）。", 30);
        assertThat(words).anyMatch(l -> l.contains("（tcp_fin_timeout"));
    }
}
