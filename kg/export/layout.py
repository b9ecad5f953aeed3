"""Node positions computed ahead in Python, so the browser draws at once instead of simulating.

A force-directed layout with FFT-based repulsion on a grid (O(n log n) per step), per connected
piece, the pieces packed side by side, then overlapping nodes pushed apart. Deterministic for a
given graph and seed; about a second for 10,000 nodes on one core.

Examples
--------
>>> import numpy as np
>>> pos = force_layout(3, np.array([[0, 1], [1, 2]]), spacing=10.0)
>>> pos.shape, bool(np.isfinite(pos).all())
((3, 2), True)
"""
from __future__ import annotations

import math
from collections.abc import Hashable

import networkx as nx
import numpy as np

__all__ = ["force_layout", "layout_graph", "separate"]


def _kernel_spectra(g: int) -> tuple[np.ndarray, np.ndarray]:
    """FFTs of the 1/r repulsion kernel's x and y parts on a (2g)² wrap-around grid of unit cells."""
    off = np.fft.fftfreq(2 * g, 1.0 / (2 * g))  # 0, 1, ..., g-1, -g, ..., -1
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx * dx + dy * dy + 0.25  # softened: a cell does not push its own nodes
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _piece_layout(n: int, edges: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Force-directed positions of one connected piece (unscaled)."""
    a, b = edges[:, 0], edges[:, 1]
    mass = np.bincount(edges.ravel(), minlength=n).astype(float) + 1.0
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0.0, 2.0 * math.pi, n)
    pos = np.column_stack([np.cos(angle), np.sin(angle)]) * (np.sqrt(rng.uniform(0.0, 1.0, n)) * math.sqrt(n) * 4.0)[:, None]
    g = int(min(128, max(8, 2 ** math.ceil(math.log2(math.sqrt(n) + 1)))))
    kx, ky = _kernel_spectra(g)
    t0 = math.sqrt(n)
    for it in range(iterations):
        # the grid spans the bulk of the nodes; stragglers are clamped to its border cells
        lo, hi = np.percentile(pos, [1.0, 99.0], axis=0)
        pad = (hi - lo) * 0.1 + 1e-9
        lo = lo - pad
        h = float((hi + pad - lo).max()) / g
        # cloud-in-cell: each node's mass is shared by the 4 nearest cell centres, and its force
        # read back with the same weights, so nodes in one cell still feel different forces
        u = (pos - lo) / h - 0.5
        base = np.floor(u)
        frac = u - base
        base = base.astype(np.int64)
        cells, weights = [], []
        for dx, dy in ((0, 0), (1, 0), (0, 1), (1, 1)):
            ci = np.clip(base[:, 0] + dx, 0, g - 1) * (2 * g) + np.clip(base[:, 1] + dy, 0, g - 1)
            w = (frac[:, 0] if dx else 1.0 - frac[:, 0]) * (frac[:, 1] if dy else 1.0 - frac[:, 1])
            cells.append(ci)
            weights.append(w)
        grid = sum(np.bincount(c, weights=w * mass, minlength=4 * g * g) for c, w in zip(cells, weights))
        spec = np.fft.rfft2(grid.reshape(2 * g, 2 * g))
        field_x = np.fft.irfft2(spec * kx, s=(2 * g, 2 * g)).ravel()
        field_y = np.fft.irfft2(spec * ky, s=(2 * g, 2 * g)).ravel()
        fx = sum(field_x[c] * w for c, w in zip(cells, weights))
        fy = sum(field_y[c] * w for c, w in zip(cells, weights))
        force = np.column_stack([fx, fy]) * (mass / h)[:, None]
        d = pos[a] - pos[b]
        for k in (0, 1):
            force[:, k] -= np.bincount(a, weights=d[:, k], minlength=n)
            force[:, k] += np.bincount(b, weights=d[:, k], minlength=n)
        centre = pos - pos.mean(axis=0)
        force -= mass[:, None] * centre / (np.linalg.norm(centre, axis=1, keepdims=True) + 1e-9)
        step = force / mass[:, None]
        length = np.linalg.norm(step, axis=1, keepdims=True) + 1e-12
        temp = t0 * (1.0 - it / iterations) + 0.05
        pos += step * np.minimum(1.0, temp / length)
    return pos - pos.mean(axis=0)


def _pack(pieces: list[np.ndarray], gap: float) -> list[np.ndarray]:
    """Shelf-pack laid-out pieces (largest first) into rows about as wide as the biggest piece."""
    boxes = [(p.min(axis=0), p.max(axis=0)) for p in pieces]
    area = sum(float(np.prod(hi - lo + gap)) for lo, hi in boxes)
    width = max(math.sqrt(area), float(boxes[0][1][0] - boxes[0][0][0]) + gap)
    out, x, y, row_h = [], 0.0, 0.0, 0.0
    for p, (lo, hi) in zip(pieces, boxes):
        w, h = hi - lo + gap
        if x > 0 and x + w > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        out.append(p - lo + np.array([x, y]))
        x, row_h = x + w, max(row_h, h)
    return out


def force_layout(
    n: int, edges: np.ndarray, *, iterations: int = 150, seed: int = 0, spacing: float = 40.0
) -> np.ndarray:
    """Deterministic 2-D positions for ``n`` nodes joined by undirected ``edges`` (shape (m, 2)).

    Each connected piece is laid out on its own, then the pieces are packed in rows, largest
    first. The model is ForceAtlas2-like (attraction linear in distance along edges, repulsion
    ``m_i m_j / d`` with mass = degree + 1, gravity towards the piece's centre) and the repulsion
    is evaluated on a grid by FFT convolution (particle-mesh), not pairwise: a step costs
    O(n + m + g² log g) with g ≤ 128, so 10,000 nodes take about a second. Positions are scaled so
    that each node has about ``spacing``² of area.

    Examples
    --------
    >>> xy = force_layout(5, np.array([[0, 1], [1, 2], [2, 3]]), iterations=50)
    >>> xy.shape, bool(np.isfinite(xy).all())
    ((5, 2), True)
    >>> bool((xy == force_layout(5, np.array([[0, 1], [1, 2], [2, 3]]), iterations=50)).all())
    True
    """
    if n == 0:
        return np.zeros((0, 2))
    edges = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    H = nx.Graph()
    H.add_nodes_from(range(n))
    H.add_edges_from(edges.tolist())
    comps = sorted((sorted(c) for c in nx.connected_components(H)), key=lambda c: (-len(c), c[0]))
    piece_of, local = np.empty(n, dtype=np.int64), np.empty(n, dtype=np.int64)
    for p, comp in enumerate(comps):
        piece_of[comp] = p
        local[comp] = np.arange(len(comp))
    by_piece = np.argsort(piece_of[edges[:, 0]], kind="stable")
    bounds = np.searchsorted(piece_of[edges[by_piece, 0]], np.arange(len(comps) + 1))
    pieces = []
    for p, comp in enumerate(comps):
        sub = local[edges[by_piece[bounds[p]:bounds[p + 1]]]]
        if len(comp) <= 2:
            piece = np.array([[0.0, 0.0], [1.0, 0.0]])[: len(comp)]
        else:
            piece = _piece_layout(len(comp), sub, iterations, seed)
            # a piece's typical edge is one unit long, as in the small pieces
            piece = piece / max(float(np.median(np.linalg.norm(piece[sub[:, 0]] - piece[sub[:, 1]], axis=1))), 1e-9)
        pieces.append(piece)
    pos = np.zeros((n, 2))
    for comp, piece in zip(comps, _pack(pieces, gap=1.5)):
        pos[comp] = piece
    pos -= (pos.min(axis=0) + pos.max(axis=0)) / 2.0
    extent = float(np.sqrt(np.maximum(np.ptp(pos, axis=0), 1.0).prod()))
    return pos * (spacing * math.sqrt(n) / extent)


def separate(pos: np.ndarray, radius: np.ndarray, *, gap: float = 4.0, iterations: int = 10) -> np.ndarray:
    """Positions moved apart until no two discs (``radius`` each, ``gap`` between) overlap, or
    ``iterations`` passes are done.

    The force layout resolves the graph's shape but not what shares a grid cell: this pass
    separates near neighbours (typically a paper's leaf entities) so each can be seen and clicked.
    Candidate pairs come from a hash grid, so a pass costs O(n) for a spread-out layout.

    Examples
    --------
    >>> separate(np.array([[0.0, 0.0], [1.0, 0.0], [100.0, 0.0]]), np.array([5.0, 5.0, 5.0]), gap=0).round(1).tolist()
    [[-4.5, 0.0], [5.5, 0.0], [100.0, 0.0]]
    """
    pos = np.array(pos, dtype=float)
    n = len(pos)
    if n < 2:
        return pos
    # cells fit the usual node, not the largest: the rare hub may keep a slight overlap
    cell = 2.0 * float(np.percentile(radius, 99)) + gap
    for _ in range(iterations):
        c = np.floor(pos / cell).astype(np.int64)
        c -= c.min(axis=0)
        width = int(c[:, 1].max()) + 3  # rows never touch: (x, -1) and (x, max+1) hit nothing
        key = c[:, 0] * width + c[:, 1]
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        firsts, seconds = [], []
        for dx, dy in ((0, 0), (1, -1), (1, 0), (1, 1), (0, 1)):  # each neighbouring cell pair once
            target = key + dx * width + dy
            lo = np.searchsorted(sorted_key, target, "left")
            count = np.searchsorted(sorted_key, target, "right") - lo
            if count.sum() > 50 * n:  # a pile-up the force layout should have spread: leave it
                return pos
            src = np.repeat(np.arange(n), count)
            dst = order[np.repeat(lo, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)]
            keep = src < dst if (dx, dy) == (0, 0) else np.ones(len(src), dtype=bool)
            firsts.append(src[keep])
            seconds.append(dst[keep])
        i, j = np.concatenate(firsts), np.concatenate(seconds)
        d = pos[i] - pos[j]
        dist = np.hypot(d[:, 0], d[:, 1])
        need = radius[i] + radius[j] + gap
        over = dist < need
        if not over.any():
            break
        i, j, d, dist, need = i[over], j[over], d[over], dist[over], need[over]
        same = dist < 1e-9  # coincident: part them along a direction fixed by their indices
        d[same] = np.column_stack([np.cos(i[same] + j[same]), np.sin(i[same] + j[same])])
        dist[same] = 1.0
        push = d * ((need - dist) / (2.0 * dist))[:, None]
        for k in (0, 1):
            pos[:, k] += np.bincount(i, weights=push[:, k], minlength=n) - np.bincount(j, weights=push[:, k], minlength=n)
    return pos


def layout_graph(G: nx.MultiDiGraph, order: list[Hashable], spacing: float) -> np.ndarray:
    index = {node: i for i, node in enumerate(order)}
    pairs = {(min(index[u], index[v]), max(index[u], index[v])) for u, v in G.edges() if u != v}
    edges = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    return force_layout(len(order), edges, spacing=spacing)
