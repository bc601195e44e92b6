"""What one Lighthouse JSON report says about a page: its figures, and what still weighs.

``figures(report)`` gives the four category scores (0–100), the bytes transferred on the
first load (Lighthouse's ``total-byte-weight``: every request of the load, as sent over
the wire, so compressed where the server compressed), the largest contentful paint in
milliseconds and the number of requests. ``leftovers(report)`` names what is left to do:
the largest transfers, requests that failed, the resources that block rendering, the
largest paint's element and its phases, the layout shifts and their causes, the audits
of the four categories that did not pass and the performance opportunities with their
estimated savings.
"""

from __future__ import annotations

from typing import Any

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Lighthouse 12 has both the classic audit and its "insight" successor.
RENDER_BLOCKING = ("render-blocking-resources", "render-blocking-insight")


def figures(report: dict[str, Any]) -> dict[str, float]:
    audits = report["audits"]
    result: dict[str, float] = {}
    for category in CATEGORIES:
        score = report["categories"][category]["score"]
        result[category] = round(100 * score) if score is not None else float("nan")
    result["bytes"] = float(audits["total-byte-weight"]["numericValue"])
    result["lcp_ms"] = float(audits["largest-contentful-paint"]["numericValue"])
    items = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    result["requests"] = float(len(items))
    return result


def _transfers(audits: dict[str, Any], count: int) -> list[dict[str, Any]]:
    items = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    largest = sorted(items, key=lambda item: item.get("transferSize") or 0, reverse=True)
    return [
        {
            "url": item.get("url", ""),
            "type": item.get("resourceType", ""),
            "transfer_bytes": int(item.get("transferSize") or 0),
            "resource_bytes": int(item.get("resourceSize") or 0),
        }
        for item in largest[:count]
    ]


def _failed_requests(audits: dict[str, Any]) -> list[dict[str, Any]]:
    """Requests of the load that did not succeed (a missing picture, a stale static name)."""
    items = (audits.get("network-requests", {}).get("details") or {}).get("items") or []
    return [
        {"url": item.get("url", ""), "status": item.get("statusCode")}
        for item in items
        if (item.get("statusCode") or 0) >= 400 or item.get("statusCode") == -1
    ]


def _render_blocking(audits: dict[str, Any]) -> list[dict[str, Any]]:
    for audit_id in RENDER_BLOCKING:
        items = (audits.get(audit_id, {}).get("details") or {}).get("items") or []
        if items:
            return [
                {
                    "url": item.get("url", ""),
                    "transfer_bytes": int(item.get("totalBytes") or 0),
                    "wasted_ms": int(item.get("wastedMs") or 0),
                }
                for item in items
                if isinstance(item.get("url"), str)
            ]
    return []


def _failing(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Audits that did not pass: per category, and for performance its metrics below "good"
    (the five weighted ones) and its insights with estimated savings."""
    audits = report["audits"]
    failing: dict[str, list[dict[str, Any]]] = {}
    for category in CATEGORIES:
        rows = []
        for ref in report["categories"][category]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            mode = audit.get("scoreDisplayMode")
            if score is None or mode in {"notApplicable", "manual", "informative", "error"}:
                continue
            weight = ref.get("weight", 0)
            if category == "performance":
                metric = weight > 0 and score < 0.9
                insight = ref["id"].endswith("-insight") and score < 1
                if not (metric or insight):
                    continue
            elif score >= 1:
                continue
            rows.append(
                {
                    "id": ref["id"],
                    "title": audit.get("title", ""),
                    "value": audit.get("displayValue", ""),
                    "score": score,
                    "weight": weight,
                }
            )
        failing[category] = sorted(rows, key=lambda row: (-row["weight"], row["score"]))
    return failing


def _nodes(audit: dict[str, Any]) -> list[dict[str, Any]]:
    """The table rows of an audit's details, also when nested in a list (LCP element)."""
    details = audit.get("details") or {}
    if details.get("type") == "list":
        return [row for table in details.get("items", []) for row in table.get("items", [])]
    return list(details.get("items") or [])


def _layout_shifts(audits: dict[str, Any]) -> list[dict[str, Any]]:
    shifts = []
    for row in _nodes(audits.get("layout-shifts", {})):
        node = row.get("node") or {}
        causes = [
            f"{item.get('cause', '')}: {(item.get('extra') or {}).get('value', '')}".rstrip(": ")
            for item in (row.get("subItems") or {}).get("items", [])
        ]
        shifts.append(
            {
                "element": node.get("selector", ""),
                "score": round(float(row.get("score") or 0), 3),
                "causes": causes,
            }
        )
    return shifts


def _lcp_element(audits: dict[str, Any]) -> dict[str, Any]:
    element: dict[str, Any] = {}
    for row in _nodes(audits.get("largest-contentful-paint-element", {})):
        if "node" in row:
            element["element"] = row["node"].get("selector", "")
            element["text"] = (row["node"].get("nodeLabel") or "")[:60]
        elif "phase" in row:
            element.setdefault("phases_ms", {})[row["phase"]] = round(row.get("timing") or 0)
    return element


def _opportunities(audits: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for audit_id, audit in audits.items():
        details = audit.get("details") or {}
        if details.get("type") != "opportunity":
            continue
        saved_ms = details.get("overallSavingsMs") or 0
        saved_bytes = details.get("overallSavingsBytes") or 0
        if saved_ms <= 0 and saved_bytes <= 0:
            continue
        rows.append(
            {
                "id": audit_id,
                "title": audit.get("title", ""),
                "saved_ms": int(saved_ms),
                "saved_bytes": int(saved_bytes),
            }
        )
    return sorted(rows, key=lambda row: (-row["saved_ms"], -row["saved_bytes"]))


def leftovers(report: dict[str, Any], largest: int = 5) -> dict[str, Any]:
    audits = report["audits"]
    return {
        "largest_transfers": _transfers(audits, largest),
        "failed_requests": _failed_requests(audits),
        "render_blocking": _render_blocking(audits),
        "failing_audits": _failing(report),
        "lcp_element": _lcp_element(audits),
        "layout_shifts": _layout_shifts(audits),
        "opportunities": _opportunities(audits),
    }


def describe(leftover: dict[str, Any], origin: str) -> list[str]:
    """Lines for a person: what weighs most on this page and what fails."""

    def short(url: str) -> str:
        return url.replace(origin, "") or url

    lines = ["  largest transfers:"]
    for item in leftover["largest_transfers"]:
        lines.append(
            f"    {item['transfer_bytes'] / 1024:7.1f} KiB  {item['type']:<10} {short(item['url'])}"
        )
    for item in leftover["failed_requests"]:
        lines.append(f"  failed request: {item['status']} {short(item['url'])}")
    blocking = leftover["render_blocking"]
    lines.append(f"  render-blocking: {len(blocking) or 'none'}")
    for item in blocking:
        lines.append(
            f"    {item['transfer_bytes'] / 1024:7.1f} KiB  {item['wasted_ms']:5d} ms  "
            f"{short(item['url'])}"
        )
    lcp = leftover["lcp_element"]
    if lcp:
        phases = ", ".join(f"{k} {v} ms" for k, v in lcp.get("phases_ms", {}).items())
        lines.append(f"  LCP element: {lcp.get('element', '')} ({phases})")
    for shift in leftover["layout_shifts"]:
        lines.append(f"  layout shift {shift['score']}: {shift['element']}")
        lines.extend(f"    {short(cause)}" for cause in shift["causes"][:4])
    for category, rows in leftover["failing_audits"].items():
        if rows:
            lines.append(f"  not passed, {category}:")
            for row in rows:
                value = f" ({row['value']})" if row["value"] else ""
                lines.append(f"    {row['id']}: {row['title']}{value}")
    if leftover["opportunities"]:
        lines.append("  opportunities:")
        for row in leftover["opportunities"]:
            lines.append(
                f"    {row['id']}: {row['saved_ms']} ms, {row['saved_bytes'] / 1024:.1f} KiB"
            )
    return lines
