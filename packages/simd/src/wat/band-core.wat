;; Banded attention of one (batch row, head), tiled four queries at a time (the `bandCore` op). The band of
;; queries i0..i0+3 is the 2w+4 keys i0-w..i0+3+w, so a tile scores them all as one small matrix product
;; (98% of the work is in some query's band) and masks the few corners: each key vector loaded is used by
;; four queries, where one query at a time reads every key once per query (2.6x faster measured at the mini
;; shape). Keys are stored transposed so the four lanes run over keys. The 4 x 8 blocks are in
;; register-blocks.wat, the softmax in softmax.wat.
;;
;; The local queries of one (batch row, head), tile by tile. Layout (float32, byte offsets; the TS wrapper's
;; argument names in src/ops/band-core.ts):
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
