"""The `juesuan` command. Output is data (JSON Lines, CSV, XLSX) on stdout or in a file;
messages go to stderr through Rich. Text is always written as UTF-8, whatever the console.

Exit codes: 0 every table recognized; 3 some table could not be (named on stderr with
its page); 2 a file cannot be read at all (one line: the file and the reason).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .errors import UnreadableFile
from .model import Disclosure

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="markdown",
    help="juesuan 决算 — read, check, write and analyse Chinese budget disclosures.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_UNRECOGNIZED, EXIT_UNREADABLE = 0, 3, 2


@app.callback()
def _root() -> None:
    """juesuan 决算 — read, check, write and analyse Chinese budget disclosures."""


class CellFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


def _write_text(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="disclosures: PDF, DOCX, XLSX, HTML, Markdown or text"),
    format: CellFormat = typer.Option(CellFormat.jsonl, "--format", "-f", help="output format"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
    doc: Optional[str] = typer.Option(None, "--doc", help="document id (default: a slug of the file name)"),
    meta: bool = typer.Option(False, "--meta", help="print the document's metadata (JSON) instead of cells"),
) -> None:
    """Every number of every standard table, at its canonical address (spec: cell-addresses.md)."""
    from .pipeline import extract as run

    if doc and len(files) > 1:
        raise typer.BadParameter("--doc names one document; give one file with it")
    if format is CellFormat.xlsx and output is None:
        raise typer.BadParameter("--format xlsx needs -o FILE.xlsx")
    status = EXIT_OK
    disclosures: list[Disclosure] = []
    for path in files:
        disclosure = _read_one(run, path, doc)
        if disclosure is None:
            status = max(status, EXIT_UNREADABLE)
            continue
        for problem in disclosure.unrecognized:
            place = _place(problem.where)
            err.print(f"[yellow]unrecognized[/yellow] {path}: table “{problem.title}” ({place}): {problem.reason}")
            if status == EXIT_OK:
                status = EXIT_UNRECOGNIZED
        disclosures.append(disclosure)
    if meta:
        metas = [d.meta() for d in disclosures]
        payload = metas[0] if len(metas) == 1 else metas
        _write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", output)
    elif format is CellFormat.jsonl:
        lines = [json.dumps(c.to_json(d.doc), ensure_ascii=False) for d in disclosures for c in d.cells()]
        _write_text("".join(line + "\n" for line in lines), output)
    elif format is CellFormat.csv:
        _write_text(_cells_csv(disclosures), output)
    else:
        _cells_xlsx(disclosures, output)  # type: ignore[arg-type]
    raise typer.Exit(status)


def _place(where) -> str:
    """Where a table was printed, in the terms of its format (page, sheet and cell, line)."""
    if where.page:
        return f"page {where.page}"
    if where.sheet:
        return f"sheet {where.sheet} {where.cell or ''}".rstrip()
    if where.line is not None:
        return f"line {where.line}"
    return f"cell {where.cell}" if where.cell else "position unknown"


def _read_one(run, path: Path, doc: Optional[str]) -> Optional[Disclosure]:
    """Run the pipeline on one file; a file that fails is reported in one line, never a traceback."""
    import os

    try:
        return run(path, doc=doc)
    except UnreadableFile as error:
        err.print(f"error: {error}", markup=False)
    except Exception as error:  # a reader bug must not hide the rest of a batch
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        err.print(f"error: {path}: cannot be read ({type(error).__name__}: {error}); "
                  "set JUESUAN_DEBUG=1 for the traceback", markup=False)
    return None


_CELL_FIELDS = ["doc", "table", "row", "col", "value", "unit", "page", "line", "sheet", "cell"]


def _cell_rows(disclosures: list[Disclosure]):
    for disclosure in disclosures:
        for cell in disclosure.cells():
            yield {**cell.to_json(disclosure.doc), **cell.where.to_dict()}


def _cells_csv(disclosures: list[Disclosure]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CELL_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(_cell_rows(disclosures))
    return buffer.getvalue()


def _cells_xlsx(disclosures: list[Disclosure], output: Path) -> None:
    from decimal import Decimal

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "cells"
    sheet.append(_CELL_FIELDS)
    for row in _cell_rows(disclosures):
        values = [row.get(key) for key in _CELL_FIELDS]
        values[4] = Decimal(values[4])  # value: a number cell, exact as printed
        sheet.append(values)
    workbook.save(output)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()


@app.command()
def segments(file: Path = typer.Argument(..., help="a disclosure")) -> None:
    """Show recognition's first step for one file: each table region found, with its kind,
    printed label, place and size — the place to start when a table is read wrongly."""
    from rich.table import Table as RichTable

    from .ingest import read_document
    from .recognize.segment import segment

    try:
        document = read_document(file)
    except UnreadableFile as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    regions, outside = segment(document)
    view = RichTable(title=f"{file} — {document.format}, {document.pages} page(s)")
    for column in ("kind", "label", "page", "line", "lines", "grids", "title"):
        view.add_column(column)
    for region in regions:
        view.add_row(region.kind, region.label or "", str(region.where.page or ""),
                     str(region.where.line or ""), str(len(region.lines())),
                     str(len(region.grids())), region.title[:40])
    Console(highlight=False).print(view)
    Console(highlight=False).print(f"{len(outside)} line(s) of running text outside tables")


class ScoreFormat(str, Enum):
    json = "json"
    text = "text"
    xlsx = "xlsx"


@app.command()
def score(
    file: Optional[Path] = typer.Argument(None, help="a disclosure with 绩效自评表 (P01/P02), or with "
                                          "--render the workbook `--template` wrote, filled in"),
    format: ScoreFormat = typer.Option(ScoreFormat.text, "--format", "-f", help="json, text or xlsx (needs -o)"),
    doc: Optional[str] = typer.Option(None, "--doc", help="document id (default: a slug of the file name)"),
    template: bool = typer.Option(False, "--template", help="write the input workbook of one 项目支出绩效自评表 "
                                  "(needs -o)"),
    profile: Optional[str] = typer.Option(None, "--profile", help="scoring profile of the template: shanxi "
                                          "(执行 10 分) or hubei (执行 20 分)"),
    render: Optional[Path] = typer.Option(None, "--render", help="read FILE as a filled-in template and write "
                                          "the 自评表 with computed scores and grade (.docx)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="the file to write (template, xlsx)"),
) -> None:
    """Recompute each performance self-evaluation by its scoring profile (catalog/scoring):
    execution, indicator scores by rule or band, total and grade, and the PERF findings.

    `--template -o input.xlsx` writes a workbook for entering one self-evaluation;
    `FILE.xlsx --render out.docx` scores it and writes the 自评表. Exit codes: 0 done;
    2 a file cannot be read, or bad input (the sheet and cell are named)."""
    from .checks.performance import score as run_score
    from .pipeline import extract as run
    from .render import performance as perf_form
    from .render.source import InputError

    if profile is not None and profile not in perf_form.PROFILES:
        raise typer.BadParameter(f"unknown scoring profile “{profile}”; known: {', '.join(perf_form.PROFILES)}")
    if template:
        if output is None:
            raise typer.BadParameter("--template needs -o FILE.xlsx")
        path = perf_form.write_template(output, profile)
        err.print(f"wrote {path}", markup=False)
        raise typer.Exit(EXIT_OK)
    if file is None:
        raise typer.BadParameter("give a FILE to score (or --template -o FILE.xlsx)")
    if render is not None:
        try:
            record = perf_form.read_input(file)
        except InputError as error:
            err.print(f"error: {error}", markup=False)
            raise typer.Exit(EXIT_UNREADABLE)
        path = perf_form.write_docx(record, render)
        _write_text(f"{path}\n", None)
        err.print(f"{record['title']}: 预算执行得分 {record['execution'][0]['score']}，指标得分 "
                  f"{record['indicator_score']}，总分 {record['total_score']}，等级 {record['grade']}", markup=False)
        raise typer.Exit(EXIT_OK)
    if format is ScoreFormat.xlsx and output is None:
        raise typer.BadParameter("--format xlsx needs -o FILE.xlsx")
    disclosure = _read_one(run, file, doc)
    if disclosure is None:
        raise typer.Exit(EXIT_UNREADABLE)
    summaries, findings = run_score(disclosure)
    if format is ScoreFormat.xlsx:
        perf_form.write_score_xlsx(disclosure.doc, summaries, findings, output)
        err.print(f"wrote {output}", markup=False)
        raise typer.Exit(EXIT_OK)
    if format is ScoreFormat.json:
        payload = {"doc": disclosure.doc, "records": summaries,
                   "findings": [f.to_json() for f in findings]}
        _write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", None)
        raise typer.Exit(EXIT_OK)
    lines: list[str] = []
    for item in summaries:
        head = f"附件{item['attachment']} " if item.get("attachment") else ""
        lines.append(f"{head}{item['kind']} {item['title']}  [{item['profile']}]")
        lines.append(f"  预算执行得分 {item.get('execution_score')}"
                     + (f"（按所印执行数重算 {item['execution_score_recomputed']}）"
                        if item.get("execution_score_recomputed") else ""))
        for row in item["indicators"]:
            rule = f" → 按规则 {row['rule_score']}" if row.get("rule_score") and \
                _differs(row["rule_score"], row.get("score")) else ""
            lines.append(f"    {row['name']}: 分值 {row.get('weight') or '-'} 得分 {row.get('score') or '-'}"
                         f" ({row['method']}){rule}")
        lines.append(f"  指标得分 {item.get('indicator_score')}（按规则 {item['indicator_score_by_rule']}）")
        lines.append(f"  总分 {item.get('total_score')} 等级 {item.get('grade')}"
                     + (f"；按规则 {item['total_by_rule']} {item['grade_by_rule']}" if item.get("total_by_rule") else ""))
    for finding in findings:
        lines.append(f"{finding.severity:7} {finding.code}: {finding.message}")
    if not summaries and not findings:
        lines.append("no performance self-evaluation table (P01/P02) found")
    _write_text("\n".join(lines) + "\n", None)
    raise typer.Exit(EXIT_OK)


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


def _profile_option(value: Optional[str]) -> Optional[str]:
    from .checks.rules import profile_names

    if value is not None and value not in profile_names():
        raise typer.BadParameter(f"unknown profile “{value}”; known: {', '.join(profile_names())}")
    return value


def _write_report(format: "ReportFormat", findings: list, by_doc: dict[str, list],
                  output: Optional[Path]) -> None:
    """Findings as the report format asks (json per spec; md; one html page; Rich text)."""
    from .checks import report

    if format is ReportFormat.json:
        _write_text(report.to_json(findings), output)
    elif format is ReportFormat.md:
        _write_text(report.to_markdown(by_doc), output)
    elif format is ReportFormat.html:
        _write_text(report.to_html(by_doc), output)
    elif output is not None:
        with output.open("w", encoding="utf-8") as handle:
            report.print_text(by_doc, Console(file=handle, highlight=False, soft_wrap=True, no_color=True))
    else:
        report.print_text(by_doc, Console(highlight=False, soft_wrap=True))


@app.command()
def check(
    files: Optional[list[Path]] = typer.Argument(None, help="disclosures: PDF, DOCX, XLSX, HTML, Markdown or text"),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", "-f", help="report format"),
    profile: Optional[str] = typer.Option(None, "--profile", callback=_profile_option,
                                          help="regional profile (default: from the unit name, else national)"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
    doc: Optional[str] = typer.Option(None, "--doc", help="document id (default: a slug of the file name)"),
    corpus: Optional[Path] = typer.Option(None, "--corpus", help="a store (juesuan batch): run the "
                                          "cross-document checks (YOY-…) over it instead of files"),
) -> None:
    """Check every 勾稽关系 (audit formula) of each file and report the findings.

    Exit codes: 0 no error; 1 some finding is an error; 2 a file cannot be read; 3 no error
    but some table could not be recognized (each is also a TABLE-UNRECOGNIZED finding).
    """
    from .checks import check as run_checks
    from .pipeline import extract as run

    if corpus is not None:
        _check_corpus(corpus, format, output)
    if not files:
        raise typer.BadParameter("give files to check, or --corpus DB")
    if doc and len(files) > 1:
        raise typer.BadParameter("--doc names one document; give one file with it")
    by_doc: dict[str, list] = {}
    unreadable = unrecognized = False
    for path in files:
        disclosure = _read_for_check(run, path, doc)
        if disclosure is None:
            unreadable = True
            continue
        unrecognized = unrecognized or bool(disclosure.unrecognized)
        by_doc.setdefault(disclosure.doc, []).extend(run_checks(disclosure, profile))
    findings = [f for group in by_doc.values() for f in group]
    _write_report(format, findings, by_doc, output)
    if unreadable:
        raise typer.Exit(EXIT_UNREADABLE)
    if any(f.severity == "error" for f in findings):
        raise typer.Exit(1)
    raise typer.Exit(EXIT_UNRECOGNIZED if unrecognized else EXIT_OK)


class RulesFormat(str, Enum):
    text = "text"
    md = "md"
    json = "json"


@app.command()
def rules(
    format: RulesFormat = typer.Option(RulesFormat.text, "--format", "-f",
                                       help="text: code and title; md: the full docs/rules.md; json"),
) -> None:
    """Every check code with its title (md: with why, formula and examples — docs/rules.md)."""
    from dataclasses import asdict

    from .checks.docs import rule_docs, rules_markdown

    if format is RulesFormat.md:
        _write_text(rules_markdown(), None)
    elif format is RulesFormat.json:
        _write_text(json.dumps([asdict(d) for d in rule_docs()], ensure_ascii=False, indent=1) + "\n", None)
    else:
        _write_text("".join(f"{d.code:<24} {d.severity:<8} {d.title}\n" for d in rule_docs()), None)


def _differs(rule_score: str, printed: Optional[str]) -> bool:
    """A rule score (`9.00–12.00` or `10.00`) that the printed score does not equal."""
    from decimal import Decimal, InvalidOperation

    try:
        return "–" in rule_score or printed is None or Decimal(rule_score) != Decimal(printed)
    except InvalidOperation:
        return True


def _read_for_check(run, path: Path, doc: Optional[str]) -> Optional[Disclosure]:
    """A disclosure file through the pipeline, or canonical cells (`*.jsonl`, as `extract`
    writes them) with an optional `meta.json` beside them — to check numbers typed or
    corrected by hand."""
    if path.suffix.lower() != ".jsonl":
        return _read_one(run, path, doc)
    from .checks.loader import disclosure_from_cells

    meta_path = path.with_name("meta.json")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
        if doc:
            meta["doc"] = doc
        return disclosure_from_cells(path, meta)
    except (OSError, ValueError, KeyError) as error:
        err.print(f"error: {path}: not canonical cells ({error})", markup=False)
        return None


@app.command()
def formulas(
    file: Path = typer.Argument(..., help="a disclosure, or canonical cells (*.jsonl)"),
    profile: Optional[str] = typer.Option(None, "--profile", callback=_profile_option,
                                          help="regional profile (default: from the unit name, else national)"),
    all_: bool = typer.Option(False, "--all", help="list every evaluated instance, not only the counts"),
) -> None:
    """Which audit formulas applied to one file and how each came out (ok, fail, rounding,
    not applicable) — the place to start when a finding, or its absence, is surprising."""
    from collections import Counter

    from .checks.engine import describe, index_for, outcomes
    from .checks.rules import catalog, profile_for
    from .pipeline import extract as run

    disclosure = _read_for_check(run, file, None)
    if disclosure is None:
        raise typer.Exit(EXIT_UNREADABLE)
    name = profile or profile_for(disclosure)
    cat = catalog(name)
    results = list(outcomes(disclosure, cat))
    console = Console(highlight=False, soft_wrap=True)
    statuses = ["ok", "fail", "rounding", "na-table", "na-when", "na-empty", "na-blank", "na-unknown"]
    counts: dict[str, Counter] = {}
    for outcome in results:
        counts.setdefault(outcome.rule.code, Counter())[outcome.status] += 1
    console.print(f"{disclosure.doc} — profile {name}", markup=False)
    console.print(f"{'code':<26}" + "".join(f"{s:>11}" for s in statuses), markup=False)
    for code, counter in counts.items():
        console.print(f"{code:<26}" + "".join(f"{counter.get(s, '') or '':>11}" for s in statuses), markup=False)
    total = Counter(o.status for o in results)
    console.print(f"{'total':<26}" + "".join(f"{total.get(s, 0):>11}" for s in statuses), markup=False)
    if all_:
        index = index_for(disclosure, cat)
        for outcome in results:
            if outcome.applied:
                v = describe(outcome, index)
                console.print(f"{outcome.status:8} {outcome.rule.code}: {v['lhs']} = {v['found']} | "
                              f"{v['rhs']} = {v['expected']}", markup=False)


# --- the corpus store: batch, query, export, check --corpus (store/, batch/) -------------

EXIT_PARTIAL = 4


def _check_corpus(db: Path, format: "ReportFormat", output: Optional[Path]) -> None:
    """`check --corpus DB`: the cross-document checks over a store, stored and reported."""
    from .store import corpus as store_corpus
    from .store.load import connect

    if not db.exists():
        raise typer.BadParameter(f"no store at {db}")
    con = connect(db)
    try:
        store_corpus.run_cross_checks(con)
        found = store_corpus.cross_findings(con)
    finally:
        con.close()
    by_doc: dict[str, list] = {}
    for _, _, finding in found:
        by_doc.setdefault(finding.doc, []).append(finding)
    findings = [f for _, _, f in found]
    _write_report(format, findings, by_doc, output)
    raise typer.Exit(1 if any(f.severity == "error" for f in findings) else EXIT_OK)


@app.command()
def batch(
    paths: list[Path] = typer.Argument(..., help="files or folders (every supported file under them)"),
    db: Path = typer.Option(Path("juesuan.duckdb"), "--db", help="the store (DuckDB file)"),
    workers: int = typer.Option(2, "--workers", "-j", min=1, help="parallel processes (or Dask workers)"),
    dask: Optional[str] = typer.Option(None, "--dask", help="run on Dask: `local` (a LocalCluster) or "
                                       "a scheduler address tcp://HOST:PORT"),
    retry_failed: bool = typer.Option(False, "--retry-failed", help="read again files recorded as failed"),
    log: Optional[Path] = typer.Option(None, "--log", help="append one JSON line per committed document"),
    profile: Optional[str] = typer.Option(None, "--profile", callback=_profile_option,
                                          help="regional profile for every file (default: per file)"),
    no_cross: bool = typer.Option(False, "--no-cross", help="skip the cross-document checks at the end"),
) -> None:
    """Read every disclosure under PATHs into the store: parallel, resumable (a file whose
    content hash is loaded is skipped), one transaction per document, cross-year checks at
    the end. Exit codes: 0 every file loaded; 4 some file failed (recorded with its reason)."""
    from .batch import print_summary, run_batch

    for path in paths:
        if not path.exists():
            raise typer.BadParameter(f"no such file or folder: {path}")
    if dask and dask != "local" and not dask.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        raise typer.BadParameter("--dask takes `local` or a scheduler address such as tcp://HOST:8786")
    result = run_batch(paths, db, workers=workers, dask=dask, retry_failed=retry_failed, log=log,
                       profile=profile, cross=not no_cross, console=err)
    print_summary(result, err, db)
    raise typer.Exit(result.exit_code)


class QueryFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command()
def query(
    sql: str = typer.Argument(..., help="one SQL statement (tables: documents, cells, facts, findings, …; "
                              "views v_documents, v_findings, v_sangong, v_tables_missing, v_unit_years)"),
    db: Path = typer.Option(Path("juesuan.duckdb"), "--db", help="the store (DuckDB file)"),
    format: QueryFormat = typer.Option(QueryFormat.table, "--format", "-f", help="table, csv or json"),
) -> None:
    """Ask the store a question in SQL (read-only); amounts are printed exactly."""
    import duckdb

    from .store import query as store_query

    try:
        names, rows = store_query.run(db, sql)
    except FileNotFoundError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    except duckdb.Error as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(1)
    if format is QueryFormat.csv:
        _write_text(store_query.to_csv(names, rows), None)
    elif format is QueryFormat.json:
        _write_text(store_query.to_json(names, rows), None)
    else:
        Console(highlight=False).print(store_query.to_table(names, rows))


class ExportFormat(str, Enum):
    parquet = "parquet"
    xlsx = "xlsx"
    fdp = "fdp"


@app.command()
def export(
    format: ExportFormat = typer.Option(..., "--format", "-f", help="parquet (a file per table), xlsx "
                                        "(one workbook) or fdp (Fiscal Data Package: datapackage.json + CSV)"),
    output: Path = typer.Option(..., "-o", "--output", help="folder to write into"),
    db: Path = typer.Option(Path("juesuan.duckdb"), "--db", help="the store (DuckDB file)"),
    unit: Optional[str] = typer.Option(None, "--unit", help="only this unit (its unit_key)"),
) -> None:
    """Write the store out for other tools: Parquet, an Excel/WPS workbook, or a Fiscal Data Package."""
    from .store.export import export as run_export

    try:
        written = run_export(db, format.value, output, unit)
    except FileNotFoundError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    for path in written:
        err.print(f"wrote {path}", markup=False, highlight=False)


class TemplateKind(str, Enum):
    final = "final"
    budget = "budget"


@app.command()
def template(
    kind: TemplateKind = typer.Option(TemplateKind.final, "--kind", help="final (决算) or budget (预算)"),
    profile: Optional[str] = typer.Option(None, "--profile", callback=_profile_option,
                                          help="regional profile (budget: which tables the region prints)"),
    output: Path = typer.Option(..., "-o", "--output", help="the workbook to write (.xlsx)"),
) -> None:
    """Write the input workbook a unit fills in for `juesuan render`: one sheet per table in
    the standard layout, 单位信息, 上年数及年初预算, 原因 and 其他事项."""
    from .render.workbook import write_template

    path = write_template(output, "final_accounts" if kind is TemplateKind.final else "budget", profile)
    err.print(f"wrote {path}", markup=False)


@app.command()
def render(
    source: Path = typer.Argument(..., help="the filled-in workbook (.xlsx), or canonical cells (.jsonl)"),
    meta: Optional[Path] = typer.Option(None, "--meta", help="meta JSON for cells (default: meta.json beside them)"),
    output: Path = typer.Option(Path("out"), "-o", "--output", help="folder to write the documents into"),
    formats: str = typer.Option("docx,html,pdf,xlsx", "--format", "-f",
                                help="comma-separated: docx,html,pdf,xlsx,txt,md,json (json: each sentence "
                                     "of the 情况说明 with its cells)"),
    stem: Optional[str] = typer.Option(None, "--name", help="file name without extension (default: the document id)"),
    force: bool = typer.Option(False, "--force", help="write even when the tables fail an audit formula"),
) -> None:
    """Write the disclosure — tables, 情况说明 with its charts, 名词解释 — from the numbers.

    The numbers are checked first (the audit formulas of `juesuan check`): tables that do
    not balance are reported and nothing is written unless --force. Exit codes: 0 written;
    1 refused (findings printed); 2 bad input (the sheet and cell are named).
    """
    from .checks import report
    from .render import ALL_FORMATS, InputError, Unbalanced, from_cells
    from .render import render as run_render
    from .render.workbook import read_workbook

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in ALL_FORMATS]
    if unknown or not wanted:
        raise typer.BadParameter(f"unknown format {', '.join(unknown) or formats!r}; known: {', '.join(ALL_FORMATS)}")
    try:
        if source.suffix.lower() == ".jsonl":
            meta_path = meta or source.with_name("meta.json")
            data = from_cells(source, meta_path if meta_path.exists() else None)
        else:
            data = read_workbook(source)
        result = run_render(data, output, stem, wanted, force)
    except InputError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(EXIT_UNREADABLE)
    except Unbalanced as refused:
        err.print(f"refused: {data.doc}: the tables fail {len(refused.findings)} audit formula(s); "
                  "nothing was written (fix the numbers, or --force)", markup=False)
        report.print_text({data.doc: refused.findings}, Console(stderr=True, highlight=False, soft_wrap=True))
        raise typer.Exit(1)
    errors = [f for f in result.findings if f.severity == "error"]
    if errors:
        err.print(f"warning: written with {len(errors)} failing audit formula(s) (--force)", markup=False)
        report.print_text({data.doc: errors}, Console(stderr=True, highlight=False, soft_wrap=True))
    for fmt, path in result.paths.items():
        _write_text(f"{path}\n", None)
    err.print(f"{data.doc}: {len(result.paths)} document(s) in {result.seconds:.1f} s", markup=False)


# --- the web app (web/) ------------------------------------------------------------------


@app.command()
def serve(
    db: Path = typer.Option(Path("juesuan.duckdb"), "--db", help="the store (DuckDB file; created if absent)"),
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on (beyond loopback a token is required)"),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    token: Optional[str] = typer.Option(None, "--token", help="required on every request "
                                        "(default: $JUESUAN_TOKEN; mandatory when --host is not loopback)"),
    max_upload_mb: float = typer.Option(50.0, "--max-upload-mb", min=0.001, help="upload size limit per request"),
    workers: int = typer.Option(1, "--workers", "-j", min=1, help="processes reading uploads"),
    files: Optional[Path] = typer.Option(None, "--files", help="where uploads are kept by content hash "
                                         "(default: DB.files/ beside the store)"),
) -> None:
    """The reviewer's web app over the store: upload, overview, document view with findings
    beside their cells, rules, downloads, and a JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from .web import Settings, create_app
    from .web.settings import needs_token

    settings = Settings(db=db, files=files, max_upload_mb=max_upload_mb, token=token, workers=workers, host=host)
    if needs_token(host) and not settings.token:
        err.print(f"refused: --host {host} is reachable from other machines; give --token or set "
                  "JUESUAN_TOKEN", markup=False)
        raise typer.Exit(2)
    err.print(f"juesuan serve: http://{host}:{port}/  (store {db})", markup=False, highlight=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
