;; Banded attention core for one (query, head) pair, in WebAssembly SIMD (128-bit, no relaxed ops).
;; Hand-written because tfjs has no op for "dot a query with an arbitrary list of key rows" and plain JS
;; runs the same loops at ~1 GFLOP/s here (see README). Compiled by scripts/build-wasm.ts into
;; banded-wasm-bytes.ts; a test checks that the committed bytes match this file.
;;
;; All pointers are byte offsets into this module's memory; matrices are float32, row-major.
(module
  ;; Imported: a memory of its own (the copy path) or tfjs-wasm's heap, so tensors are read and written in place.
  (import "env" "memory" (memory 1))

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

  ;; ---- Banded attention of one (batch row, head), tiled four queries at a time ----
  ;; The band of queries i0..i0+3 is the 2w+4 keys i0-w..i0+3+w, so a tile scores them all as one small
  ;; matrix product (98% of the work is in some query's band) and masks the few corners: each key vector
  ;; loaded is used by four queries, where one query at a time reads every key once per query (2.6x faster
  ;; measured at the mini shape). Keys are stored transposed so the four lanes run over keys.

  ;; s[r][0..7] = sum_d q[r][d] * k[d][0..7] for the four query rows r; all strides in bytes.
  (func $scoreBlock (param $q i32) (param $qRow i32) (param $k i32) (param $kRow i32) (param $D i32)
    (param $s i32) (param $sRow i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $k0 v128) (local $k1 v128) (local $x v128) (local $qEnd i32) (local $q2 i32) (local $q3 i32)
    (local.set $qEnd (i32.add (local.get $q) (i32.shl (local.get $D) (i32.const 2))))
    (local.set $q2 (i32.shl (local.get $qRow) (i32.const 1)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $qRow)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $q) (local.get $qEnd)))
      (local.set $k0 (v128.load offset=0 (local.get $k)))
      (local.set $k1 (v128.load offset=16 (local.get $k)))
      (local.set $x (v128.load32_splat (local.get $q)))
      (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $x) (local.get $k0))))
      (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $x) (local.get $k1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $q) (local.get $qRow))))
      (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $x) (local.get $k0))))
      (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $x) (local.get $k1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $q) (local.get $q2))))
      (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $x) (local.get $k0))))
      (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $x) (local.get $k1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $q) (local.get $q3))))
      (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $x) (local.get $k0))))
      (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $x) (local.get $k1))))
      (local.set $q (i32.add (local.get $q) (i32.const 4)))
      (local.set $k (i32.add (local.get $k) (local.get $kRow)))
      (br $next)))
    (v128.store offset=0 (local.get $s) (local.get $a00))
    (v128.store offset=16 (local.get $s) (local.get $a01))
    (local.set $s (i32.add (local.get $s) (local.get $sRow)))
    (v128.store offset=0 (local.get $s) (local.get $a10))
    (v128.store offset=16 (local.get $s) (local.get $a11))
    (local.set $s (i32.add (local.get $s) (local.get $sRow)))
    (v128.store offset=0 (local.get $s) (local.get $a20))
    (v128.store offset=16 (local.get $s) (local.get $a21))
    (local.set $s (i32.add (local.get $s) (local.get $sRow)))
    (v128.store offset=0 (local.get $s) (local.get $a30))
    (v128.store offset=16 (local.get $s) (local.get $a31)))

  ;; out[r][0..7] += sum_{t<n} p[r][t] * v[t][0..7] for the four query rows r; all strides in bytes.
  (func $valueBlock (param $p i32) (param $pRow i32) (param $n i32) (param $v i32) (param $vRow i32)
    (param $out i32) (param $outRow i32)
    (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local $a20 v128) (local $a21 v128) (local $a30 v128) (local $a31 v128)
    (local $v0 v128) (local $v1 v128) (local $x v128) (local $pEnd i32) (local $p2 i32) (local $p3 i32) (local $o i32)
    (local.set $pEnd (i32.add (local.get $p) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $p2 (i32.shl (local.get $pRow) (i32.const 1)))
    (local.set $p3 (i32.add (local.get $p2) (local.get $pRow)))
    (local.set $o (local.get $out))
    (local.set $a00 (v128.load offset=0 (local.get $o)))
    (local.set $a01 (v128.load offset=16 (local.get $o)))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (local.set $a10 (v128.load offset=0 (local.get $o)))
    (local.set $a11 (v128.load offset=16 (local.get $o)))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (local.set $a20 (v128.load offset=0 (local.get $o)))
    (local.set $a21 (v128.load offset=16 (local.get $o)))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (local.set $a30 (v128.load offset=0 (local.get $o)))
    (local.set $a31 (v128.load offset=16 (local.get $o)))
    (block $done (loop $next
      (br_if $done (i32.ge_u (local.get $p) (local.get $pEnd)))
      (local.set $v0 (v128.load offset=0 (local.get $v)))
      (local.set $v1 (v128.load offset=16 (local.get $v)))
      (local.set $x (v128.load32_splat (local.get $p)))
      (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $x) (local.get $v0))))
      (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $x) (local.get $v1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $p) (local.get $pRow))))
      (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $x) (local.get $v0))))
      (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $x) (local.get $v1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $p) (local.get $p2))))
      (local.set $a20 (f32x4.add (local.get $a20) (f32x4.mul (local.get $x) (local.get $v0))))
      (local.set $a21 (f32x4.add (local.get $a21) (f32x4.mul (local.get $x) (local.get $v1))))
      (local.set $x (v128.load32_splat (i32.add (local.get $p) (local.get $p3))))
      (local.set $a30 (f32x4.add (local.get $a30) (f32x4.mul (local.get $x) (local.get $v0))))
      (local.set $a31 (f32x4.add (local.get $a31) (f32x4.mul (local.get $x) (local.get $v1))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (local.set $v (i32.add (local.get $v) (local.get $vRow)))
      (br $next)))
    (local.set $o (local.get $out))
    (v128.store offset=0 (local.get $o) (local.get $a00))
    (v128.store offset=16 (local.get $o) (local.get $a01))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (v128.store offset=0 (local.get $o) (local.get $a10))
    (v128.store offset=16 (local.get $o) (local.get $a11))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (v128.store offset=0 (local.get $o) (local.get $a20))
    (v128.store offset=16 (local.get $o) (local.get $a21))
    (local.set $o (i32.add (local.get $o) (local.get $outRow)))
    (v128.store offset=0 (local.get $o) (local.get $a30))
    (v128.store offset=16 (local.get $o) (local.get $a31)))

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

  ;; dst[c][i] = src[i][c] for rows rowFrom..rowTo-1 and cols colFrom..colTo-1, one float at a time.
  (func $transposeScalar (param $src i32) (param $srcRow i32) (param $rowFrom i32) (param $rowTo i32)
    (param $colFrom i32) (param $colTo i32) (param $dst i32) (param $dstRow i32)
    (local $i i32) (local $c i32)
    (local.set $i (local.get $rowFrom))
    (block $doneRows (loop $nextRow
      (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rowTo)))
      (local.set $c (local.get $colFrom))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $colTo)))
        (f32.store (i32.add (local.get $dst) (i32.add (i32.mul (local.get $c) (local.get $dstRow)) (i32.shl (local.get $i) (i32.const 2))))
          (f32.load (i32.add (local.get $src) (i32.add (i32.mul (local.get $i) (local.get $srcRow)) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $nextRow))))

  ;; dst[c][i] = src[i][c] for a (rows, cols) float block, byte row strides: keys into the (D, keys) layout the
  ;; tiles read four keys per load. 4 x 4 blocks through registers (four loads, eight shuffles, four stores),
  ;; then the ragged edges one float at a time.
  (func (export "transpose") (param $src i32) (param $srcRow i32) (param $rows i32) (param $cols i32)
    (param $dst i32) (param $dstRow i32)
    (local $i i32) (local $c i32) (local $rows4 i32) (local $cols4 i32) (local $s i32) (local $d i32)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128) (local $t0 v128) (local $t1 v128)
    (local $t2 v128) (local $t3 v128)
    (local.set $rows4 (i32.and (local.get $rows) (i32.const -4)))
    (local.set $cols4 (i32.and (local.get $cols) (i32.const -4)))
    (block $doneRows (loop $nextRow
      (br_if $doneRows (i32.ge_u (local.get $i) (local.get $rows4)))
      (local.set $c (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $cols4)))
        (local.set $s (i32.add (i32.add (local.get $src) (i32.mul (local.get $i) (local.get $srcRow))) (i32.shl (local.get $c) (i32.const 2))))
        (local.set $r0 (v128.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $srcRow)))
        (local.set $r1 (v128.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $srcRow)))
        (local.set $r2 (v128.load (local.get $s)))
        (local.set $s (i32.add (local.get $s) (local.get $srcRow)))
        (local.set $r3 (v128.load (local.get $s)))
        (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r0) (local.get $r1)))
        (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r0) (local.get $r1)))
        (local.set $t2 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $r2) (local.get $r3)))
        (local.set $t3 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $r2) (local.get $r3)))
        (local.set $d (i32.add (i32.add (local.get $dst) (i32.mul (local.get $c) (local.get $dstRow))) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t2)))
        (local.set $d (i32.add (local.get $d) (local.get $dstRow)))
        (v128.store (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t2)))
        (local.set $d (i32.add (local.get $d) (local.get $dstRow)))
        (v128.store (local.get $d) (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t1) (local.get $t3)))
        (local.set $d (i32.add (local.get $d) (local.get $dstRow)))
        (v128.store (local.get $d) (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t1) (local.get $t3)))
        (local.set $c (i32.add (local.get $c) (i32.const 4)))
        (br $next)))
      (local.set $i (i32.add (local.get $i) (i32.const 4)))
      (br $nextRow)))
    (call $transposeScalar (local.get $src) (local.get $srcRow) (i32.const 0) (local.get $rows4) (local.get $cols4)
      (local.get $cols) (local.get $dst) (local.get $dstRow))
    (call $transposeScalar (local.get $src) (local.get $srcRow) (local.get $rows4) (local.get $rows) (i32.const 0)
      (local.get $cols) (local.get $dst) (local.get $dstRow)))

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

  ;; The local queries of one (batch row, head), tile by tile. Layout (float32, byte offsets; see wasm-core.ts):
  ;;   qs    (Lq, D)      scaled queries, rows L..Lq-1 zero (Lq = L rounded up to 4)
  ;;   kt    (D, Lk)      keys transposed: column w + j holds key j, other columns zero; row stride $ktRow
  ;;   kbias (Lk)         0 at column w + j when key j is a local token, -inf elsewhere (padding, global, outside)
  ;;   kg    (D, Gp)      the row's global keys transposed (Gp = global slots rounded up to 8), gbias (Gp) 0 / -inf
  ;;   vh    (L, >= Dp) values, rows $vRow bytes apart; vg (Gp, Dp); Dp = D rounded up to 8, extra lanes zero
  ;;   s     scores/probabilities of a tile, 4 rows of Gp + nb columns (nb = 2w + 4 rounded up to 8), moved
  ;;         on by $sStep per tile (0: reused; one tile of rows: every probability row kept for the caller)
  ;;   out   (Lq, >= Dp)  context, rows $outRow bytes apart; rows of non-local queries are zero (Dp floats each)
  ;; Tile column Gp + c of row r is key j = i0 - w + c; it is in query i0 + r's band when r <= c <= r + 2w.
  (func (export "attendHead")
    (param $qs i32) (param $kt i32) (param $ktRow i32) (param $kbias i32)
    (param $kg i32) (param $gbias i32) (param $Gp i32) (param $vh i32) (param $vg i32)
    (param $L i32) (param $Lq i32) (param $w i32) (param $nb i32) (param $D i32) (param $Dp i32)
    (param $s i32) (param $sStep i32) (param $vRow i32) (param $out i32) (param $outRow i32)
    (local $i0 i32) (local $r i32) (local $c i32) (local $cols i32) (local $sRow i32) (local $qRow i32)
    (local $dpBytes i32) (local $row i32) (local $band i32) (local $tile i32) (local $d i32) (local $cFrom i32)
    (local $cTo i32)
    (local.set $cols (i32.add (local.get $Gp) (local.get $nb)))
    (local.set $sRow (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $qRow (i32.shl (local.get $D) (i32.const 2)))
    (local.set $dpBytes (i32.shl (local.get $Dp) (i32.const 2)))
    (block $doneTiles (loop $nextTile
      (br_if $doneTiles (i32.ge_u (local.get $i0) (local.get $Lq)))
      ;; scores: the global keys, then the band
      (local.set $c (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $Gp)))
        (call $scoreBlock (i32.add (local.get $qs) (i32.mul (local.get $i0) (local.get $qRow))) (local.get $qRow)
          (i32.add (local.get $kg) (i32.shl (local.get $c) (i32.const 2))) (i32.shl (local.get $Gp) (i32.const 2))
          (local.get $D) (i32.add (local.get $s) (i32.shl (local.get $c) (i32.const 2))) (local.get $sRow))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $next)))
      (local.set $c (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $c) (local.get $nb)))
        (call $scoreBlock (i32.add (local.get $qs) (i32.mul (local.get $i0) (local.get $qRow))) (local.get $qRow)
          (i32.add (local.get $kt) (i32.shl (i32.add (local.get $i0) (local.get $c)) (i32.const 2))) (local.get $ktRow)
          (local.get $D) (i32.add (local.get $s) (i32.shl (i32.add (local.get $Gp) (local.get $c)) (i32.const 2)))
          (local.get $sRow))
        (local.set $c (i32.add (local.get $c) (i32.const 8)))
        (br $next)))

      ;; per query row: the corners outside its band, the masks (with the maximum), then the softmax
      (local.set $r (i32.const 0))
      (block $doneRows (loop $nextRow
        (br_if $doneRows (i32.ge_u (local.get $r) (i32.const 4)))
        (local.set $row (i32.add (local.get $s) (i32.mul (local.get $r) (local.get $sRow))))
        (local.set $band (i32.add (local.get $row) (i32.shl (local.get $Gp) (i32.const 2))))
        (local.set $c (i32.const 0))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $c) (local.get $r)))
          (f32.store (i32.add (local.get $band) (i32.shl (local.get $c) (i32.const 2))) (f32.const -inf))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $next)))
        (local.set $c (i32.add (i32.add (local.get $r) (i32.shl (local.get $w) (i32.const 1))) (i32.const 1)))
        (block $done (loop $next
          (br_if $done (i32.ge_u (local.get $c) (local.get $nb)))
          (f32.store (i32.add (local.get $band) (i32.shl (local.get $c) (i32.const 2))) (f32.const -inf))
          (local.set $c (i32.add (local.get $c) (i32.const 1)))
          (br $next)))
        (call $softmaxRow (local.get $row) (local.get $cols)
          (call $addBiasMax (local.get $band) (i32.add (local.get $kbias) (i32.shl (local.get $i0) (i32.const 2)))
            (local.get $nb)
            (call $addBiasMax (local.get $row) (local.get $gbias) (local.get $Gp) (f32.const -inf))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $nextRow)))

      ;; context = probabilities x values, 8 output floats of the four rows at a time; band keys outside
      ;; 0..L-1 are skipped (their probability is 0 and they have no value row)
      (local.set $tile (i32.add (local.get $out) (i32.mul (local.get $i0) (local.get $outRow))))
      (local.set $r (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $r) (i32.const 4)))
        (call $fill (i32.add (local.get $tile) (i32.mul (local.get $r) (local.get $outRow))) (local.get $dpBytes) (f32.const 0))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
      (local.set $cFrom (select (i32.sub (local.get $w) (local.get $i0)) (i32.const 0)
        (i32.gt_s (i32.sub (local.get $w) (local.get $i0)) (i32.const 0))))
      (local.set $cTo (i32.sub (i32.add (local.get $L) (local.get $w)) (local.get $i0)))
      (if (i32.gt_s (local.get $cTo) (local.get $nb)) (then (local.set $cTo (local.get $nb))))
      (local.set $d (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $d) (local.get $Dp)))
        (if (i32.gt_s (local.get $Gp) (i32.const 0))
          (then (call $valueBlock (local.get $s) (local.get $sRow) (local.get $Gp)
            (i32.add (local.get $vg) (i32.shl (local.get $d) (i32.const 2))) (local.get $dpBytes)
            (i32.add (local.get $tile) (i32.shl (local.get $d) (i32.const 2))) (local.get $outRow))))
        (if (i32.gt_s (local.get $cTo) (local.get $cFrom))
          (then (call $valueBlock
            (i32.add (local.get $s) (i32.shl (i32.add (local.get $Gp) (local.get $cFrom)) (i32.const 2))) (local.get $sRow)
            (i32.sub (local.get $cTo) (local.get $cFrom))
            (i32.add (i32.add (local.get $vh)
              (i32.mul (i32.add (i32.sub (local.get $i0) (local.get $w)) (local.get $cFrom)) (local.get $vRow)))
              (i32.shl (local.get $d) (i32.const 2)))
            (local.get $vRow)
            (i32.add (local.get $tile) (i32.shl (local.get $d) (i32.const 2))) (local.get $outRow))))
        (local.set $d (i32.add (local.get $d) (i32.const 8)))
        (br $next)))
      ;; non-local query rows (global: recomputed by the global path; padding: zero context) are zeroed
      (local.set $r (i32.const 0))
      (block $done (loop $next
        (br_if $done (i32.ge_u (local.get $r) (i32.const 4)))
        (if (f32.ne (f32.load (i32.add (local.get $kbias)
              (i32.shl (i32.add (i32.add (local.get $i0) (local.get $w)) (local.get $r)) (i32.const 2)))) (f32.const 0))
          (then (call $fill (i32.add (local.get $tile) (i32.mul (local.get $r) (local.get $outRow))) (local.get $dpBytes)
            (f32.const 0))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $next)))
      (local.set $s (i32.add (local.get $s) (local.get $sStep)))
      (local.set $i0 (i32.add (local.get $i0) (i32.const 4)))
      (br $nextTile))))

  ;; Exact (erf) GELU `x/2 (1 + erf(x/sqrt 2))` of `n` floats at $ptr into $dst (may be $ptr), four at a time
  ;; (reads and writes whole 16-byte groups: `n` a multiple of 4). Lives here because tfjs-wasm's `Erf` is scalar
  ;; (~19 ns per element) and it is the largest element-wise cost of a Longformer layer. Evaluated in float64,
  ;; the four floats as two f64x2 halves: erf(z) = z P(z^2) / Q(z^2) on |z| <= 4, a rational least-squares fit
  ;; (P degree 6, Q degree 5 in z^2) with max abs error 1.5e-9; beyond 4 erf is exactly +-1 (the largest
  ;; error, 1 - erf(4) = 1.5e-8, i.e. GELU off by < 1e-8 |x|), so GELU is exactly x or 0 in the tails.
  ;; The halves are written out twice (a call per half, which V8 does not inline, was 1.6x slower), and the
  ;; clamp uses pmin/pmax (one instruction each; NaN still propagates from the first operand): min/max was
  ;; 1.8x slower. ~4.4 ns per float on the 2-core dev machine, against ~20 for tfjs-wasm's scalar `Erf`.
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
      (v128.store (local.get $dst)
        (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
          (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
      (local.set $ptr (i32.add (local.get $ptr) (i32.const 16)))
      (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
      (br $next))))

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
)
