"""click in Thai: usage lines, help headings and every command-line mistake.

click writes its own messages in English (``Missing option '--title'``, ``No such option``,
``'abc' is not a valid float``, ``Usage:``); the officer reads Thai. click's messages go
through ``gettext``, which would need a compiled catalogue and a Thai locale in the
environment, so instead this module uses click's own extension points: a ``Group`` whose
``make_context`` and ``invoke`` re-raise every ``UsageError`` as a Thai one built from the
exception's public attributes (``param``, ``option_name``, ``possibilities``), a ``Command``
that words the extra-argument error and its option help in Thai, and a ``HelpFormatter``
for the ``วิธีใช้:`` line and the section headings. The errors are translated at the
group, so a command added later gets Thai errors even before it uses ``ThaiCommand``;
``tests/unit/test_thai_click.py`` holds every registered command to the Thai classes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import click
from click.exceptions import NoArgsIsHelpError, NoSuchCommand
from rich.cells import cell_len

from oit.core.fiscal_calendar import to_arabic_digits

_ARGS_KEY = "oit.cli.args"
_THAI = re.compile("[\u0e00-\u0e7f]")

OPTIONS_METAVAR = "[ตัวเลือก]"
HELP_TEXT = "แสดงวิธีใช้นี้แล้วจบ"
VERSION_HELP = "แสดงรุ่นของโปรแกรมแล้วจบ"
VERSION_MESSAGE = "%(prog)s รุ่น %(version)s"

# click's section headings (the only English words of a help page that are not ours)
_HEADINGS = {"Options": "ตัวเลือก", "Commands": "คำสั่ง", "Positional arguments": "ค่าที่ต้องระบุ"}
# the word shown after an option in help, by click's type name
_TYPE_WORDS = {
    "text": "ข้อความ",
    "float": "ตัวเลข",
    "integer": "จำนวนเต็ม",
    "float range": "ตัวเลข",
    "integer range": "จำนวนเต็ม",
    "path": "ที่อยู่",
    "filename": "ไฟล์",
    "boolean": "ใช่/ไม่ใช่",
    "datetime": "วันเวลา",
    "uuid": "UUID",
}


class _ThaiDigitsInt(click.types.IntParamType):
    """click's integer, with Thai digits (๔) read as the number they are."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        typed: Any = to_arabic_digits(value) if isinstance(value, str) else value  # click reads text too
        return super().convert(typed, param, ctx)


class _ThaiDigitsFloat(click.types.FloatParamType):
    """click's number, with Thai digits (๑๐) read as the number they are."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        typed: Any = to_arabic_digits(value) if isinstance(value, str) else value  # click reads text too
        return super().convert(typed, param, ctx)


_THAI_DIGIT_TYPES: dict[click.ParamType, click.ParamType] = {
    click.INT: _ThaiDigitsInt(),
    click.FLOAT: _ThaiDigitsFloat(),
}


def _accept_thai_digits(params: list[click.Parameter]) -> None:
    """Number options read Thai digits, as every date option does (``type=int`` stays the code)."""
    for param in params:
        param.type = _THAI_DIGIT_TYPES.get(param.type, param.type)


class ThaiFormatter(click.HelpFormatter):
    """click's help layout with a Thai usage prefix and Thai section headings."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "วิธีใช้: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Generator[None]:
        with super().section(_HEADINGS.get(name, name)):
            yield

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """click's two-column table, measured in screen cells.

        click counts characters, and Thai vowel and tone marks (ที่อยู่: 7 characters,
        3 cells) take no cell of their own, so its columns would not line up.
        """
        rows = list(rows)
        first_col = min(max((cell_len(term) for term, _ in rows), default=0), col_max) + col_spacing
        pad = " " * (first_col + self.current_indent)
        for term, text in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not text:
                self.write("\n")
                continue
            if cell_len(term) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(term)))
            else:
                self.write("\n" + pad)
            lines = click.wrap_text(text, max(self.width - first_col - 2, 10), preserve_paragraphs=True).splitlines()
            self.write("\n".join([lines[0], *(pad + line for line in lines[1:])]) + "\n" if lines else "\n")


class ThaiContext(click.Context):
    """A context whose help and usage text are laid out by ``ThaiFormatter``."""

    formatter_class = ThaiFormatter


def _metavar(option: click.Option, ctx: click.Context) -> str:
    if option.metavar:
        return option.metavar
    if isinstance(option.type, click.Choice):
        return option.make_metavar(ctx)  # [csv|xlsx|json]: the values themselves
    return _TYPE_WORDS.get(option.type.name, option.type.name.upper())


def _help_record(option: click.Option, ctx: click.Context) -> tuple[str, str] | None:
    """One line of the options table, with click's [default: …; required] in Thai."""
    if option.hidden:
        return None
    names = ", ".join(option.opts)
    if option.secondary_opts:
        names += " / " + ", ".join(option.secondary_opts)
    spec = names if option.is_flag or option.count else f"{names} {_metavar(option, ctx)}"
    extra = option.get_help_extra(ctx)
    notes = []
    if "envvars" in extra:
        notes.append("ตัวแปรแวดล้อม: " + ", ".join(extra["envvars"]))
    if "default" in extra:
        notes.append(f"ค่าเริ่มต้น:\u00a0{extra['default']}")  # no-break: ".]" never alone on a line
    if "range" in extra:
        notes.append(f"ช่วง: {extra['range']}")
    if "required" in extra:
        notes.append("ต้องระบุ")
    text = option.help or ""
    if notes:
        text = f"{text}  [{'; '.join(notes)}]" if text else f"[{'; '.join(notes)}]"
    return spec, text


def _format_options(command: click.Command, ctx: click.Context, formatter: click.HelpFormatter) -> None:
    rows = [
        row
        for param in command.get_params(ctx)
        if isinstance(param, click.Option) and (row := _help_record(param, ctx)) is not None
    ]
    if rows:
        with formatter.section("ตัวเลือก"):
            formatter.write_dl(rows)


def _thai_help_option(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = HELP_TEXT
    return option


class _ErrorsInThai(click.Command):
    """Parsing and running, with click's errors re-raised in Thai.

    On the group this covers every command under it; on a command it covers a command
    run on its own (``python -m site_checks`` runs ``oit check`` without the group).
    """

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        # click's errors keep no raw value; the command line (before parsing consumes
        # it) lets a message quote what was typed
        typed = list(args) if parent is None else parent.meta.get(_ARGS_KEY, list(args))
        with _in_thai(typed):
            ctx = super().make_context(info_name, args, parent, **extra)
        ctx.meta.setdefault(_ARGS_KEY, typed)
        return ctx

    def invoke(self, ctx: click.Context) -> Any:
        with _in_thai(ctx.meta.get(_ARGS_KEY, [])):
            return super().invoke(ctx)

    # Thai help and usage lines, and Thai digits in number options, for commands and groups alike
    context_class = ThaiContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        _accept_thai_digits(self.params)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _thai_help_option(super().get_help_option(ctx))


class ThaiCommand(_ErrorsInThai, click.Command):
    """A command whose help and usage errors are Thai (use for every ``oit`` command)."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """click's own parse, with "Got unexpected extra arguments" said in Thai."""
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx  # the option parser raises some errors without it
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise ThaiUsageError(
                f"มีค่าเกินมา: {' '.join(rest)} — คำสั่ง {ctx.command_path} ไม่รับค่านี้"
                " (ถ้าเป็นข้อความที่มีเว้นวรรค ให้ครอบด้วยเครื่องหมายคำพูด \"...\")",
                ctx,
            )
        return rest


class ThaiGroup(_ErrorsInThai, click.Group):
    """The ``oit`` group: its commands default to ``ThaiCommand`` and every error is Thai."""

    command_class = ThaiCommand
    group_class = type  # a sub-group is a ThaiGroup too

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("subcommand_metavar", "คำสั่ง [ตัวเลือก]...")
        super().__init__(*args, **kwargs)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)


class ThaiUsageError(click.UsageError):
    """A usage error already worded in Thai, shown with a Thai usage line and hint."""

    def show(self, file: IO[Any] | None = None) -> None:
        lines = []
        if self.ctx is not None:
            lines.append(usage_line(self.ctx))
            lines.append(f"ดูวิธีใช้ทั้งหมด: {self.ctx.command_path} --help")
            lines.append("")
        lines.append(f"ข้อผิดพลาด: {self.format_message()}")
        click.echo("\n".join(lines), file=file, err=file is None)


class ThaiAbort(click.ClickException):
    """Ctrl+C or a declined confirmation: click would print "Aborted!"."""

    exit_code = 1

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(self.format_message(), file=file, err=file is None)


def usage_line(ctx: click.Context) -> str:
    """The command's usage line with the Thai prefix, whatever its context class."""
    formatter = ThaiFormatter(width=ctx.terminal_width, max_width=ctx.max_content_width)
    ctx.command.format_usage(ctx, formatter)
    return formatter.getvalue().rstrip("\n")


@contextmanager
def _in_thai(args: list[str]) -> Iterator[None]:
    try:
        yield
    except (ThaiUsageError, NoArgsIsHelpError):
        raise
    except click.UsageError as exc:
        raise ThaiUsageError(thai_message(exc, args), exc.ctx) from None
    except click.FileError as exc:
        raise click.ClickException(f"เปิดไฟล์ '{exc.ui_filename}' ไม่ได้") from None
    except (click.Abort, KeyboardInterrupt, EOFError):
        raise ThaiAbort("ยกเลิกแล้ว ไม่ได้เปลี่ยนแปลงอะไรเพิ่ม") from None


def _option_names(param: click.Parameter) -> str:
    if isinstance(param, click.Option):
        return max(param.opts, key=len)  # --jobs rather than -j, as click's own hint
    return param.human_readable_name


def _find_option(ctx: click.Context | None, name: str) -> click.Option | None:
    if ctx is None:
        return None
    for param in ctx.command.get_params(ctx):
        if isinstance(param, click.Option) and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def _suggest(possibilities: list[str] | None) -> str:
    if not possibilities:
        return ""
    return " — หมายถึง " + " หรือ ".join(sorted(possibilities)) + " ใช่ไหม?"


def _choices(choice: click.Choice) -> str:
    return ", ".join(str(c) for c in choice.choices)


def _raw_value(param: click.Parameter, ctx: click.Context | None, args: list[str]) -> str | None:
    """The text the officer typed for ``param``: click's error keeps no value, so read it back."""
    if ctx is None or param.name is None:
        return None
    try:
        opts, _, _ = ctx.command.make_parser(ctx).parse_args(args=list(args[-_tail(ctx, args):]))
    except click.UsageError:
        return None
    value = opts.get(param.name)
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return value if isinstance(value, str) else None


def _tail(ctx: click.Context, args: list[str]) -> int:
    """How many of ``args`` belong to ``ctx``'s command (after the command's own name)."""
    name = ctx.info_name
    if ctx.parent is not None and name in args:
        return len(args) - args.index(name) - 1
    return len(args)


def _type_problem(param: click.Parameter, raw: str | None) -> str | None:
    """What a value of this click type must look like, in Thai."""
    kind = param.type
    if isinstance(kind, click.Choice):
        return f"ต้องเป็นหนึ่งใน: {_choices(kind)}"
    if isinstance(kind, click.IntRange | click.FloatRange):
        low = "" if kind.min is None else f"ไม่น้อยกว่า {kind.min}"
        high = "" if kind.max is None else f"ไม่เกิน {kind.max}"
        return "ต้องเป็นตัวเลข " + " และ".join(part for part in (low, high) if part)
    if isinstance(kind, click.types.IntParamType):
        return "ต้องเป็นจำนวนเต็ม เช่น 4"
    if isinstance(kind, click.types.FloatParamType):
        return "ต้องเป็นตัวเลข เช่น 10 หรือ 2.5"
    if kind is click.BOOL:
        return "ต้องเป็น yes หรือ no"
    if isinstance(kind, click.Path) and raw is not None:
        if not os.path.exists(raw):
            return "ไม่พบไฟล์หรือโฟลเดอร์นี้ ตรวจชื่อและที่อยู่ให้ถูก"
        if os.path.isdir(raw) and not kind.dir_okay:
            return "เป็นโฟลเดอร์ ต้องระบุไฟล์"
        if not os.path.isdir(raw) and not kind.file_okay:
            return "เป็นไฟล์ ต้องระบุโฟลเดอร์"
        return "เปิดไม่ได้ ตรวจสิทธิ์การอ่านเขียนของไฟล์หรือโฟลเดอร์นี้"
    return None


def thai_message(exc: click.UsageError, args: list[str]) -> str:
    """The Thai text of one of click's usage errors, from its public attributes."""
    ctx = exc.ctx
    path = ctx.command_path if ctx is not None else "oit"
    if isinstance(exc, NoSuchCommand):
        if exc.possibilities:
            return f"ไม่มีคำสั่ง '{exc.command_name}'{_suggest([f'{path} {p}' for p in exc.possibilities])}"
        return f"ไม่มีคำสั่ง '{exc.command_name}' — ดูรายชื่อคำสั่งทั้งหมดด้วย {path} --help"
    if isinstance(exc, click.NoSuchOption):
        return f"คำสั่ง {path} ไม่มีตัวเลือก {exc.option_name}{_suggest(exc.possibilities)}"
    if isinstance(exc, click.BadOptionUsage):
        name = exc.option_name
        option = _find_option(ctx, name)
        if option is not None and (option.is_flag or option.count):
            return f"ตัวเลือก {name} เป็นสวิตช์ ไม่ต้องมีค่าต่อท้าย (เขียน {name} เฉย ๆ)"
        count = option.nargs if option is not None and option.nargs > 1 else 1
        wanted = "ค่า" if count == 1 else f"ค่า {count} ค่า"
        return f"ตัวเลือก {name} ต้องมี{wanted}ตามหลัง เช่น {name} \"...\""
    if isinstance(exc, click.MissingParameter):
        param = exc.param
        if param is None:
            return "ยังระบุค่าที่คำสั่งนี้ต้องการไม่ครบ"
        names = _option_names(param)
        if not isinstance(param, click.Option):
            shown = names.strip("[]").removesuffix("...")
            return f"ยังไม่ได้ระบุ{shown} — พิมพ์ต่อจากชื่อคำสั่ง ดูตัวอย่างด้วย {path} --help"
        text = f"ยังไม่ได้ระบุ {names}"
        if isinstance(param.type, click.Choice):
            first = next(iter(param.type.choices), "")
            text += f" — เลือกหนึ่งใน: {_choices(param.type)} เช่น {names} {first}"
        elif isinstance(param, click.Option):
            text += f" — เช่น {param.opts[0]} \"...\""
        return text
    if isinstance(exc, click.BadParameter):
        param = exc.param
        if param is None:
            return exc.message if _THAI.search(exc.message) else "ค่าที่ระบุไม่ถูกต้อง"
        names = _option_names(param)
        raw = _raw_value(param, ctx, args)
        shown = f" '{raw}'" if raw is not None else ""
        problem = _type_problem(param, raw)
        if problem is None and _THAI.search(exc.message):  # raised by our own code, already in Thai
            return f"ค่าของ {names}{shown} ใช้ไม่ได้: {exc.message}"
        return f"ค่าของ {names}{shown} ใช้ไม่ได้: {problem or 'ไม่ใช่ค่าที่ใช้ได้'}"
    if isinstance(exc, click.BadArgumentUsage):
        return "จำนวนค่าที่ระบุไม่ตรงกับที่คำสั่งนี้ต้องการ"
    if _THAI.search(exc.message):
        return exc.message
    return "เขียนคำสั่งไม่ถูกรูปแบบ"
