"""Rendering reports and the issued plan: the one place that configures Jinja (Markdown) and
docxtpl (Word).

Templates come from ``--templates DIR`` when it is given and holds the one needed, else the
built-in ones shipped inside the package: a folder is used only when named (a ``templates/``
folder beside the plan is not, so no file placed there runs as code unasked). Jinja runs
sandboxed with strict undefined variables and the limits of ``parplan.render.sandbox`` (files inside
the template folders only, time, size); plan text is data, never template code, so
``{{ … }}`` in a task stays verbatim.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import (
    BaseLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
)

from parplan.core.errors import UsageError
from parplan.render.markdown import md_cell, md_text
from parplan.render.sandbox import (
    BoundedEnvironment,
    ConfinedLoader,
    TemplateRefusal,
    confined_file,
    read_template,
    timed,
)

MD_TEMPLATE = "report.md.j2"
DOCX_TEMPLATE = "report.docx"
PLAN_MD_TEMPLATE = "plan.md.j2"
PLAN_DOCX_TEMPLATE = "plan.docx"
SITE_TEMPLATES = ("base.html.j2", "macros.html.j2", "index.html.j2", "unit.html.j2", "style.css")


class TemplateProblem(UsageError):
    """A template could not be rendered: names the template, the line and the cause."""

    def __init__(self, template: str, line: int | None, cause: str) -> None:
        where = f"{template}:{line}" if line else template
        super().__init__(f"{where}: lỗi mẫu: {cause}")


# Jinja's messages, in the words a template's author reads here (the rest keep Jinja's words
# after a Vietnamese lead: they name tokens and filters, which stay as written).
_JINJA_MESSAGES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"unexpected end of template", re.I), "mẫu kết thúc giữa chừng (thiếu thẻ đóng?)"),
    (re.compile(r"Encountered unknown tag '([^']*)'"), "thẻ không có: '{0}'"),
    (re.compile(r"No filter named '([^']*)'"), "không có bộ lọc '{0}'"),
    (re.compile(r"No test named '([^']*)'"), "không có phép thử '{0}'"),
    (re.compile(r"[Ee]xpected an expression, got '([^']*)'"), "cần một biểu thức, gặp '{0}'"),
    (re.compile(r"expected token '([^']*)', got '([^']*)'"), "cần '{0}', gặp '{1}'"),
    (re.compile(r"unexpected '([^']*)'"), "không được có '{0}' ở đây"),
    (re.compile(r"unexpected char '([^']*)'"), "ký tự không hợp lệ '{0}'"),
    (re.compile(r"unsafe|access to attribute"), "mẫu dùng thuộc tính không được phép"),
    (re.compile(r"template not found|TemplateNotFound"), "không tìm thấy mẫu được gọi tới"),
]


def _cause(exc: BaseException) -> str:
    """What went wrong in a template, in Vietnamese."""
    if isinstance(exc, TemplateRefusal):
        return exc.message or str(exc)
    if isinstance(exc, UndefinedError):
        return _undefined(exc)
    if isinstance(exc, TemplateNotFound):
        return f"không tìm thấy mẫu '{exc.name}' (được gọi bằng include/extends/import)"
    if isinstance(exc, TemplateError):
        message = " ".join((exc.message or str(exc)).split())
        for pattern, vietnamese in _JINJA_MESSAGES:
            found = pattern.search(message)
            if found:
                return vietnamese.format(*found.groups())
        return f"mẫu không hợp lệ (Jinja: {message})"
    return (
        "một phép tính trong mẫu không thực hiện được "
        f"({type(exc).__name__}: {' '.join(str(exc).split())})"
    )


@contextmanager
def template_errors(name: str) -> Iterator[None]:
    """Any failure of a template as one ``TemplateProblem`` naming the template file and,
    where Jinja knows it, the line. A user's template can fail in any way its code can (1/0, a
    string added to a number); a built-in template failing that way is parplan's own bug and
    is left to the internal-error handler."""
    try:
        yield
    except TemplateSyntaxError as exc:
        raise TemplateProblem(exc.filename or name, exc.lineno, _cause(exc)) from None
    except Exception as exc:
        where, line = _template_frame(exc)
        shown = name if where in (None, "<template>") else where
        if not isinstance(exc, TemplateError) and is_builtin(Path(shown)):
            raise
        raise TemplateProblem(shown, line, _cause(exc)) from None


def builtin_folder() -> Path:
    """The templates shipped inside the package."""
    return Path(str(resources.files("parplan") / "templates"))


def template_path(name: str, override: Path | None) -> Path:
    """The template file to use: ``override``'s (confined to it), else the built-in one."""
    for folder in template_folders(override):
        with template_errors(str(folder / name)):
            found = confined_file(folder, name)
        if found is not None:
            return found
    return builtin_folder() / name


def is_builtin(template: Path) -> bool:
    """Whether ``template`` is one shipped inside the package."""
    return template.resolve().is_relative_to(builtin_folder().resolve())


def builtin_templates() -> dict[str, Path]:
    """The built-in templates by their name relative to a templates folder."""
    folder = builtin_folder()
    names = [MD_TEMPLATE, DOCX_TEMPLATE, PLAN_MD_TEMPLATE, PLAN_DOCX_TEMPLATE]
    names += [f"site/{n}" for n in SITE_TEMPLATES]
    return {name: folder / name for name in names}


def yaml_string(value: Any) -> str:
    """A value as a YAML double-quoted string (for the plan skeleton of `parplan new`)."""
    from parplan.document.edits import scalar

    return scalar(str(value))


def environment(*, html: bool = False, loader: BaseLoader | None = None) -> BoundedEnvironment:
    """The one Jinja configuration: sandboxed and bounded (``parplan.render.sandbox``), strict; HTML
    pages are autoescaped."""
    env = BoundedEnvironment(
        undefined=StrictUndefined,
        autoescape=html,
        loader=loader,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["md"] = md_text
    env.filters["cell"] = md_cell
    env.filters["q"] = yaml_string
    return env


def render_markdown(context: dict[str, Any], template: Path) -> str:
    """A Markdown template rendered; it may include others from its own folder."""
    env = environment(loader=ConfinedLoader([template.parent]))
    with template_errors(str(template)):
        compiled = env.from_string(read_template(template))
        compiled.name = str(template)
        env.budget.start()
        return env.rendered(compiled.generate(**timed(context, env.budget)))


def _undefined(exc: UndefinedError) -> str:
    name = re.search(r"'([^']+)' is undefined|has no attribute '([^']+)'", str(exc))
    variable = next((g for g in name.groups() if g), None) if name else None
    return f"biến '{variable}' không có trong dữ liệu báo cáo" if variable else str(exc)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an exception was raised at: Jinja rewrites the traceback so
    that a template's frames carry its file name and line numbers (and
    ``__jinja_exception__`` in their globals)."""
    where: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:
            where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


# --- Word -----------------------------------------------------------------------------------

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(data: Any) -> Any:
    """Strings fit for WordprocessingML: NFC, no characters XML 1.0 forbids."""
    if isinstance(data, str):
        return _XML_INVALID.sub("", unicodedata.normalize("NFC", data))
    if isinstance(data, dict):
        return {k: xml_safe(v) for k, v in data.items()}
    if isinstance(data, list):
        return [xml_safe(v) for v in data]
    return data


def render_docx(context: dict[str, Any], template: Path) -> bytes:
    import io

    from docxtpl import DocxTemplate

    try:
        doc = DocxTemplate(str(template))
        doc.init_docx()  # opened here: a bad file is said as such, not as a failed render
    except Exception:  # python-docx raises several kinds for a bad file, in English
        raise UsageError(
            f"{template}: không mở được mẫu Word: tệp .docx hỏng hoặc không phải tệp Word"
        ) from None
    env = environment()
    with template_errors(str(template)):
        env.budget.start()
        doc.render(timed(xml_safe(context), env.budget), jinja_env=env, autoescape=True)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_document(
    context: dict[str, Any],
    fmt: str,
    names: tuple[str, str],
    *,
    templates: Path | None,
) -> bytes:
    """``context`` through the Markdown or the Word template of ``names`` (md, docx)."""
    if fmt == "md":
        return render_markdown(context, template_path(names[0], templates)).encode()
    return render_docx(context, template_path(names[1], templates))


# --- the dashboard site ---------------------------------------------------------------------


def template_folders(override: Path | None) -> list[Path]:
    """Where templates are looked up, first match wins (see module docstring)."""
    if override is not None and not override.is_dir():
        raise UsageError(f"--templates: thư mục {override} không tồn tại")
    return [builtin_folder()] if override is None else [override, builtin_folder()]


def render_pages(
    pages: dict[str, tuple[str, dict[str, Any]]], override: Path | None
) -> dict[str, bytes]:
    """Render HTML pages: ``{output name: (template name, context)}`` -> ``{name: bytes}``.
    A page template may ``{% include %}`` or ``{% extends %}`` others from the same folders,
    so a user can override one piece (``site/style.css``) and keep the rest."""
    env = environment(html=True, loader=ConfinedLoader(template_folders(override)))
    out: dict[str, bytes] = {}
    for name, (template, context) in pages.items():
        with template_errors(template):
            env.budget.start()
            page = env.get_template(template).generate(**timed(context, env.budget))
            out[name] = env.rendered(page).encode("utf-8")
    return out
