package io.tcpdoctor.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The owner scan's inode table agrees with a HashMap's putIfAbsent and get, through many growths. */
class InodePidsTest {
    @Test
    void keepsTheFirstProcessOfEachInodeLikeAMap() {
        InodePids table = new InodePids();
        Map<Long, Integer> map = new HashMap<>();
        SplittableRandom random = new SplittableRandom(14);
        // Runs of consecutive inodes (as the kernel hands them out), repeats, and scattered large ones.
        for (int i = 0; i < 300_000; i++) {
            long inode = switch (i % 3) {
                case 0 -> 40_000_000L + i;
                case 1 -> 40_000_000L + random.nextInt(i + 1);
                default -> 1 + random.nextLong(Long.MAX_VALUE - 1);
            };
            int pid = 1 + random.nextInt(4_000_000);
            table.putIfAbsent(inode, pid);
            map.putIfAbsent(inode, pid);
        }
        assertThat(table.size()).isEqualTo(map.size());
        map.forEach((inode, pid) -> assertThat(table.get(inode)).as("inode %d", inode).isEqualTo(pid));
        for (int i = 0; i < 100_000; i++) {
            long other = 1 + random.nextLong(Long.MAX_VALUE - 1);
            assertThat(table.get(other)).isEqualTo(map.getOrDefault(other, 0));
        }
    }

    @Test
    void zeroIsNoInode() {
        InodePids table = new InodePids();
        table.putIfAbsent(0, 7);
        assertThat(table.size()).isZero();
        assertThat(table.get(0)).isZero();
        table.putIfAbsent(5, 7);
        table.putIfAbsent(5, 8);
        assertThat(table.get(5)).isEqualTo(7);
    }
}
