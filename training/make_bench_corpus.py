"""Writes a benchmark corpus as JSONL {"id", "text"} from CoNLL-2003 sentences in ../shared/data.

Each document is N consecutive sentences (train, dev, test in file order, -DOCSTART- skipped), its
tokens joined by spaces. The corpus itself is never committed; this script makes it on demand:

    /usr/bin/python3 training/make_bench_corpus.py /tmp/conll10k.jsonl --docs 10000 --sentences 2
"""
import argparse
import json
from pathlib import Path

CONLL = Path(__file__).resolve().parents[2] / "shared" / "data" / "ner" / "conll2003"


def sentences(folder):
    for split in ("train", "dev", "test"):
        words = []
        for line in (folder / f"{split}.txt").open(encoding="utf-8"):
            token = line.rstrip("\n").split("\t")[0]
            if token:
                words.append(token)
            elif words:
                if words != ["-DOCSTART-"]:
                    yield " ".join(words)
                words = []
        if words and words != ["-DOCSTART-"]:
            yield " ".join(words)  # the file may not end with a blank line


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--sentences", type=int, default=2, help="sentences per document")
    parser.add_argument("--conll", type=Path, default=CONLL, help="folder with CoNLL-2003 train/dev/test.txt")
    args = parser.parse_args()
    pool = list(sentences(args.conll))
    need = args.docs * args.sentences
    if need > len(pool):
        raise SystemExit(f"only {len(pool)} sentences available, {need} needed")
    with args.out.open("w", encoding="utf-8") as out:
        for i in range(args.docs):
            text = " ".join(pool[i * args.sentences:(i + 1) * args.sentences])
            out.write(json.dumps({"id": f"conll-{i:05d}", "text": text}, ensure_ascii=False) + "\n")
    print(f"wrote {args.docs} documents to {args.out}")


if __name__ == "__main__":
    main()
