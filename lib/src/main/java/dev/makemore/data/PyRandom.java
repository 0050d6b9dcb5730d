package dev.makemore.data;

import java.util.List;

/**
 * CPython's {@code random} module, the parts the lectures use: {@code random.seed(int)} and
 * {@code random.shuffle(list)}, bit for bit.
 *
 * <p>The split of parts 2-5 is "{@code random.seed(42); random.shuffle(words)}, then 80/10/10"; reproducing
 * the shuffle exactly gives the same train/dev/test words as the lecture. CPython uses the Mersenne Twister
 * MT19937 seeded through {@code init_by_array} with the seed's 32-bit digits, and draws an index below
 * {@code n} by taking {@code bit_length(n)} random bits and rejecting values that are too large.
 */
public final class PyRandom {

    private final Mt19937 mt = new Mt19937();

    /** {@code random.seed(seed)} for a non-negative integer seed. */
    public PyRandom(long seed) {
        if (seed < 0) {
            throw new IllegalArgumentException("seed must be non-negative (CPython uses abs(seed)), got " + seed);
        }
        int[] key = (seed >>> 32) == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
        mt.initByArray(key);
    }

    /** The next 32 random bits, as an unsigned value: MT19937's {@code genrand_uint32}. */
    public long nextUint32() {
        return mt.nextUint32();
    }

    /** {@code random.getrandbits(k)} for {@code 0 < k <= 32}. */
    public long getrandbits(int k) {
        if (k <= 0 || k > 32) {
            throw new IllegalArgumentException("k must be in 1..32, got " + k);
        }
        return nextUint32() >>> (32 - k);
    }

    /** {@code random._randbelow(n)}: uniform in {@code [0, n)} by rejection sampling on {@code bit_length(n)} bits. */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n);
        long r = getrandbits(k);
        while (r >= n) {
            r = getrandbits(k);
        }
        return (int) r;
    }

    /** {@code random.shuffle(list)}: Fisher-Yates from the back, in place. */
    public <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            list.set(i, list.set(j, list.get(i)));
        }
    }
}
