;; dst[i][c] = src[i][c] / div for a (rows, cols) float block, byte row strides: four floats at a time, then a
;; scalar tail. Lays a head's queries out for the tiles (divided by sqrt(D) as HF does; x / 1 is exact for
;; the plain copies) and pads values and outputs to whole 8-float blocks.
(func (export "scaleRows") (param $src i32) (param $srcRow i32) (param $rows i32) (param $cols i32) (param $div f32)
  (param $dst i32) (param $dstRow i32)
  (local $i i32) (local $c i32) (local $end4 i32) (local $divs v128)
  (local.set $end4 (i32.shl (i32.and (local.get $cols) (i32.const -4)) (i32.const 2)))
  (local.set $divs (f32x4.splat (local.get $div)))
  (block $doneRows (loop $nextRow
    (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows)))
    (local.set $c (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (local.get $end4)))
      (v128.store (i32.add (local.get $dst) (local.get $c))
        (f32x4.div (v128.load (i32.add (local.get $src) (local.get $c))) (local.get $divs)))
      (local.set $c (i32.add (local.get $c) (i32.const 16)))
      (br $next)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $c) (i32.shl (local.get $cols) (i32.const 2))))
      (f32.store (i32.add (local.get $dst) (local.get $c))
        (f32.div (f32.load (i32.add (local.get $src) (local.get $c))) (local.get $div)))
      (local.set $c (i32.add (local.get $c) (i32.const 4)))
      (br $next)))
    (local.set $src (i32.add (local.get $src) (local.get $srcRow)))
    (local.set $dst (i32.add (local.get $dst) (local.get $dstRow)))
    (local.set $i (i32.add (local.get $i) (i32.const 1)))
    (br $nextRow))))
