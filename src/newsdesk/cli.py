"""The ``newsdesk`` command line: a thin layer over the library.

Each command parses its options, calls one library function and prints the result.
Exit status: 0 success, 2 usage error, 3 some inputs rejected, 4 not found / store error.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsdesk import __version__
from newsdesk.annotate.rows import describe as describe_annotations
from newsdesk.config import Settings, load_settings
from newsdesk.errors import NewsdeskError
from newsdesk.export import EXPORTS, write_rows
from newsdesk.ingest.detect import FORMATS
from newsdesk.store import Store, open_store
from newsdesk.titles import fit_words, title_from_text

EXIT_REJECTED = 3
EXIT_ERROR = 4

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)


def _settings(ctx: click.Context) -> Settings:
    return ctx.obj["settings"]


@contextmanager
def _store(ctx: click.Context) -> Iterator[Store]:
    store = open_store(_settings(ctx).db)
    try:
        yield store
    finally:
        store.close()


class _Group(click.Group):
    """Turns library errors into a one-line message and exit status 4, and takes the
    global options (``--db``) after the command as well as before it."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _hoist_global_options(self, args))

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NewsdeskError as exc:
            err_console.print(f"[red]error:[/red] {exc}")
            sys.exit(EXIT_ERROR)


def _hoist_global_options(group: click.Group, args: list[str]) -> list[str]:
    """Move global options written after the command (``newsdesk ingest x --db y``) in
    front of it, where click looks for them. A subcommand's own option of the same name
    keeps it; nothing after ``--`` moves."""
    takes_value = {name: not opt.is_flag for opt in group.params if isinstance(opt, click.Option)
                   for name in opt.opts}
    command_at = next((i for i, a in enumerate(args) if a in group.commands), None)
    if command_at is None:
        return args
    command = group.commands[args[command_at]]
    own = {name for p in command.params if isinstance(p, click.Option) for name in p.opts}
    front, rest = list(args[:command_at]), [args[command_at]]
    i = command_at + 1
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        name = arg.split("=", 1)[0]
        if name in takes_value and name not in own:
            if "=" in arg or not takes_value[name]:
                front.append(arg)
                i += 1
                continue
            if i + 1 < len(args):
                front += [arg, args[i + 1]]
                i += 2
                continue
        rest.append(arg)
        i += 1
    return front + rest


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", envvar="NEWSDESK_DB", default=None,
              help="Store URL or SQLite path (default: $NEWSDESK_DB, else ./newsdesk.db).")
@click.version_option(__version__, prog_name="newsdesk")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """newsdesk: turn news articles from many outlets into cross-checked stories.

    \b
    Example:
      newsdesk ingest demo/corpus
      newsdesk articles
    """
    ctx.ensure_object(dict)
    ctx.obj["settings"] = load_settings(db=db)


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None,
              help="Skip detection and read every input as this format.")
@click.option("--outlet", default=None, help="Outlet for articles that name none and have no URL.")
@click.option("--published", default=None,
              help="Publication date for articles that carry none (e.g. 2024-09-10).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def ingest(ctx: click.Context, inputs: tuple[str, ...], fmt: str | None, outlet: str | None,
           published: str | None, quiet: bool) -> None:
    """Read files, folders, URLs or - (stdin) into the store.

    \b
    Example:
      newsdesk ingest ../shared/seeds feed.xml https://example.org/story.html
    Exit status 3 when some inputs were rejected (the rest went in).
    """
    settings = _settings(ctx)
    with _store(ctx) as store, Progress(
        TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        TextColumn("{task.fields[articles]} articles"), console=err_console,
        disable=quiet or not err_console.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("ingest", total=None, articles=0)

        def on_progress(event: str, n: int) -> None:
            if event == "total":
                progress.update(task, total=n)
            elif event == "input":
                progress.advance(task, n)
            elif event == "articles":
                progress.update(task, articles=progress.tasks[0].fields["articles"] + n)

        from newsdesk.ingest import ingest as run_ingest  # the readers, loaded for this command

        try:
            report = run_ingest(list(inputs), store, settings, format=fmt, outlet=outlet,
                                published=published, progress=on_progress)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
    console.print(
        f"read {report.inputs} inputs: {report.new} new articles "
        f"({report.exact_duplicates} exact duplicates of stored text), "
        f"{report.already_stored} already stored, {len(report.rejected)} rejected"
        + (f", {report.revised} revised (a changed text under a stored URL)" if report.revised else "")
    )
    if report.rejected:
        for code, n in sorted(report.rejected_by_reason().items()):
            console.print(f"  rejected {code}: {n}")
        for r in report.rejected:
            where = f" [{r.locator}]" if r.locator else ""
            # escape: "[line 2]" and paths with brackets would be read as rich markup
            err_console.print(f"  [yellow]{r.code}[/yellow] "
                              + escape(f"{r.source}{where}: {r.reason}"))
        sys.exit(EXIT_REJECTED)


LIST_FORMATS = ("table", "json", "csv")
# Widest title a table shows; longer ones end at a whole word with "…".
TABLE_TITLE_CHARS = 90


def _list_format() -> Any:
    return click.option("--format", "fmt", type=click.Choice(LIST_FORMATS), default="table",
                        show_default=True,
                        help="table for people; json (a list of objects) or csv for programs.")


def _listing_options(func: Any) -> Any:
    """--limit, --format and the old --no-update (accepted, ignored: listing only reads)."""
    for option in reversed([
        click.option("--limit", default=50, show_default=True, help="Rows to show."),
        _list_format(),
        click.option("--no-update", is_flag=True, hidden=True,
                     help="Accepted for old scripts: listing never updates."),
    ]):
        func = option(func)
    return func


def _emit(rows: list[dict[str, Any]], columns: list[tuple[str, str]], fmt: str,
          footer: str) -> None:
    """Print listing rows: a table (``columns``: key, header) with ``footer`` after it,
    or every field as JSON or CSV (no footer: the output is data)."""
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [k for k, _ in columns],
                                lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: "|".join(map(str, v)) if isinstance(v, list) else v
                          for k, v in r.items()} for r in rows)
        click.echo(out.getvalue(), nl=False)
        return
    cells = [[_cell(key, r.get(key)) for key, _ in columns] for r in rows]
    table = Table()
    for n, (key, header) in enumerate(columns):
        longest_word = max((len(w) for row in cells for w in row[n].split()), default=0)
        natural = max([len(header), *(len(row[n]) for row in cells)])
        # every column wraps at spaces only: its longest word always fits
        table.add_column(header, overflow="fold",
                         min_width=min(max(longest_word, len(header.split()[0])), 40),
                         max_width=None if key == "title" else natural)
    for row in cells:
        table.add_row(*[escape(c) for c in row])
    # Piped output is not squeezed to 80 columns: one line per row where it fits.
    shown = console if console.is_terminal else Console(
        highlight=False, width=max(console.width, _natural_width(cells, columns)))
    shown.print(table)
    shown.print(footer)


def _natural_width(cells: list[list[str]], columns: list[tuple[str, str]]) -> int:
    widths = [max([len(h), *(len(row[n]) for row in cells)]) for n, (_, h) in enumerate(columns)]
    return sum(widths) + 3 * len(widths) + 1


def _cell(key: str, value: Any) -> str:
    if value is None:
        return ""
    if key in ("id", "duplicate_of"):
        return str(value)[:12]
    if key in ("published", "first_seen", "last_seen"):
        return str(value)[:10]
    if key == "title":
        return fit_words(str(value), TABLE_TITLE_CHARS)
    return str(value)


@cli.command()
@click.option("--limit", default=50, show_default=True, help="Rows to show.")
@click.option("--offset", default=0, help="Rows to skip.")
@click.option("--outlet", default=None, help="Only this outlet.")
@_list_format()
@click.pass_context
def articles(ctx: click.Context, limit: int, offset: int, outlet: str | None, fmt: str) -> None:
    """List stored articles in arrival order (reads only).

    A report without a headline is listed under its first words.

    \b
    Example:
      newsdesk articles --outlet dw.com --limit 10
      newsdesk articles --format csv > articles.csv
    """
    with _store(ctx) as store:
        rows = [{"id": a.id, "outlet": a.outlet, "published": a.published, "lang": a.lang,
                 "title": a.title or title_from_text(a.text), "headline": bool(a.title),
                 "duplicate_of": a.duplicate_of, "url": a.url}
                for a in store.iter_articles(outlet=outlet, limit=limit, offset=offset)]
        total = store.count_articles()
        where = store.url
    _emit(rows, [("id", "id"), ("outlet", "outlet"), ("published", "published"),
                 ("lang", "lang"), ("title", "title"), ("duplicate_of", "copy of")],
          fmt, f"{total} articles in {where}")


@cli.command()
@click.argument("article_id")
@click.pass_context
def show(ctx: click.Context, article_id: str) -> None:
    """Show one article: metadata, clean text, the lines removed from it, and for an
    article whose text changed under its URL, every version and a word diff.

    \b
    Example:
      newsdesk show 8a1ed0b4e0
    """
    with _store(ctx) as store:
        a = store.get_article(article_id)
        for label, value in [("id", a.id), ("title", a.title), ("outlet", a.outlet),
                             ("published", a.published), ("url", a.url), ("lang", a.lang),
                             ("source", a.source), ("exact duplicate of", a.duplicate_of)]:
            if value:
                console.print(f"[bold]{label}:[/bold] {value}", soft_wrap=True)
        console.rule("text")
        console.print(a.text, soft_wrap=True, markup=False)
        versions = store.article_versions(a.id)
        if versions:
            from newsdesk.ingest.revisions import changed_words, latest_change, render

            console.rule(f"versions ({len(versions)}, the last is current)")
            for v in versions:
                console.print(f"v{v.version}  {v.recorded_at or 'first seen'}  "
                              f"{len(v.text.split())} words  {v.title or ''}", soft_wrap=True,
                              markup=False)
            change = latest_change(versions)
            deleted, inserted = changed_words(change)
            console.rule(f"changes v{versions[-2].version} -> v{versions[-1].version}: "
                         f"{deleted} words out, {inserted} in")
            console.print(render(change), soft_wrap=True, markup=False)
        if a.removed_lines:
            console.rule("removed lines")
            for line in a.removed_lines:
                console.print(f"- {line}", soft_wrap=True, markup=False)
        for section, lines in describe_annotations(store, a.id):
            console.rule(section)
            for line in lines:
                console.print(f"- {line}", soft_wrap=True, markup=False)


@cli.command()
@click.option("--force", is_flag=True, help="Annotate every article again, not only new ones.")
@click.option("--processes", "-j", type=int, default=None,
              help="spaCy parse processes (default: one per core, up to two, once there "
                   "are 40 articles or more to read).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def annotate(ctx: click.Context, force: bool, processes: int | None, quiet: bool) -> None:
    """Read each article: sentences, entities, quotes, claims, events and dates.

    Only articles not yet annotated by this version are read; entities are
    canonicalised across the whole store (aliases: the alias_file setting).

    \b
    Example:
      newsdesk annotate
      newsdesk export quotes --format jsonl
    """
    from newsdesk.annotate import annotate_store

    with _store(ctx) as store, Progress(
        TextColumn("[bold]annotate"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err_console, disable=quiet or not err_console.is_terminal, transient=True,
    ) as progress:
        task = progress.add_task("annotate", total=store.count_articles())
        failures: dict[str, str] = {}
        counts = annotate_store(store, _settings(ctx), force=force, n_process=processes,
                                progress=lambda n: progress.advance(task, n),
                                failures=failures)
    for article_id, reason in sorted(failures.items()):
        err_console.print(escape(f"article {article_id}: {reason}"), soft_wrap=True)
    console.print(", ".join(f"{v} {k}" for k, v in counts.items()))


@cli.command()
@click.argument("table", type=click.Choice(sorted(EXPORTS)))
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--out", "-o", type=click.File("w", encoding="utf-8"), default="-",
              help="Output file (default: stdout).")
@click.pass_context
def export(ctx: click.Context, table: str, fmt: str, out: Any) -> None:
    """Write a table as JSON Lines or CSV.

    \b
    Example:
      newsdesk export articles --format csv -o articles.csv
    """
    with _store(ctx) as store:
        count = write_rows(EXPORTS[table](store), out, fmt)
    err_console.print(f"wrote {count} {table}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the web page and the REST API (/api, OpenAPI at /docs).

    \b
    Example:
      newsdesk --db demo.db serve --port 8000
    """
    import uvicorn

    from newsdesk.api import create_app

    app = create_app(_settings(ctx))
    console.print(f"newsdesk is serving {_settings(ctx).db} at http://{host}:{port}/ "
                  "(API: /api, docs: /docs)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@cli.command()
@click.argument("article_id", required=False)
@click.option("--detect", is_flag=True,
              help="Find copies among the articles not yet checked (incremental).")
@click.option("--no-embeddings", is_flag=True,
              help="With --detect: lexical stages only (no MiniLM; spun rewrites are missed).")
@click.pass_context
def copies(ctx: click.Context, article_id: str | None, detect: bool, no_embeddings: bool) -> None:
    """Find copies of reports, or show one article's lineage and diff against its origin.

    \b
    Example:
      newsdesk copies --detect
      newsdesk copies 8a1ed0b4e0
    """
    from newsdesk.copies import detect_copies, lineage

    if not detect and not article_id:
        raise click.UsageError("give an ARTICLE_ID or --detect")
    with _store(ctx) as store:
        if detect:
            s = detect_copies(store, embeddings=not no_embeddings)
            pairs = ", ".join(f"{n} {m}" for m, n in sorted(s.pairs.items())) or "none"
            console.print(f"checked {s.new_articles} new articles in {s.seconds:.1f}s: "
                          f"{s.indexed} indexed, {s.not_compared_count} not compared; "
                          f"{s.candidates} candidate pairs by words ({s.passage_candidates} by a "
                          f"shared passage only), {s.meaning_candidates} by meaning, copy pairs: {pairs}; "
                          f"{s.embedded_articles} articles embedded, "
                          f"{s.groups_updated} copy groups updated")
            for aid, reason in s.not_compared.items():
                console.print(f"  not compared {aid[:12]}: {escape(reason)}")
        if article_id:
            _print_lineage(lineage(store, article_id))


def _print_side_by_side(a: dict[str, Any]) -> None:
    """The passages the copy shares with its origin and the sentences it changed (or,
    for a translation, the sentences it translated), copy and origin side by side."""
    passages = a.get("passages") or []
    if passages:
        table = Table("copy", "origin", title=f"{len(passages)} shared passages",
                      show_lines=True, expand=True)
        for p in passages:
            note = "" if p["outside_quotes"] == p["words"] else " [dim](quoted)[/dim]"
            table.add_row(escape(p["copy_text"]) + note, escape(p["origin_text"]))
        console.print(table)
    if a["changed"]:
        title = "translated sentences" if a.get("translation") else "changed sentences"
        table = Table("copy", "origin", title=title, show_lines=True, expand=True)
        for c in a["changed"]:
            table.add_row(f"[green]{escape(c['copy_text'])}[/green]",
                          f"[red]{escape(c['origin_text'])}[/red]")
        console.print(table)
        if not a.get("translation"):
            for c in a["changed"]:
                console.print(f"  [dim]sentence {c['copy'] + 1}: words out: "
                              f"{escape(' '.join(c['removed']))} | in: "
                              f"{escape(' '.join(c['inserted']))}[/dim]", soft_wrap=True)


def _print_lineage(info: dict[str, Any]) -> None:
    art = info["article"]
    console.print(f"[bold]{art['id'][:12]}[/bold] {escape(art['outlet'] or '')} "
                  f"{art['published'] or ''} {escape(art['title'] or '')}", soft_wrap=True)
    status = info["status"]
    if status in ("not_detected", "single", "not_compared"):
        text = {"not_detected": "copy detection has not run on it (newsdesk copies --detect)",
                "single": "no copies found: an independent report",
                "not_compared": f"not compared: {info.get('reason')}"}[status]
        console.print(text)
        return
    table = Table("id", "outlet", "published", "role", "method", "score")
    for m in info["group"]:
        role = "origin" if not m["copy_of"] else f"copy of {m['copy_of'][:12]}"
        table.add_row(m["id"][:12], m["outlet"] or "", (m["published"] or "")[:16], role,
                      m["method"], f"{m['score']:.2f}")
    console.print(table)
    if status == "origin":
        console.print("this article is the group's origin")
        return
    a = info["alignment"]
    kind = "translation of" if a.get("translation") else "diff against"
    console.rule(f"{kind} origin {info['origin']['id'][:12]}")
    merged, split = a.get("merged", []), a.get("split", [])
    console.print(f"{len(a['matched'])} sentences kept, {len(a['changed'])} changed, "
                  f"{len(merged)} merged into another, {len(split)} split off, "
                  f"{len(a['added'])} added, {len(a['dropped'])} dropped; "
                  f"coverage {a['coverage']:.2f}, in order {a['in_order']:.2f}")
    _print_side_by_side(a)
    for x in merged:
        console.print(f"[yellow]~ (merged into copy sentence {x['copy'] + 1}) "
                      f"{escape(x['text'])}[/yellow]", soft_wrap=True)
    for x in split:
        console.print(f"[yellow]~ (split from origin sentence {x['origin'] + 1}) "
                      f"{escape(x['text'])}[/yellow]", soft_wrap=True)
    for x in a["added"]:
        console.print(f"[green]+ (added) {escape(x['text'])}[/green]", soft_wrap=True)
    for x in a["dropped"]:
        console.print(f"[red]- (dropped) {escape(x['text'])}[/red]", soft_wrap=True)


@cli.command()
@_listing_options
@click.pass_context
def stories(ctx: click.Context, limit: int, fmt: str, no_update: bool) -> None:
    """List the stories, most recent first (reads only: `newsdesk analyze` groups new
    articles into stories).

    \b
    Example:
      newsdesk stories --limit 10
      newsdesk stories --format json
    """
    with _store(ctx) as store:
        found = sorted(store.stories(), key=lambda x: (x.last_seen or "", len(x.members)),
                       reverse=True)
    rows = [{"id": st.id, "title": st.title, "sources": st.independent_sources,
             "articles": len(st.members), "first_seen": st.first_seen,
             "last_seen": st.last_seen, "entities": list(st.entities)} for st in found[:limit]]
    if fmt == "table":
        for r in rows:
            r["span"] = " – ".join(dict.fromkeys(
                str(d)[:10] for d in (r["first_seen"], r["last_seen"]) if d))
    _emit(rows, [("id", "id"), ("title", "title"), ("sources", "sources"),
                 ("articles", "articles"), ("span", "span")], fmt, f"{len(found)} stories")


@cli.command()
@click.argument("story_id")
@click.option("--format", "fmt", type=click.Choice(["table", "md", "json", "html"]), default="table",
              show_default=True, help="table: members; md / json / html: the story's brief.")
@click.pass_context
def story(ctx: click.Context, story_id: str, fmt: str) -> None:
    """Show one story: its members with outlet, date and copy marks, or its brief.

    \b
    Example:
      newsdesk story 05c51c6c17
      newsdesk story 05c51c6c17 --format md
    """
    from newsdesk.stories import story_detail

    with _store(ctx) as store:
        if fmt != "table":
            from newsdesk.brief import build_brief, render_json, render_markdown

            brief = build_brief(store, story_id)
            if fmt == "html":
                from newsdesk.web.pages import render_story_html

                click.echo(render_story_html(store, brief))
            else:
                click.echo(render_markdown(brief) if fmt == "md" else render_json(brief))
            return
        d = story_detail(store, story_id)
        st = d.story
        console.print(f"[bold]{escape(st.title)}[/bold]", soft_wrap=True)
        console.print(f"id {st.id}  ·  {st.independent_sources} independent sources  ·  "
                      f"{len(st.members)} articles  ·  {st.first_seen or '?'} – "
                      f"{st.last_seen or '?'}", soft_wrap=True)
        if st.entities:
            console.print("entities: " + escape(", ".join(st.entities)), soft_wrap=True)
        table = Table("id", "outlet", "published", "copy", "title")
        for m in d.members:
            a = m.article
            mark = f"{m.copy_kind} copy of {m.copy_of[:12]}" if m.copy_of else ""
            table.add_row(a.id[:12], a.outlet or "", (a.published or "")[:10], mark,
                          escape(fit_words(a.title or title_from_text(a.text), TABLE_TITLE_CHARS)))
        console.print(table)



@cli.command()
@_listing_options
@click.pass_context
def storylines(ctx: click.Context, limit: int, fmt: str, no_update: bool) -> None:
    """List the storylines (stories linked over time into a developing story), most
    recent first (reads only: `newsdesk analyze` links new stories into storylines).

    \b
    Example:
      newsdesk storylines --limit 10
      newsdesk storylines --format json
    """
    with _store(ctx) as store:
        found = sorted(store.storylines(), key=lambda x: (x.last_seen or "", len(x.stories)),
                       reverse=True)
    rows = [{"id": line.id, "title": line.title, "events": len(line.stories),
             "first_seen": line.first_seen, "last_seen": line.last_seen,
             "stories": list(line.stories), "entities": list(line.entities)}
            for line in found[:limit]]
    if fmt == "table":
        for r in rows:
            r["span"] = " – ".join(dict.fromkeys(
                str(d)[:10] for d in (r["first_seen"], r["last_seen"]) if d))
    _emit(rows, [("id", "id"), ("title", "title"), ("events", "events"), ("span", "span")],
          fmt, f"{len(found)} storylines")


@cli.command()
@click.argument("storyline_id")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_context
def storyline(ctx: click.Context, storyline_id: str, fmt: str) -> None:
    """Show one storyline: its events in time order, each with its sources.

    \b
    Example:
      newsdesk storyline 3f9a0c12
    """
    from newsdesk.storylines.views import storyline_detail, storyline_json

    with _store(ctx) as store:
        d = storyline_detail(store, storyline_id)
        if fmt == "json":
            click.echo(json.dumps(storyline_json(d), ensure_ascii=False, indent=2))
            return
        line = d.storyline
        console.print(f"[bold]{escape(line.title)}[/bold]", soft_wrap=True)
        console.print(f"id {line.id}  ·  {len(d.events)} events  ·  {line.first_seen or '?'} – "
                      f"{line.last_seen or '?'}", soft_wrap=True)
        if line.entities:
            console.print("entities: " + escape(", ".join(line.entities)), soft_wrap=True)
        table = Table("story", "when", "event", "sources")
        for e in d.events:
            st = e.story
            when = " – ".join(dict.fromkeys(x[:10] for x in (st.first_seen, st.last_seen) if x))
            table.add_row(st.id[:12], when or "?", escape(fit_words(st.title, TABLE_TITLE_CHARS)),
                          f"{st.independent_sources}: " + escape(", ".join(e.outlets[:6])))
        console.print(table)


@cli.command()
@click.argument("story_id", required=False)
@click.option("--all", "all_stories", is_flag=True, help="Cross-check every story.")
@click.pass_context
def crosscheck(ctx: click.Context, story_id: str | None, all_stories: bool) -> None:
    """Cross-check a story: corroborated facts, single-source claims and discrepancies.

    \b
    Example:
      newsdesk crosscheck 05c51c6c17
      newsdesk crosscheck --all
    """
    from newsdesk.crosscheck import by_severity, crosscheck_store, crosscheck_story

    with _store(ctx) as store:
        if all_stories or not story_id:
            if not all_stories:
                raise click.UsageError("give a STORY_ID or --all")
            s = crosscheck_store(store, _settings(ctx))
            console.print(f"{s.stories} stories: {s.corroborated} corroborated facts, "
                          f"{s.single_source} single-source, {s.discrepancies} discrepancies, "
                          f"{s.updates} updated figures "
                          f"{dict(sorted(s.by_type.items()))}")
            return
        story = store.get_story(story_id)
        findings = by_severity(crosscheck_story(store, story.id, _settings(ctx)))
        # the story's members, and the reports of its storyline's other events that
        # standing facts cite as the other side or a further source
        cited = {e.article_id for f in findings for e in f.evidence}
        outlets = {a.id: a.outlet or a.id[:10]
                   for a in store.get_articles(sorted(set(story.members) | cited))}
        console.print(f"[bold]{escape(story.title)}[/bold]  ({story.independent_sources} "
                      "independent sources)", soft_wrap=True)
        for kind, label in (("discrepancy", "Disputes"), ("update", "Updated figures"),
                            ("corroborated", "Corroborated"),
                            ("single_source", "Single source")):
            rows = [f for f in findings if f.kind == kind]
            console.rule(f"{label} ({len(rows)})")
            for f in rows:
                n = f.independent_sources
                partly = "; partly corroborated: the part shown" if f.type == "partial" else ""
                head = (f"[{f.type}] " if kind in ("discrepancy", "update")
                        else f"({n} independent source{'' if n == 1 else 's'}{partly}) ")
                console.print(escape(head + f.summary), soft_wrap=True)
                if kind != "single_source":  # each source's own wording, side by side
                    for e in f.evidence:
                        console.print(f"   {escape(outlets.get(e.article_id, ''))}: "
                                      f"\u201c{escape(e.sentence)}\u201d", soft_wrap=True)


@cli.command()
@click.option("--quiet", "-q", is_flag=True, help="Only the closing summary.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default=None,
              help="Where per-article work runs (default: $NEWSDESK_ENGINE, else local).")
@click.option("--ray-address", default=None,
              help="Ray cluster to use with --engine ray (default: start a local one).")
@click.pass_context
def analyze(ctx: click.Context, quiet: bool, engine: str | None, ray_address: str | None) -> None:
    """Run every analysis stage on what is new: annotate, copies, stories, cross-check.

    \b
    Example:
      newsdesk ingest demo/corpus && newsdesk analyze
      newsdesk analyze --engine ray --ray-address auto
    """
    from newsdesk.analyze import analyze as run_analysis

    settings = _settings(ctx).with_overrides(engine=engine, ray_address=ray_address)
    with _store(ctx) as store:
        report = run_analysis(store, settings,
                              log=None if quiet else lambda line: err_console.print(line))
    console.print(report.summary())


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option("--every", default=300.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between rounds.")
@click.option("--rounds", default=None, type=click.IntRange(min=1),
              help="Stop after this many rounds (default: run until Ctrl-C).")
@click.pass_context
def watch(ctx: click.Context, inputs: tuple[str, ...], every: float, rounds: int | None) -> None:
    """Follow folders, files and feeds: ingest what is new each round, then analyse it.

    \b
    Example:
      newsdesk watch incoming/ https://example.org/rss.xml --every 600
    """
    from newsdesk.watch import watch as run_watch

    if "-" in inputs:
        raise click.UsageError("watch reads folders, files and URLs, not stdin")
    with _store(ctx) as store:
        try:
            run_watch(store, _settings(ctx), list(inputs), every_s=every, rounds=rounds,
                      log=lambda line: console.print(escape(line), soft_wrap=True))
        except KeyboardInterrupt:
            console.print("stopped; everything read so far is stored")


def main() -> None:
    cli(obj={})


if __name__ == "__main__":  # pragma: no cover
    main()
