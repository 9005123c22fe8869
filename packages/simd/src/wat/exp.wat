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
