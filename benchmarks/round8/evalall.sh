# usage: evalall.sh SRC OUT
SRC=$1; OUT=$2; mkdir -p $OUT
cd "$(dirname "$0")/../.."
for spec in v2:seed:tests/data/retrieval_v2.jsonl shared:seed:../shared/eval/dev.jsonl own:seed:tests/data/own.jsonl older:seed:tests/data/heldout.jsonl qingchuan:qingchuan:tests/data/retrieval_qingchuan.jsonl donggang:donggang:tests/data/retrieval_blind.jsonl fengqiao:fengqiao:tests/data/retrieval_blind2.jsonl qingshi:qingshi:tests/data/retrieval_blind3.jsonl jinqiao:jinqiao:tests/data/retrieval_blind4.jsonl yuquan:yuquan:tests/data/retrieval_blind5.jsonl; do
  IFS=: read name idx f <<< "$spec"
  for mode in hybrid bm25 dense; do
    PYTHONPATH=$SRC /work/main/.venv/bin/python -c "from wrsearch.cli import main; main()" eval $f --index ${ROUND8_WORK:-/tmp/ret7}/idx-$idx --mode $mode --json > $OUT/$name-$mode.json 2>$OUT/$name-$mode.err
  done
done
