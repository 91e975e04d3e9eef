"""``khabar report``: one self-contained HTML page of a published version, for people.

Plotly draws the charts: its JavaScript is written into the page once
(``include_plotlyjs=True``), so the page needs no CDN and no network, opens from a file
offline and makes no request. ``collect`` reads what the page shows from a session with the
analyst views (``publish.sql.open_session``); ``render`` turns that into HTML and touches
nothing else. Chart ids are fixed and rows are ordered, so one version gives one page.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from html import escape
from typing import Any

import duckdb

TOP_PAIRS = 10  # actor pairs on the timeline
TOP_NODES = 30  # entities in the network, by their number of shared events
TOP_EVENTS = 15  # rows of the most-reported table


@dataclass(frozen=True)
class Report:
    """One sentence that reported an event."""

    published_date: date | None
    source: str | None
    sentence: str
    trigger: str
    trigger_offset: int


@dataclass(frozen=True)
class TopEvent:
    event_id: str
    type: str
    mode: str | None
    status: str
    date_value: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    location: str | None
    num_articles: int
    num_mentions: int
    reports: tuple[Report, ...]


@dataclass(frozen=True)
class PairEvent:
    pair: str  # "A – B"
    start_date: date
    type: str
    event_id: str


@dataclass(frozen=True)
class ReportData:
    """Everything the page shows, read from one version."""

    version: int
    run_id: str
    created_at: str
    row_counts: dict[str, int]
    validation: dict[str, Any]  # the version's validation summary, as the version log has it
    quarantine: tuple[dict[str, Any], ...]  # path, stage, reason, detail, attempts
    monthly: tuple[tuple[str, str, int], ...]  # (YYYY-MM, type, events)
    undated: int  # events without a start date: not on the monthly chart
    pair_events: tuple[PairEvent, ...]
    edges: tuple[tuple[str, str, int], ...]  # (name a, name b, shared events)
    top_events: tuple[TopEvent, ...] = field(default=())


def collect(
    con: duckdb.DuckDBPyConnection,
    entry: dict[str, Any],
    quarantine: tuple[dict[str, Any], ...] = (),
) -> ReportData:
    """Read the page's data from a session over version ``entry`` (a version-log entry)."""
    monthly = con.execute(
        "SELECT strftime(start_date, '%Y-%m') AS month, type, count(*) FROM events"
        " WHERE start_date IS NOT NULL GROUP BY ALL ORDER BY month, type"
    ).fetchall()
    undated = con.execute("SELECT count(*) FROM events WHERE start_date IS NULL").fetchone()
    pairs = con.execute(
        "SELECT entity_a, entity_b, name_a || ' – ' || name_b FROM actor_pairs"
        " ORDER BY n_events DESC, entity_a, entity_b LIMIT ?",
        [TOP_PAIRS],
    ).fetchall()
    pair_events: list[PairEvent] = []
    for entity_a, entity_b, label in pairs:
        rows = con.execute(
            "SELECT event_id, start_date, type FROM events"
            " WHERE list_contains(list_concat(actors, recipients), ?)"
            " AND list_contains(list_concat(actors, recipients), ?)"
            " AND start_date IS NOT NULL ORDER BY start_date, event_id",
            [entity_a, entity_b],
        ).fetchall()
        pair_events += [PairEvent(str(label), d, str(t), str(e)) for e, d, t in rows]
    edges = con.execute(
        "SELECT name_a, name_b, n_events FROM actor_pairs ORDER BY n_events DESC, entity_a,"
        " entity_b"
    ).fetchall()
    top = con.execute(
        "SELECT event_id, type, mode, status, date_value, actor_names, recipient_names,"
        " location_name, num_articles, num_mentions FROM event_timeline"
        " ORDER BY num_articles DESC, num_mentions DESC, event_id LIMIT ?",
        [TOP_EVENTS],
    ).fetchall()
    events = []
    for row in top:
        reports = con.execute(
            "SELECT published_date, source, sentence_text, trigger, trigger_offset"
            " FROM event_reports WHERE event_id = ?"
            " ORDER BY published_date NULLS LAST, article_id, sentence_index, trigger_offset",
            [row[0]],
        ).fetchall()
        events.append(
            TopEvent(
                event_id=row[0],
                type=row[1],
                mode=row[2],
                status=row[3],
                date_value=row[4],
                actors=tuple(row[5] or ()),
                recipients=tuple(row[6] or ()),
                location=row[7],
                num_articles=row[8],
                num_mentions=row[9],
                reports=tuple(Report(*r) for r in reports),
            )
        )
    return ReportData(
        version=int(entry["version"]),
        run_id=str(entry["run_id"]),
        created_at=str(entry.get("created_at", "")),
        row_counts=dict(entry.get("row_counts") or {}),
        validation=dict(entry.get("validation") or {}),
        quarantine=quarantine,
        monthly=tuple((str(m), str(t), int(n)) for m, t, n in monthly),
        undated=int(undated[0]) if undated else 0,
        pair_events=tuple(pair_events),
        edges=tuple((str(a), str(b), int(n)) for a, b, n in edges),
        top_events=tuple(events),
    )


def quarantined(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[dict[str, Any], ...]:
    """Files quarantined by the version's run or an earlier one (run ids sort by start time),
    from a connection to the warehouse or the analyst file, which hold ``quarantine``."""
    result = con.execute(
        "SELECT path, stage, reason, detail, attempts FROM quarantine"
        " WHERE first_run_id <= ? ORDER BY path, quarantine_id",
        [run_id],
    )
    columns = [str(d[0]) for d in result.description or ()]
    return tuple(dict(zip(columns, row, strict=True)) for row in result.fetchall())


def render(data: ReportData) -> str:
    """The page: plotly's JavaScript once, four charts, the quality summary and the table."""
    charts = [
        ("chart-monthly", "Events per month, by type", _monthly_figure(data)),
        ("chart-pairs", f"Top {TOP_PAIRS} actor pairs over time", _pairs_figure(data)),
        ("chart-network", "Actor co-occurrence network", _network_figure(data)),
    ]
    parts = []
    first = True
    for div_id, title, figure in charts:
        if figure is None:
            parts.append(f"<h2>{escape(title)}</h2><p class='empty'>No data in this version.</p>")
            continue
        html = figure.to_html(
            full_html=False,
            include_plotlyjs=first,  # the library once, inline: no CDN, no network
            div_id=div_id,
            config={"displaylogo": False, "responsive": True},
        )
        first = False
        parts.append(f"<h2>{escape(title)}</h2>{html}")
    if data.undated:
        parts.insert(1, f"<p class='note'>{data.undated} undated events are not on the chart.</p>")
    title = f"khabar version {data.version}"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p class='meta'>run <code>{escape(data.run_id)}</code>,"
        f" published {escape(data.created_at)}</p>"
        + _quality(data)
        + "".join(parts)
        + _top_events(data)
        + "</body></html>\n"
    )


_STYLE = """
body{font-family:system-ui,'Noto Sans','Noto Sans Devanagari',sans-serif;margin:2em auto;
max-width:75em;color:#222;padding:0 1em}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#16713a}.fail{color:#b00020;font-weight:bold}
.warn{color:#8a5a00;font-weight:bold}.num{text-align:right}.meta,.note,.empty{color:#555}
mark{background:#ffe58a}section.event{margin:1.5em 0}
"""


def _figure() -> Any:
    # plotly is imported here: the CLI's other commands never pay for it.
    import plotly.graph_objects as go

    return go


def _monthly_figure(data: ReportData) -> Any:
    if not data.monthly:
        return None
    go = _figure()
    months = sorted({m for m, _, _ in data.monthly})
    counts = {(m, t): n for m, t, n in data.monthly}
    fig = go.Figure(
        [
            go.Bar(name=t, x=months, y=[counts.get((m, t), 0) for m in months])
            for t in sorted({t for _, t, _ in data.monthly})
        ]
    )
    fig.update_layout(
        barmode="stack",
        xaxis={"title": "month of the event's start date", "type": "category"},
        yaxis={"title": "events"},
        legend={"title": "PLOVER type"},
        height=420,
        margin={"t": 20},
    )
    return fig


def _pairs_figure(data: ReportData) -> Any:
    if not data.pair_events:
        return None
    go = _figure()
    order = list(dict.fromkeys(p.pair for p in data.pair_events))
    fig = go.Figure(
        [
            go.Scatter(
                name=t,
                mode="markers",
                x=[p.start_date.isoformat() for p in points],
                y=[p.pair for p in points],
                text=[p.event_id for p in points],
                hovertemplate="%{y}<br>%{x}<br>" + t + " %{text}<extra></extra>",
                marker={"size": 11, "opacity": 0.8},
            )
            for t in sorted({p.type for p in data.pair_events})
            for points in [[p for p in data.pair_events if p.type == t]]
        ]
    )
    fig.update_layout(
        xaxis={"title": "event start date", "type": "date"},
        yaxis={"categoryorder": "array", "categoryarray": order[::-1], "automargin": True},
        legend={"title": "PLOVER type"},
        height=max(300, 60 + 35 * len(order)),
        margin={"t": 20},
    )
    return fig


def _network_figure(data: ReportData) -> Any:
    """Entities on a circle by their number of shared events; an edge per pair, as thick as
    the events the two share. A fixed layout: the same version draws the same picture."""
    if not data.edges:
        return None
    go = _figure()
    weight: Counter[str] = Counter()
    for a, b, n in data.edges:
        weight[a] += n
        weight[b] += n
    nodes = sorted(weight, key=lambda name: (-weight[name], name))[:TOP_NODES]
    angle = {name: 2 * math.pi * i / len(nodes) for i, name in enumerate(nodes)}
    at = {name: (math.cos(a), math.sin(a)) for name, a in angle.items()}
    heaviest = max(n for _, _, n in data.edges)
    traces = [
        go.Scatter(
            x=[at[a][0], at[b][0]],
            y=[at[a][1], at[b][1]],
            mode="lines",
            line={"width": 1 + 7 * n / heaviest, "color": "rgba(70,100,160,0.45)"},
            hoverinfo="skip",
            showlegend=False,
        )
        for a, b, n in data.edges
        if a in at and b in at
    ]
    traces.append(
        go.Scatter(
            x=[at[n][0] for n in nodes],
            y=[at[n][1] for n in nodes],
            mode="markers+text",
            text=nodes,
            textposition=["middle right" if at[n][0] >= 0 else "middle left" for n in nodes],
            customdata=[weight[n] for n in nodes],
            hovertemplate="%{text}: %{customdata} shared events<extra></extra>",
            marker={"size": [8 + 3 * math.sqrt(weight[n]) for n in nodes], "color": "#c0392b"},
            showlegend=False,
        )
    )
    fig = go.Figure(traces)
    hidden = {"visible": False, "range": [-1.8, 1.8]}
    fig.update_layout(xaxis=hidden, yaxis={**hidden, "scaleanchor": "x"}, height=640)
    fig.update_layout(margin={"t": 20, "l": 20, "r": 20, "b": 20}, plot_bgcolor="white")
    return fig


def _quality(data: ReportData) -> str:
    v = data.validation
    evaluated, failed, warned = v.get("evaluated", 0), v.get("failed", 0), v.get("warned", 0)
    verdict = "passed" if v.get("success") else "failed"
    rows = "".join(
        f"<tr><td>{escape(t)}</td><td class='num'>{data.row_counts.get(t, '')}</td>"
        f"<td class='num'>{c.get('evaluated', 0)}</td>"
        f"<td class='num {'fail' if c.get('failed') else 'ok'}'>{c.get('failed', 0)}</td>"
        f"<td class='num {'warn' if c.get('warned') else 'ok'}'>{c.get('warned', 0)}</td></tr>"
        for t, c in (v.get("tables") or {}).items()
    )
    warnings = "".join(
        f"<li><b>{escape(w['table'])}.{escape(w['expectation'])}</b>: {escape(w['detail'])}</li>"
        for w in v.get("warnings") or []
    )
    quarantined = "".join(
        f"<tr><td><code>{escape(str(q['path']))}</code></td><td>{escape(str(q['stage']))}</td>"
        f"<td>{escape(str(q['reason']))}</td><td>{escape(str(q['detail']))}</td>"
        f"<td class='num'>{q['attempts']}</td></tr>"
        for q in data.quarantine
    )
    return (
        "<h2 id='quality'>Quality</h2>"
        f"<p>Validation <span class='{'ok' if v.get('success') else 'fail'}'>{verdict}</span>:"
        f" {evaluated - failed - warned} of {evaluated} expectations passed, {failed} failed,"
        f" {warned} warned. {len(data.quarantine)} files quarantined.</p>"
        "<table><tr><th>table</th><th>rows</th><th>expectations</th><th>failed</th>"
        f"<th>warned</th></tr>{rows}</table>"
        + (f"<h3>Warnings</h3><ul>{warnings}</ul>" if warnings else "")
        + (
            "<h3>Quarantined files</h3><table><tr><th>path</th><th>stage</th><th>reason</th>"
            f"<th>detail</th><th>attempts</th></tr>{quarantined}</table>"
            if quarantined
            else ""
        )
    )


def _top_events(data: ReportData) -> str:
    if not data.top_events:
        return "<h2>Most reported events</h2><p class='empty'>No events in this version.</p>"
    rows = "".join(
        f"<tr><td>{escape(e.date_value or 'undated')}</td>"
        f"<td>{escape(e.type)}{escape(' / ' + e.mode if e.mode else '')}</td>"
        f"<td>{escape(e.status)}</td><td>{escape(', '.join(e.actors))}"
        f"{escape(' → ' + ', '.join(e.recipients) if e.recipients else '')}</td>"
        f"<td>{escape(e.location or '')}</td><td class='num'>{e.num_articles}</td>"
        f"<td class='num'>{e.num_mentions}</td>"
        f"<td><a href='#ev-{escape(e.event_id)}'>{len(e.reports)} sentences</a></td></tr>"
        for e in data.top_events
    )
    sections = "".join(
        f"<section class='event' id='ev-{escape(e.event_id)}'>"
        f"<h3>{escape(e.type)} <code>{escape(e.event_id)}</code></h3><ol>"
        + "".join(
            f"<li>{escape(str(r.published_date or 'undated'))}"
            f"{escape(', ' + r.source if r.source else '')}: {_marked(r)}</li>"
            for r in e.reports
        )
        + "</ol><p><a href='#top-events'>back to the table</a></p></section>"
        for e in data.top_events
    )
    return (
        f"<h2 id='top-events'>Most reported events (top {len(data.top_events)})</h2>"
        "<table><tr><th>date</th><th>type</th><th>status</th><th>participants</th>"
        "<th>location</th><th>articles</th><th>mentions</th><th>reports</th></tr>"
        f"{rows}</table><h2>Reports of these events</h2>{sections}"
    )


def _marked(report: Report) -> str:
    """The sentence with its trigger marked, where the offset still points at it."""
    start, end = report.trigger_offset, report.trigger_offset + len(report.trigger)
    text = report.sentence
    if start >= 0 and text[start:end] == report.trigger:
        return f"{escape(text[:start])}<mark>{escape(text[start:end])}</mark>{escape(text[end:])}"
    return escape(text)
