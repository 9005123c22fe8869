;; out = LayerNorm(x + res) * gamma + beta over rows of $cols floats ($cols a multiple of 4), as PyTorch's
;; nn.LayerNorm after the residual add: biased variance, 1 / sqrt(var + eps). Sums are accumulated in float64
;; (a float32 running sum drifts enough to double the error against the HF goldens); one pass per row
;; instead of the ten element-wise tfjs ops (and their temporaries) the formula takes. $out may be $x or $res.
(func (export "addLayerNorm") (param $x i32) (param $res i32) (param $gamma i32) (param $beta i32) (param $out i32)
  (param $rows i32) (param $cols i32) (param $eps f32)
  (local $i i32) (local $c i32) (local $rowBytes i32) (local $acc v128) (local $y v128) (local $mean v128)
  (local $inv v128) (local $n f64)
  (local.set $rowBytes (i32.shl (local.get $cols) (i32.const 2)))
  (local.set $n (f64.convert_i32_u (local.get $cols)))
  (block $doneRows (loop $nextRow
    (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows)))
    ;; y = x + res (kept in out), and its sum
    (local.set $acc (v128.const f64x2 0 0))
    (local.set $c (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (local.set $y (f32x4.add (v128.load (i32.add (local.get $x) (local.get $c)))
                               (v128.load (i32.add (local.get $res) (local.get $c)))))
      (v128.store (i32.add (local.get $out) (local.get $c)) (local.get $y))
      (local.set $acc (f64x2.add (local.get $acc) (f64x2.add (f64x2.promote_low_f32x4 (local.get $y))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $next)))
    (local.set $mean (f32x4.splat (f32.demote_f64 (f64.div
      (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))) (local.get $n)))))
    ;; biased variance of the float32 deviations
    (local.set $acc (v128.const f64x2 0 0))
    (local.set $c (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (local.set $y (f32x4.sub (v128.load (i32.add (local.get $out) (local.get $c))) (local.get $mean)))
      (local.set $y (f32x4.mul (local.get $y) (local.get $y)))
      (local.set $acc (f64x2.add (local.get $acc) (f64x2.add (f64x2.promote_low_f32x4 (local.get $y))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $y) (local.get $y))))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $next)))
    (local.set $inv (f32x4.splat (f32.demote_f64 (f64.div (f64.const 1) (f64.sqrt (f64.add
      (f64.div (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))) (local.get $n))
      (f64.promote_f32 (local.get $eps))))))))
    ;; normalise, scale, shift
    (local.set $c (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (local.get $rowBytes)))
      (v128.store (i32.add (local.get $out) (local.get $c))
        (f32x4.add
          (f32x4.mul (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $out) (local.get $c))) (local.get $mean))
                                (local.get $inv))
                     (v128.load (i32.add (local.get $gamma) (local.get $c))))
          (v128.load (i32.add (local.get $beta) (local.get $c)))))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $next)))
    (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
    (local.set $res (i32.add (local.get $res) (local.get $rowBytes)))
    (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $nextRow))))
