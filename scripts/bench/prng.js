// Seeded randomness for the synthetic corpus: the same seed always gives the same bytes.
//
// xoshiro128** rather than mulberry32: mulberry32 has 32 bits of state, so a GUID built from
// four consecutive outputs can take only 2^32 values and ~1M event ids would collide by the
// hundred (birthday bound). xoshiro128** keeps 128 bits of state and is just as cheap in JS.

function splitmix32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function hex32(n) {
  return HEX[n >>> 24] + HEX[(n >>> 16) & 255] + HEX[(n >>> 8) & 255] + HEX[n & 255];
}

export function createRng(seed = 1) {
  const sm = splitmix32(seed);
  let a = sm(), b = sm(), c = sm(), d = sm();
  if ((a | b | c | d) === 0) a = 1;

  function u32() {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a; d ^= b; b ^= c; a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  }
  function rotl(x, k) { return (x << k) | (x >>> (32 - k)); }

  const rng = {
    u32,
    /** Uniform in [0, 1). */
    next: () => u32() / 4294967296,
    /** Integer in [lo, hi] inclusive. */
    int: (lo, hi) => lo + Math.floor((u32() / 4294967296) * (hi - lo + 1)),
    chance: (p) => u32() / 4294967296 < p,
    pick: (arr) => arr[Math.floor((u32() / 4294967296) * arr.length)],
    /** Pick from [[item, weight], ...]. */
    weighted(pairs) {
      let total = 0;
      for (const [, w] of pairs) total += w;
      let x = (u32() / 4294967296) * total;
      for (const [item, w] of pairs) {
        x -= w;
        if (x < 0) return item;
      }
      return pairs[pairs.length - 1][0];
    },
    /** Poisson-distributed count with mean `mean` (normal approximation above 30). */
    poisson(mean) {
      if (mean <= 0) return 0;
      if (mean > 30) {
        const u1 = Math.max(u32() / 4294967296, 1e-12), u2 = u32() / 4294967296;
        const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
      }
      const limit = Math.exp(-mean);
      let k = 0, p = 1;
      do { k++; p *= u32() / 4294967296; } while (p > limit);
      return k - 1;
    },
    /** Log-uniform in [lo, hi]: many small values, a long tail of big ones. */
    logUniform: (lo, hi) => Math.round(Math.exp(Math.log(lo) + (u32() / 4294967296) * (Math.log(hi) - Math.log(lo)))),
    uuid() {
      const x = u32(), y = u32(), z = u32(), w = u32();
      const h1 = hex32(x), h2 = hex32(y), h3 = hex32(((z & 0x3fffffff) | 0x80000000) >>> 0), h4 = hex32(w);
      return `${h1}-${h2.slice(0, 4)}-4${h2.slice(5, 8)}-${h3.slice(0, 4)}-${h3.slice(4)}${h4}`;
    },
    hex(len) {
      let s = '';
      while (s.length < len) s += hex32(u32());
      return s.slice(0, len);
    },
    /** Upper-case base32 characters, as in AKIA/ASIA/AROA/AIDA ids. */
    base32(len) {
      let s = '';
      while (s.length < len) {
        let n = u32();
        for (let i = 0; i < 6 && s.length < len; i++, n >>>= 5) s += BASE32[n & 31];
      }
      return s;
    },
    base64(len) {
      let s = '';
      while (s.length < len) {
        let n = u32();
        for (let i = 0; i < 5 && s.length < len; i++, n >>>= 6) s += BASE64[n & 63];
      }
      return s;
    },
    alnum(len) {
      let s = '';
      while (s.length < len) s += ALNUM[Math.floor((u32() / 4294967296) * 62)];
      return s;
    },
    digits(len) {
      let s = '';
      while (s.length < len) s += String(u32() % 10);
      return s;
    },
    shuffle(arr) {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor((u32() / 4294967296) * (i + 1));
        const t = arr[i]; arr[i] = arr[j]; arr[j] = t;
      }
      return arr;
    },
  };
  return rng;
}
