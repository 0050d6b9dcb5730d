package dev.makemore.data;

/**
 * The Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998), the generator under both CPython's
 * {@code random} module ({@link PyRandom}) and PyTorch's CPU generator ({@link TorchGenerator}). They differ
 * only in how a seed fills the state: CPython through {@link #initByArray}, PyTorch through {@link #initGenrand}.
 */
public final class Mt19937 {

    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int mti = N + 1;
    private long drawn;

    /** A generator whose state {@link #initGenrand} or {@link #initByArray} fills. */
    Mt19937() {}

    /** The reference {@code init_genrand(s)}: the state from one 32-bit seed. */
    void initGenrand(int s) {
        mt[0] = s;
        for (mti = 1; mti < N; mti++) {
            mt[mti] = 1812433253 * (mt[mti - 1] ^ (mt[mti - 1] >>> 30)) + mti;
        }
        drawn = 0;
    }

    /** The reference {@code init_by_array(key)}. */
    void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000; // MSB is 1, assuring a non-zero initial array
    }

    /** The next 32 random bits, as an unsigned value: {@code genrand_int32}. */
    public long nextUint32() {
        if (mti >= N) {
            twist();
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        drawn++;
        return y & 0xffffffffL;
    }

    /** How many 32-bit outputs were drawn since the state was seeded. */
    public long drawn() {
        return drawn;
    }

    private void twist() {
        for (int k = 0; k < N; k++) {
            int y = (mt[k] & 0x80000000) | (mt[(k + 1) % N] & 0x7fffffff);
            mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : 0x9908b0df);
        }
        mti = 0;
    }
}
