package org.pvsim.guest.mm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PageAllocatorTest {
    @Test
    void handsOutTheLowestFreePageFirst() {
        PageAllocator a = new PageAllocator(100, 10);
        assertThat(a.freeCount()).isEqualTo(90);
        assertThat(a.alloc()).isEqualTo(10);
        assertThat(a.alloc()).isEqualTo(11);
        assertThat(a.alloc()).isEqualTo(12);
        a.free(11);
        assertThat(a.alloc()).isEqualTo(11);
        assertThat(a.alloc()).isEqualTo(13);
        assertThat(a.freeCount()).isEqualTo(86);
    }

    @Test
    void neverHandsOutTheBootstrapRegion() {
        PageAllocator a = new PageAllocator(12, 10);
        assertThat(a.isAllocated(0)).isTrue();
        assertThat(a.isAllocated(9)).isTrue();
        assertThat(a.alloc()).isEqualTo(10);
        assertThat(a.alloc()).isEqualTo(11);
        assertThat(a.alloc()).isEqualTo(-1);
        assertThatThrownBy(() -> a.free(3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never");
    }

    @Test
    void aDoubleFreeIsAKernelBug() {
        PageAllocator a = new PageAllocator(20, 1);
        long p = a.alloc();
        a.free(p);
        assertThatThrownBy(() -> a.free(p))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("twice");
    }

    @Test
    void contiguousRunsAreTheLowestThatFit() {
        PageAllocator a = new PageAllocator(64, 0);
        for (int i = 0; i < 10; i++) {
            a.alloc();
        }
        a.free(3);
        a.free(4);
        a.free(7);
        assertThat(a.allocContiguous(2)).isEqualTo(3);
        assertThat(a.allocContiguous(3)).isEqualTo(10);
        assertThat(a.alloc()).isEqualTo(7);
        assertThat(a.alloc()).isEqualTo(13);
        assertThat(a.allocContiguous(100)).isEqualTo(-1);
        assertThat(a.freeCount()).isEqualTo(64 - 14);
    }

    @Test
    void freeCountAlwaysMatchesTheBitmap() {
        PageAllocator a = new PageAllocator(300, 7);
        long seed = 12345;
        for (int step = 0; step < 2000; step++) {
            seed = seed * 6364136223846793005L + 1442695040888963407L;
            long pfn = 7 + Math.floorMod(seed >>> 17, 293);
            if (a.isAllocated(pfn)) {
                a.free(pfn);
            } else {
                a.alloc();
            }
            long free = 0;
            for (long p = 0; p < 300; p++) {
                free += a.isAllocated(p) ? 0 : 1;
            }
            assertThat(a.freeCount()).as("seed step %d", step).isEqualTo(free);
        }
    }
}
