;; In place over $n scores at $row ($n a multiple of 4), -inf for masked keys, whose maximum is $max: the
;; float32 softmax as PyTorch's last-dim kernel computes it (exp(s - max), times 1 / sum), exactly 0 for the
;; masked keys; a row with no key left (padding, $max = -inf) becomes all zero.
(func $softmaxRow (param $row i32) (param $n i32) (param $max f32)
  (local $end i32) (local $c i32) (local $m v128) (local $x v128) (local $sum f32)
  (local.set $end (i32.add (local.get $row) (i32.shl (local.get $n) (i32.const 2))))
  (if (f32.eq (local.get $max) (f32.const -inf))
    (then (call $fill (local.get $row) (i32.shl (local.get $n) (i32.const 2)) (f32.const 0)) (return)))
  (local.set $m (f32x4.splat (f32.const 0)))
  (local.set $c (local.get $row))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
    (local.set $x (v128.load (local.get $c)))
    (local.set $x (v128.andnot (call $exp4 (f32x4.sub (local.get $x) (f32x4.splat (local.get $max))))
                               (f32x4.eq (local.get $x) (f32x4.splat (f32.const -inf)))))
    (v128.store (local.get $c) (local.get $x))
    (local.set $m (f32x4.add (local.get $m) (local.get $x)))
    (local.set $c (i32.add (local.get $c) (i32.const 16)))
    (br $next)))
  (local.set $sum (f32.add (f32.add (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
                           (f32.add (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))
  (local.set $m (f32x4.splat (f32.div (f32.const 1) (local.get $sum))))
  (local.set $c (local.get $row))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
    (v128.store (local.get $c) (f32x4.mul (v128.load (local.get $c)) (local.get $m)))
    (local.set $c (i32.add (local.get $c) (i32.const 16)))
    (br $next))))

;; row[c] += bias[c] for $n floats ($n a multiple of 4); returns the running maximum folded with $max.
(func $addBiasMax (param $row i32) (param $bias i32) (param $n i32) (param $max f32) (result f32)
  (local $end i32) (local $m v128) (local $x v128)
  (local.set $end (i32.add (local.get $row) (i32.shl (local.get $n) (i32.const 2))))
  (local.set $m (f32x4.splat (local.get $max)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
    (local.set $x (f32x4.add (v128.load (local.get $row)) (v128.load (local.get $bias))))
    (v128.store (local.get $row) (local.get $x))
    (local.set $m (f32x4.max (local.get $m) (local.get $x)))
    (local.set $row (i32.add (local.get $row) (i32.const 16)))
    (local.set $bias (i32.add (local.get $bias) (i32.const 16)))
    (br $next)))
  (f32.max (f32.max (f32x4.extract_lane 0 (local.get $m)) (f32x4.extract_lane 1 (local.get $m)))
           (f32.max (f32x4.extract_lane 2 (local.get $m)) (f32x4.extract_lane 3 (local.get $m)))))

;; Each of $rows rows of $cols scores ($cols a multiple of 4, rows $sRow bytes apart) plus the additive mask
;; $bias ($cols floats: 0 or -inf), then softmaxed as $softmaxRow does: the global rows' softmax over all keys.
(func (export "softmaxRows") (param $s i32) (param $sRow i32) (param $rows i32) (param $cols i32) (param $bias i32)
  (local $i i32)
  (block $doneRows (loop $nextRow
    (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows)))
    (call $softmaxRow (local.get $s) (local.get $cols)
      (call $addBiasMax (local.get $s) (local.get $bias) (local.get $cols) (f32.const -inf)))
    (local.set $s (i32.add (local.get $s) (local.get $sRow)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $nextRow))))
