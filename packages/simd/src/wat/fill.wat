;; Fills $n bytes (a multiple of 16) at $ptr with $value in every float lane.
(func $fill (param $ptr i32) (param $n i32) (param $value f32)
  (local $end i32) (local $x v128)
  (local.set $end (i32.add (local.get $ptr) (local.get $n)))
  (local.set $x (f32x4.splat (local.get $value)))
  (block $done (loop $next
    (br_if $done (i32.ge_u (local.get $ptr) (local.get $end)))
    (v128.store (local.get $ptr) (local.get $x))
    (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
    (br $next))))
