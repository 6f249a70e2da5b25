"""Builds the line-cleanup data set: public pages rendered to text as a browser shows them,
each with the ground-truth body its dataset ships.

Sources (public, not written by us; fetched as git mirrors, read with `git show`):
  * tiptopjaw/web-content-extraction-benchmark: 1000 pages collected in 2026
    (release/html/NNNN.html.gz, ground truth benchmark/ground-truth/NNNN.json: title,
    publish_date, main_content). Apache-2.0.
  * mozilla/readability test pages (test/test-pages/<site>/source.html, expected.html,
    expected-metadata.json): real English news and blog pages only (the synthetic unit-test
    pages and non-English pages are left out). Apache-2.0.

The split is fixed here, before any model was designed, and never tuned:
  * held-out = every readability page (another collection, other sites) + the
    web-content-extraction pages whose site (registered host) hashes to bucket 0 of 5;
  * train = the other web-content-extraction pages.

A third, test-only set, built after the learned cleaner's design was fixed and never used to
train or tune either cleaner (`scrapinghub` subcommand):
  * scrapinghub/article-extraction-benchmark: 181 news pages (html/<id>.html.gz), ground truth
    ground-truth.json {id: {articleBody, url}} (no headline, no date). MIT.
    Every page is held-out (dataset "scrapinghub").

Usage: python tools/cleanup/data.py WCEB_GIT_DIR READABILITY_GIT_DIR OUT.jsonl
       python tools/cleanup/data.py scrapinghub SCRAPINGHUB_GIT_DIR OUT.jsonl
Rendering: inscriptis (pinned in requirements.txt) with its default browser-like layout.
"""

import gzip
import hashlib
import json
import subprocess
import sys
from urllib.parse import urlparse

from inscriptis import get_text
from inscriptis.model.config import ParserConfig

CONFIG = ParserConfig(display_links=False, display_images=False)

# Readability test pages that are real English article pages (the others are unit tests of
# readability's DOM rules, or in other languages).
READABILITY_PAGES = [
    "aclu", "ars-1", "bbc-1", "blogger", "breitbart", "buzzfeed-1", "citylab-1", "cnet",
    "cnn", "daringfireball-1", "dev418", "dropbox-blog", "ebb-org", "ehow-1", "ehow-2",
    "engadget", "firefox-nightly-blog", "gitlab-blog", "google-sre-book-1", "guardian-1",
    "herald-sun-1", "iab-1", "ietf-1", "lifehacker-working", "lwn-1",
    "medicalnewstoday", "medium-1", "medium-2", "medium-3", "mozilla-1", "mozilla-2", "msn",
    "nytimes-1", "nytimes-2", "nytimes-3", "nytimes-4", "nytimes-5", "quanta-1",
    "royal-road", "salon-1", "seattletimes-1", "simplyfound-1", "spiceworks", "telegraph",
    "theverge", "tmz-1", "topicseed-1", "tumblr", "v8-blog", "wapo-1", "wapo-2", "webmd-1",
    "webmd-2", "wikia", "wikipedia", "wikipedia-2", "wikipedia-3", "wikipedia-4", "wordpress",
    "yahoo-1", "yahoo-2", "yahoo-3", "yahoo-4", "youth",
]


def git_show(git_dir, path):
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"HEAD:{path}"],
        check=True, capture_output=True,
    ).stdout


def git_ls(git_dir, path):
    out = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "--name-only", "HEAD", path],
        check=True, capture_output=True, text=True,
    ).stdout
    return out.split()


def render(html_bytes):
    html = html_bytes.decode("utf-8", errors="replace")
    return get_text(html, CONFIG)


def site_of(url):
    host = (urlparse(url).hostname or "").lower()
    parts = host.split(".")
    if parts and parts[0] == "www":
        parts = parts[1:]
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def held_out_site(site):
    return hashlib.sha1(site.encode()).digest()[0] % 5 == 0


def wceb(git_dir):
    for gt_path in git_ls(git_dir, "benchmark/ground-truth"):
        file_id = gt_path.rsplit("/", 1)[-1].removesuffix(".json")
        try:
            gt = json.loads(git_show(git_dir, gt_path))
            html = gzip.decompress(git_show(git_dir, f"release/html/{file_id}.html.gz"))
        except (subprocess.CalledProcessError, OSError, ValueError):
            continue
        truth = gt.get("ground_truth") or {}
        body = truth.get("main_content") or ""
        if len(body) < 200:
            continue
        site = site_of(gt.get("url", ""))
        yield {
            "id": f"wceb/{file_id}",
            "dataset": "wceb",
            "site": site,
            "page_type": ((gt.get("_internal") or {}).get("page_type") or {}).get("primary"),
            "split": "heldout" if held_out_site(site) else "train",
            "text": render(html),
            "gt_body": body,
            "gt_title": truth.get("title"),
            "gt_date": truth.get("publish_date"),
        }


def readability(git_dir):
    for name in READABILITY_PAGES:
        base = f"test/test-pages/{name}"
        try:
            source = git_show(git_dir, f"{base}/source.html")
            expected = git_show(git_dir, f"{base}/expected.html")
            meta = json.loads(git_show(git_dir, f"{base}/expected-metadata.json"))
        except (subprocess.CalledProcessError, ValueError):
            continue
        yield {
            "id": f"readability/{name}",
            "dataset": "readability",
            "site": name.rsplit("-", 1)[0] if name[-1].isdigit() else name,
            "page_type": "article",
            "split": "heldout",
            "text": render(source),
            "gt_body": render(expected),
            "gt_title": meta.get("title"),
            "gt_date": (meta.get("publishedTime") or "")[:10] or None,
        }


def scrapinghub(git_dir):
    truth = json.loads(git_show(git_dir, "ground-truth.json"))
    for page_id in sorted(truth):
        gt = truth[page_id]
        try:
            html = gzip.decompress(git_show(git_dir, f"html/{page_id}.html.gz"))
        except (subprocess.CalledProcessError, OSError):
            print(f"skipped scrapinghub/{page_id}: no html", file=sys.stderr)
            continue
        yield {
            "id": f"scrapinghub/{page_id}",
            "dataset": "scrapinghub",
            "site": site_of(gt.get("url", "")),
            "page_type": "article",
            "split": "heldout",
            "text": render(html),
            "gt_body": gt.get("articleBody") or "",
            "gt_title": gt.get("headline"),
            "gt_date": (gt.get("datePublished") or "")[:10] or None,
        }


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "scrapinghub":
        pages = list(scrapinghub(sys.argv[2]))
    elif len(sys.argv) == 4:
        pages = list(wceb(sys.argv[1])) + list(readability(sys.argv[2]))
    else:
        sys.exit(__doc__)
    out = sys.argv[3]
    n = 0
    with open(out, "w", encoding="utf-8") as f:
        for rec in pages:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    print(f"{n} pages -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
