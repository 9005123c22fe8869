;; C = A B for A (M, K), B (K, N), C (M, N), row-major with byte row strides; M a multiple of 4, N of 8.
;; The small products of the global rows, on the same 4 x 8 block as the band scores.
(func (export "matmul") (param $a i32) (param $aRow i32) (param $b i32) (param $bRow i32) (param $c i32)
  (param $cRow i32) (param $M i32) (param $N i32) (param $K i32)
  (local $i i32) (local $n i32)
  (block $doneRows (loop $nextRows
    (br_if $doneRows (i32.ge_u (local.get $i) (local.get $M)))
    (local.set $n (i32.const 0))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $n) (local.get $N)))
      (call $scoreBlock (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $aRow))) (local.get $aRow)
        (i32.add (local.get $b) (i32.shl (local.get $n) (i32.const 2))) (local.get $bRow) (local.get $K)
        (i32.add (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cRow))) (i32.shl (local.get $n) (i32.const 2)))
        (local.get $cRow))
      (local.set $n (i32.add (local.get $n) (i32.const 8)))
      (br $next)))
    (local.set $i (i32.add (local.get $i) (i32.const 4)))
    (br $nextRows))))
