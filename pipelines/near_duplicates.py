"""The near-duplicate policy of the store (tier 3 of ``pipelines/dedup.py``): which stored cluster a
new or changed posting joins when its text is nearly that of another (MinHash signatures and LSH
band keys kept in ``posting_minhash`` / ``posting_lsh``; candidates found by one SQL join on the
band keys, scored by :func:`~skillgap.pipelines.dedup.near_duplicate_score`)."""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np

from skillgap.pipelines.dedup import DedupView, cluster_key, near_duplicate_score
from skillgap.pipelines.models import NormalizedPosting

__all__ = ["NearDuplicates"]


class NearDuplicates:
    """Near-duplicate clustering, on a store session's connection (part of
    :class:`~skillgap.pipelines.store.Store`; :meth:`PostingWriter.upsert_postings` calls it)."""

    con: duckdb.DuckDBPyConnection

    def _near_duplicate_clusters(
        self,
        changed: dict[str, NormalizedPosting],
        signatures: dict[str, Any],
        url_clusters: dict[str, str],
        text_clusters: dict[str, str],
        keys: dict[str, tuple[str | None, str | None]],
    ) -> dict[str, str]:
        """Cluster of each new/changed posting that has a near-duplicate (stored or earlier in
        this batch). Candidates share an LSH band key; one SQL join finds the stored ones."""
        views: dict[str, DedupView] = {}
        bands: dict[str, list[int]] = {}
        for pid, p in changed.items():
            _, sig, keys_ = signatures.get(pid, (None, None, None))
            if sig is None:
                continue
            views[pid] = DedupView(p.company, p.title, p.location, p.description, sig.values, sig.shingles)
            bands[pid] = keys_
        if not views:
            return {}
        con = self.con
        con.execute("CREATE OR REPLACE TEMP TABLE _bands (posting_id VARCHAR, band_key UBIGINT)")
        with con.appender("_bands") as app:
            app.append_rows([(pid, k) for pid, ks in bands.items() for k in ks])
        pairs = con.execute(
            "SELECT DISTINCT b.posting_id, l.posting_id FROM _bands b JOIN posting_lsh l USING (band_key) "
            "WHERE l.posting_id <> b.posting_id"
        ).fetchall()
        con.execute("DROP TABLE _bands")
        stored: dict[str, tuple[str, DedupView]] = {}
        cand_ids = sorted({c for _, c in pairs})
        if cand_ids:
            for cid, cluster, company, title, location, description, sig, shingles in con.execute(
                "SELECT r.posting_id, r.cluster_id, r.company, r.title, r.location, r.description, m.signature, "
                "m.shingles FROM posting_records r JOIN posting_minhash m USING (posting_id) "
                "WHERE r.posting_id IN (SELECT unnest(?))",
                [cand_ids],
            ).fetchall():
                stored[cid] = (cluster, DedupView(company, title, location, description, np.asarray(sig, dtype=np.uint64), shingles))
        candidates: dict[str, set[str]] = {}
        for pid, cid in pairs:
            candidates.setdefault(pid, set()).add(cid)
        out: dict[str, str] = {}
        batch_index: dict[int, list[str]] = {}  # band key -> earlier postings of this batch
        for pid in sorted(views):
            view = views[pid]
            best: tuple[float, str] | None = None
            options = [(stored[c][0], stored[c][1]) for c in candidates.get(pid, ()) if c in stored and c not in changed]
            earlier = {e for k in bands[pid] for e in batch_index.get(k, ())}
            options += [(out.get(e) or self._cluster_of(e, keys, url_clusters, text_clusters, changed[e]), views[e]) for e in earlier]
            for cluster, other in options:
                score = near_duplicate_score(view, other)
                if score is not None and (best is None or (-score, cluster) < (-best[0], best[1])):
                    best = (score, cluster)
            if best is not None:
                out[pid] = best[1]
            for k in bands[pid]:
                batch_index.setdefault(k, []).append(pid)
        return out

    @staticmethod
    def _cluster_of(pid, keys, url_clusters, text_clusters, p: NormalizedPosting) -> str:
        curl, tkey = keys[pid]
        return (
            (url_clusters.get(curl) if curl else None)
            or (text_clusters.get(tkey) if tkey else None)
            or cluster_key(p.company, p.title, p.location)
        )

    def _write_signatures(self, signatures: dict[str, Any], *, replace: list[str]) -> None:
        """Store new signatures and band keys; ``replace``: postings whose stored ones are stale."""
        if not signatures:
            return
        con = self.con
        if replace:
            con.execute("CREATE OR REPLACE TEMP TABLE _sig_ids (posting_id VARCHAR)")
            with con.appender("_sig_ids") as app:
                app.append_rows([(pid,) for pid in replace])
            con.execute("DELETE FROM posting_lsh WHERE posting_id IN (SELECT posting_id FROM _sig_ids)")
            con.execute("DELETE FROM posting_minhash WHERE posting_id IN (SELECT posting_id FROM _sig_ids)")
            con.execute("DROP TABLE _sig_ids")
        sig_rows: list[tuple[Any, ...]] = []
        band_rows: list[tuple[Any, ...]] = []
        for pid, (content_hash, sig, keys) in signatures.items():
            if sig is None:
                continue
            sig_rows.append((pid, content_hash, sig.shingles, sig.values.tolist()))
            band_rows.extend((k, pid) for k in keys)
        if sig_rows:
            with con.appender("posting_minhash") as app:
                app.append_rows(sig_rows)
            with con.appender("posting_lsh") as app:
                app.append_rows(band_rows)
