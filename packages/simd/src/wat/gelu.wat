;; Exact (erf) GELU `x/2 (1 + erf(x/sqrt 2))` of `n` floats at $ptr into $dst (may be $ptr), four at a time
;; (reads and writes whole 16-byte groups: `n` a multiple of 4). Lives here because tfjs-wasm's `Erf` is scalar
;; (~19 ns per element) and it is the largest element-wise cost of a Longformer layer. Evaluated in float64,
;; the four floats as two f64x2 halves: erf(z) = z P(z^2) / Q(z^2) on |z| <= 4, a rational least-squares fit
;; (P degree 6, Q degree 5 in z^2) with max abs error 1.5e-9; beyond 4 erf is exactly +-1 (the largest
;; error, 1 - erf(4) = 1.5e-8, i.e. GELU off by < 1e-8 |x|), so GELU is exactly x or 0 in the tails.
;; The half is written once, as the fragment `geluHalf` below, which the build expands inline for each half
;; (a call per half, which V8 does not inline, was 1.6x slower). The clamp uses pmin/pmax (one instruction
;; each; NaN still propagates from the first operand): min/max was 1.8x slower.
;; ~4.4 ns per float on the 2-core dev machine, against ~20 for tfjs-wasm's scalar `Erf`.
;; @define geluHalf $v
;; GELU of the two float64 lanes of $v, in place (scratch: $z $zc $t $p $q $e of the function it expands in)
(local.set $z (f64x2.mul (local.get $v) (f64x2.splat (f64.const 0.7071067811865476))))
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
(local.set $v (f64x2.mul (f64x2.mul (local.get $v) (f64x2.splat (f64.const 0.5))) (f64x2.add (local.get $e) (f64x2.splat (f64.const 1.0)))))
;; @end

(func (export "gelu") (param $ptr i32) (param $dst i32) (param $n i32)
  (local $end i32) (local $x v128) (local $lo v128) (local $hi v128)
  (local $z v128) (local $zc v128) (local $t v128) (local $p v128) (local $q v128) (local $e v128)
  (local.set $end (i32.add (local.get $ptr) (i32.shl (local.get $n) (i32.const 2))))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
    (local.set $x (v128.load (local.get $ptr)))
    (local.set $lo (f64x2.promote_low_f32x4 (local.get $x)))
    (local.set $hi (f64x2.promote_low_f32x4
      (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $x) (local.get $x))))
    ;; @expand geluHalf $lo
    ;; @expand geluHalf $hi
    (v128.store (local.get $dst)
      (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
        (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
    (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
    (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
    (br $next))))
