;; Banded attention core for one (query, head) pair, in WebAssembly SIMD (128-bit, no relaxed ops).
;; Hand-written because tfjs has no op for "dot a query with an arbitrary list of key rows" and plain JS
;; runs the same loops at ~1 GFLOP/s here (see README). Compiled by scripts/build-wasm.ts into
;; banded-wasm-bytes.ts; a test checks that the committed bytes match this file.
;;
;; All pointers are byte offsets into this module's memory; matrices are float32, row-major.
(module
  (memory (export "memory") 1)

  ;; e^x for x <= 0 on four lanes: Cody-Waite reduction x = n ln2 + r (|r| <= ln2/2), degree-7 Taylor
  ;; polynomial for e^r (relative error < 1e-8, below float32 rounding), 2^n assembled in the exponent bits.
  ;; Inputs below -87.3 are clamped (result ~1e-38 instead of 0: irrelevant next to a sum >= 1).
  (func $exp4 (param $x v128) (result v128)
    (local $n v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (f32x4.splat (f32.const -87.3))))
    (local.set $n (f32x4.nearest (f32x4.mul (local.get $x) (f32x4.splat (f32.const 1.44269504088896341)))))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $n) (f32x4.splat (f32.const 0.693359375)))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $n) (f32x4.splat (f32.const -2.12194440e-4)))))
    (local.set $p (f32x4.splat (f32.const 1.98412698e-4)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.38888889e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 8.33333333e-3))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 4.16666667e-2))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.66666667e-1))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 0.5))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.0))))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (f32x4.splat (f32.const 1.0))))
    (f32x4.mul (local.get $p)
      (i32x4.shl (i32x4.add (i32x4.trunc_sat_f32x4_s (local.get $n)) (i32x4.splat (i32.const 127))) (i32.const 23))))

  ;; Dot product of `len` floats at $a and $b: four independent 4-lane accumulators (16 floats per step) hide
  ;; the add latency; then 4-float steps and a scalar tail for head sizes that are not multiples of 16.
  (func $dot (param $a i32) (param $b i32) (param $len i32) (result f32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local $d i32) (local $pa i32) (local $pb i32) (local $end16 i32) (local $end4 i32) (local $s f32)
    (local.set $end16 (i32.and (local.get $len) (i32.const -16)))
    (local.set $end4 (i32.and (local.get $len) (i32.const -4)))
    (block $done16
      (loop $loop16
        (br_if $done16 (i32.ge_u (local.get $d) (local.get $end16)))
        (local.set $pa (i32.add (local.get $a) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $d) (i32.const 2))))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load offset=0 (local.get $pa)) (v128.load offset=0 (local.get $pb)))))
        (local.set $acc1 (f32x4.add (local.get $acc1)
          (f32x4.mul (v128.load offset=16 (local.get $pa)) (v128.load offset=16 (local.get $pb)))))
        (local.set $acc2 (f32x4.add (local.get $acc2)
          (f32x4.mul (v128.load offset=32 (local.get $pa)) (v128.load offset=32 (local.get $pb)))))
        (local.set $acc3 (f32x4.add (local.get $acc3)
          (f32x4.mul (v128.load offset=48 (local.get $pa)) (v128.load offset=48 (local.get $pb)))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (br $loop16)))
    (block $done4
      (loop $loop4
        (br_if $done4 (i32.ge_u (local.get $d) (local.get $end4)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load (i32.add (local.get $a) (i32.shl (local.get $d) (i32.const 2))))
                     (v128.load (i32.add (local.get $b) (i32.shl (local.get $d) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (br $loop4)))
    (local.set $acc0 (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (local.set $s (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))
    (block $done1
      (loop $loop1
        (br_if $done1 (i32.ge_u (local.get $d) (local.get $len)))
        (local.set $s (f32.add (local.get $s)
          (f32.mul (f32.load (i32.add (local.get $a) (i32.shl (local.get $d) (i32.const 2))))
                   (f32.load (i32.add (local.get $b) (i32.shl (local.get $d) (i32.const 2)))))))
        (local.set $d (i32.add (local.get $d) (i32.const 1)))
        (br $loop1)))
    (local.get $s))

  ;; One query and one head:
  ;;   qs        = q / sqrtD                       (HF divides the projected query by sqrt(head_dim))
  ;;   scores[t] = qs . key(keys[t])               for the n listed key rows
  ;;   scores[t] = softmax(scores)[t]              (float32, max-subtracted)
  ;;   out       = sum_t scores[t] * value(keys[t])
  ;; key(r) starts at qkv + r*rowStride + kOff, value(r) at qkv + r*rowStride + vOff.
  ;; $scores must have room for n rounded up to a multiple of 4; $qs for headDim floats.
  (func (export "attend")
    (param $qkv i32) (param $rowStride i32) (param $q i32) (param $kOff i32) (param $vOff i32)
    (param $keys i32) (param $n i32) (param $headDim i32) (param $qs i32) (param $scores i32) (param $out i32)
    (param $sqrtD f32)
    (local $d i32) (local $t i32) (local $end4 i32) (local $row i32) (local $s f32) (local $max f32) (local $sum f32)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128) (local $p v128) (local $v i32) (local $end16 i32)
    (local.set $end4 (i32.and (local.get $headDim) (i32.const -4)))
    (local.set $end16 (i32.and (local.get $headDim) (i32.const -16)))

    ;; qs = q / sqrtD
    (local.set $d (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $d) (local.get $end4)))
      (v128.store (i32.add (local.get $qs) (i32.shl (local.get $d) (i32.const 2)))
        (f32x4.div (v128.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))) (f32x4.splat (local.get $sqrtD))))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $d) (local.get $headDim)))
      (f32.store (i32.add (local.get $qs) (i32.shl (local.get $d) (i32.const 2)))
        (f32.div (f32.load (i32.add (local.get $q) (i32.shl (local.get $d) (i32.const 2)))) (local.get $sqrtD)))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $next)))

    ;; scores and their max
    (local.set $max (f32.const -inf))
    (local.set $t (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
      (local.set $row (i32.load (i32.add (local.get $keys) (i32.shl (local.get $t) (i32.const 2)))))
      (local.set $s (call $dot (local.get $qs)
        (i32.add (i32.add (local.get $qkv) (i32.mul (local.get $row) (local.get $rowStride))) (local.get $kOff))
        (local.get $headDim)))
      (f32.store (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2))) (local.get $s))
      (local.set $max (f32.max (local.get $max) (local.get $s)))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next)))

    ;; e = exp(s - max), four at a time (lanes past n are computed but never read); sum over the n real ones
    (local.set $t (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
      (v128.store (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2)))
        (call $exp4 (f32x4.sub (v128.load (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2))))
                               (f32x4.splat (local.get $max)))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br $next)))
    (local.set $sum (f32.const 0))
    (local.set $t (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
      (local.set $sum (f32.add (local.get $sum) (f32.load (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2))))))
      (local.set $t (i32.add (local.get $t) (i32.const 1)))
      (br $next)))
    ;; probabilities p = e / sum
    (local.set $t (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
      (v128.store (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2)))
        (f32x4.div (v128.load (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2)))) (f32x4.splat (local.get $sum))))
      (local.set $t (i32.add (local.get $t) (i32.const 4)))
      (br $next)))

    ;; out = sum_t p_t v_t, 16 floats (four accumulators) per pass over the keys, then 4, then 1
    (local.set $d (i32.const 0))
    (block $done16 (loop $next16
      (br_if $done16 (i32.ge_u (local.get $d) (local.get $end16)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $a1 (v128.const f32x4 0 0 0 0))
      (local.set $a2 (v128.const f32x4 0 0 0 0))
      (local.set $a3 (v128.const f32x4 0 0 0 0))
      (local.set $t (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
        (local.set $p (v128.load32_splat (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2)))))
        (local.set $v (i32.add
          (i32.add (i32.add (local.get $qkv)
            (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowStride)))
            (local.get $vOff))
          (i32.shl (local.get $d) (i32.const 2))))
        (local.set $a0 (f32x4.add (local.get $a0) (f32x4.mul (local.get $p) (v128.load offset=0 (local.get $v)))))
        (local.set $a1 (f32x4.add (local.get $a1) (f32x4.mul (local.get $p) (v128.load offset=16 (local.get $v)))))
        (local.set $a2 (f32x4.add (local.get $a2) (f32x4.mul (local.get $p) (v128.load offset=32 (local.get $v)))))
        (local.set $a3 (f32x4.add (local.get $a3) (f32x4.mul (local.get $p) (v128.load offset=48 (local.get $v)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $next)))
      (local.set $v (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))))
      (v128.store offset=0 (local.get $v) (local.get $a0))
      (v128.store offset=16 (local.get $v) (local.get $a1))
      (v128.store offset=32 (local.get $v) (local.get $a2))
      (v128.store offset=48 (local.get $v) (local.get $a3))
      (local.set $d (i32.add (local.get $d) (i32.const 16)))
      (br $next16)))
    (block $done4 (loop $next4
      (br_if $done4 (i32.ge_u (local.get $d) (local.get $end4)))
      (local.set $a0 (v128.const f32x4 0 0 0 0))
      (local.set $t (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
        (local.set $v (i32.add
          (i32.add (i32.add (local.get $qkv)
            (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowStride)))
            (local.get $vOff))
          (i32.shl (local.get $d) (i32.const 2))))
        (local.set $a0 (f32x4.add (local.get $a0)
          (f32x4.mul (v128.load32_splat (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2))))
                     (v128.load (local.get $v)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $next)))
      (v128.store (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))) (local.get $a0))
      (local.set $d (i32.add (local.get $d) (i32.const 4)))
      (br $next4)))
    (block $done1 (loop $next1
      (br_if $done1 (i32.ge_u (local.get $d) (local.get $headDim)))
      (local.set $s (f32.const 0))
      (local.set $t (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $t) (local.get $n)))
        (local.set $v (i32.add
          (i32.add (i32.add (local.get $qkv)
            (i32.mul (i32.load (i32.add (local.get $keys) (i32.shl (local.get $t) (i32.const 2)))) (local.get $rowStride)))
            (local.get $vOff))
          (i32.shl (local.get $d) (i32.const 2))))
        (local.set $s (f32.add (local.get $s)
          (f32.mul (f32.load (i32.add (local.get $scores) (i32.shl (local.get $t) (i32.const 2)))) (f32.load (local.get $v)))))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $next)))
      (f32.store (i32.add (local.get $out) (i32.shl (local.get $d) (i32.const 2))) (local.get $s))
      (local.set $d (i32.add (local.get $d) (i32.const 1)))
      (br $next1))))

  ;; Exact (erf) GELU `x/2 (1 + erf(x/sqrt 2))` over `n` floats at $ptr, in place, four at a time (reads and
  ;; writes whole 16-byte groups: the caller rounds `n` up). Lives here because tfjs-wasm's `Erf` is scalar
  ;; (~19 ns per element) and it is the largest element-wise cost of a Longformer layer. Evaluated in float64,
  ;; the four floats as two f64x2 halves: erf(z) = z P(z^2) / Q(z^2) on |z| <= 4, a rational least-squares fit
  ;; (P degree 6, Q degree 5 in z^2) with max abs error 1.5e-9; beyond 4 erf is exactly +-1 (the largest
  ;; error, 1 - erf(4) = 1.5e-8, i.e. GELU off by < 1e-8 |x|), so GELU is exactly x or 0 in the tails.
  ;; The halves are written out twice (a call per half, which V8 does not inline, was 1.6x slower), and the
  ;; clamp uses pmin/pmax (one instruction each; NaN still propagates from the first operand): min/max was
  ;; 1.8x slower. ~4.4 ns per float on the 2-core dev machine, against ~20 for tfjs-wasm's scalar `Erf`.
  (func (export "gelu") (param $ptr i32) (param $n i32)
    (local $end i32) (local $x v128) (local $lo v128) (local $hi v128)
    (local $z v128) (local $zc v128) (local $t v128) (local $p v128) (local $q v128) (local $e v128)
    (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
      (local.set $x (v128.load (local.get $ptr)))
      (local.set $lo (f64x2.promote_low_f32x4 (local.get $x)))
      (local.set $hi (f64x2.promote_low_f32x4
        (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
      ;; GELU of the two lanes in $lo (float64)
      (local.set $z (f64x2.mul (local.get $lo) (f64x2.splat (f64.const 0.7071067811865476))))
      (local.set $zc (f64x2.pmin (f64x2.pmax (local.get $z) (f64x2.splat (f64.const -4.0))) (f64x2.splat (f64.const 4.0))))
      (local.set $t (f64x2.mul (local.get $zc) (local.get $zc)))
      (local.set $p (f64x2.splat (f64.const -1.3671328453386034e-08)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 4.781470165252214e-06))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.0003827254427635703))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.003839527569611491))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.05433304772694335))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.18470768170451154))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 1.1283791820776499))))
      (local.set $q (f64x2.splat (f64.const 6.401815917078445e-05)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.0013096239547215277))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.015453623890787357))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.1138259194167591))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.49702646640975007))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 1.0))))
      (local.set $e (f64x2.div (f64x2.mul (local.get $zc) (local.get $p)) (local.get $q)))
      (local.set $e (v128.bitselect (f64x2.mul (local.get $zc) (f64x2.splat (f64.const 0.25))) (local.get $e)
        (f64x2.gt (f64x2.abs (local.get $z)) (f64x2.splat (f64.const 4.0)))))
      (local.set $lo (f64x2.mul (f64x2.mul (local.get $lo) (f64x2.splat (f64.const 0.5))) (f64x2.add (local.get $e) (f64x2.splat (f64.const 1.0)))))
      ;; GELU of the two lanes in $hi (float64)
      (local.set $z (f64x2.mul (local.get $hi) (f64x2.splat (f64.const 0.7071067811865476))))
      (local.set $zc (f64x2.pmin (f64x2.pmax (local.get $z) (f64x2.splat (f64.const -4.0))) (f64x2.splat (f64.const 4.0))))
      (local.set $t (f64x2.mul (local.get $zc) (local.get $zc)))
      (local.set $p (f64x2.splat (f64.const -1.3671328453386034e-08)))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 4.781470165252214e-06))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.0003827254427635703))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.003839527569611491))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.05433304772694335))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 0.18470768170451154))))
      (local.set $p (f64x2.add (f64x2.mul (local.get $p) (local.get $t)) (f64x2.splat (f64.const 1.1283791820776499))))
      (local.set $q (f64x2.splat (f64.const 6.401815917078445e-05)))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.0013096239547215277))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.015453623890787357))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.1138259194167591))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 0.49702646640975007))))
      (local.set $q (f64x2.add (f64x2.mul (local.get $q) (local.get $t)) (f64x2.splat (f64.const 1.0))))
      (local.set $e (f64x2.div (f64x2.mul (local.get $zc) (local.get $p)) (local.get $q)))
      (local.set $e (v128.bitselect (f64x2.mul (local.get $zc) (f64x2.splat (f64.const 0.25))) (local.get $e)
        (f64x2.gt (f64x2.abs (local.get $z)) (f64x2.splat (f64.const 4.0)))))
      (local.set $hi (f64x2.mul (f64x2.mul (local.get $hi) (f64x2.splat (f64.const 0.5))) (f64x2.add (local.get $e) (f64x2.splat (f64.const 1.0)))))
      (v128.store (local.get $ptr)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (br $next))))
)
