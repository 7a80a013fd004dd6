"""The sandboxed Jinja2 environment: a project's templates first, the packaged defaults last."""
from __future__ import annotations

import os
import functools
import traceback
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

import jinja2
from jinja2.loaders import split_template_path
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from ..errors import InputError, Problem
from ..model.assets import MAX_FILE_BYTES, RefusedResource, read_project_file
from ..model.choices import KINDS as KINDS
from ..model.inputs import default_templates_dir, template_folders
from ..model.schema import Where
from ..model.yamlsource import SourceDict, load_yaml

LABELS_FILE = "labels.yaml"
#: Lets an override extend the default it replaces: ``{% extends "!default/job-ad.html" %}``.
DEFAULT_PREFIX = "!default"


class Templates:
    """Renders document templates and reports their mistakes as ``FILE:LINE`` problems."""

    def __init__(self, project_root: Path):
        self.project_root = project_root
        self.default_dir = default_templates_dir()
        self.search_path = template_folders(project_root)
        #: Where a template, or the file a link in templates/ leads to, may be: see read_project_file.
        self.roots = (project_root, self.default_dir)
        default_loader = _ProjectLoader([self.default_dir], self)
        self.env = SandboxedEnvironment(
            loader=jinja2.ChoiceLoader([
                _ProjectLoader(self.search_path, self),
                jinja2.PrefixLoader({DEFAULT_PREFIX: default_loader}),
            ]),
            undefined=jinja2.StrictUndefined,
            # HTML is escaped; the stylesheet is not (it is raw text inside <style>).
            autoescape=jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=True, default=False),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_blank_if_none,
        )
        self.env.filters["page_fields"] = page_fields
        self.env.filters["plural"] = plural
        self._labels: dict[str, list[SourceDict]] | None = None
        self._by_language: dict[str, Labels] = {}

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render one template; a mistake in it becomes an :class:`InputError` naming its file and line."""
        try:
            return self.env.get_template(name).render(context)
        except jinja2.TemplateSyntaxError as error:
            raise InputError(Problem(self.shown(error.filename), error.lineno or 0, "template",
                                     f"syntax error: {error.message}")) from None
        except (InputError, MemoryError):
            raise  # a MemoryError is the build's memory limit, reported as such
        except Exception as error:  # whatever a user's template does wrong is reported, never a traceback
            file, line = self._template_frame(error)
            if isinstance(error, jinja2.TemplateNotFound):
                file, line = (file, line) if line else (f"templates/{name}", 0)
                message = f"no template named {error.name!r} in {' or '.join(map(str, self.search_path))}"
            elif isinstance(error, SecurityError):
                message = f"not allowed in a template: {error}"
            elif isinstance(error, jinja2.UndefinedError):
                message = f"uses something undefined: {error.message}"
            elif isinstance(error, RecursionError):
                message = "endless recursion: a macro or include calls itself"
            else:
                message = f"{type(error).__name__}: {error}"
            raise InputError(Problem(file, line, "template", message)) from None

    def labels(self, language: str) -> Labels:
        """The words around the role's text in ``language``: the packaged set, the project's words on top."""
        if language not in self._by_language:
            self.check_labels([language])
            self._by_language[language] = Labels(self._label_layers()[language])
        return self._by_language[language]

    def check_labels(self, languages: list[str]) -> None:
        """Raise one :class:`InputError` naming every language without labels, and every key a set lacks.

        There is no fallback to another language: a German document with English headings is a
        mistake to report, not to print.
        """
        problems = [problem for language in languages for problem in self._label_problems(language)]
        if problems:
            raise InputError(problems)

    def _label_layers(self) -> dict[str, list[SourceDict]]:
        if self._labels is None:
            self._labels = {}
            for directory in reversed(self.search_path):  # defaults first, the project's overrides on top
                path = directory / LABELS_FILE
                if os.path.lexists(path):  # a broken link or a FIFO is reported, not taken for no labels
                    for lang, words in _read_labels(path, self.as_named(path), self.roots).items():
                        self._labels.setdefault(lang, []).append(words)
        return self._labels

    def _label_problems(self, language: str) -> list[Problem]:
        layers = self._label_layers()
        packaged = [words for lang, sets in layers.items() for words in sets if words.file == self._packaged_file]
        required = sorted({key for words in packaged for key in words})
        if language not in layers:
            known = ", ".join(sorted(lang for lang in layers))
            return [Problem(f"templates/{LABELS_FILE}", 0, language,
                            f"no labels in this language (labels exist for {known}); add a '{language}:' set "
                            f"to templates/{LABELS_FILE} with these keys: {', '.join(required)}")]
        present = {key for words in layers[language] for key in words}
        missing = [key for key in required if key not in present]
        defaults = [words for words in layers[language] if words.file == self._packaged_file] or packaged[:1]
        shape = [problem for words in layers[language] if words.file != self._packaged_file
                 for default in defaults for problem in _shape_problems(default, words)]
        if not missing:
            return shape
        last = layers[language][-1]  # the project's set, when it has one: that is where to add them
        return [*shape,
                Problem(last.file, last.line, language, f"labels missing in this language: {', '.join(missing)}")]

    @property
    def _packaged_file(self) -> str:
        return self.shown(str(self.default_dir / LABELS_FILE))

    def shown(self, filename: str | None) -> str:
        """A template's path as the user knows it: relative to the project, or the packaged default's."""
        if not filename:
            return "templates"
        path = Path(filename).resolve()
        try:
            return str(path.relative_to(self.project_root.resolve()))
        except ValueError:
            return str(path)

    def as_named(self, path: Path) -> str:
        """A file's path as the user named it, links not followed: ``templates/leak.html``, not its target."""
        try:
            return str(path.absolute().relative_to(self.project_root.absolute()))
        except ValueError:
            return self.shown(str(path))

    def _template_frame(self, error: BaseException) -> tuple[str, int]:
        frames = [frame for frame in traceback.extract_tb(error.__traceback__)
                  if any(Path(frame.filename).resolve().is_relative_to(d.resolve()) for d in self.search_path)]
        if not frames:
            return "templates", 0
        return self.shown(frames[-1].filename), frames[-1].lineno or 0


class Labels(dict[str, Any]):
    """The words of one language, each knowing the file and line it came from.

    Layers merge key by key, at every depth: a project's ``de: {kinds: {job-ad: Stellenangebot}}``
    changes one kind's name and keeps the others.
    """

    def __init__(self, layers: list[SourceDict]):
        super().__init__()
        #: Where each key was last written, by its dotted path (``kinds.job-ad``).
        self.places: dict[str, Where] = {}
        for words in layers:  # later layers win
            _merge_words(self, words, self.places, ())

    def problem(self, key: str, message: str) -> Problem:
        return self.places.get(key, Where("templates/labels.yaml", 0, (key,))).problem(message)


def _blank_if_none(value: Any) -> Any:
    """A value the role leaves out prints as nothing, never as "None"; a typo stays an error (StrictUndefined)."""
    return "" if value is None else value


def _merge_words(target: dict[str, Any], words: SourceDict, places: dict[str, Where], path: tuple[str, ...]) -> None:
    for key, value in words.items():
        places[".".join((*path, str(key)))] = Where.of_key(words, key)
        if isinstance(value, SourceDict) and isinstance(target.get(key), dict):
            merged: dict[str, Any] = dict(target[key])  # a copy: the layer below is shared by every language
            _merge_words(merged, value, places, (*path, str(key)))
            target[key] = merged
        else:
            target[key] = value


def _shape_problems(default: dict[str, Any], override: SourceDict) -> Iterator[Problem]:
    """An override's words that do not have the shape of the default they replace: a text for a map, ..."""
    for key, value in override.items():
        if key not in default:
            continue  # a label of the project's own, for its own templates
        expected = default[key]
        if isinstance(expected, dict):
            if isinstance(value, SourceDict):
                yield from _shape_problems(expected, value)
            else:
                yield Where.of_key(override, key).problem(
                    f"must be a mapping like the default's, with keys such as {', '.join(map(str, list(expected)[:4]))}; "
                    "give only the keys you change")
        elif isinstance(expected, list) != isinstance(value, list) or isinstance(value, dict):
            kind = "a list of texts" if isinstance(expected, list) else "a text"
            yield Where.of_key(override, key).problem(f"must be {kind}, like the default's")


class _ProjectLoader(jinja2.BaseLoader):
    """Finds a template in ``directories``, first match wins, and reads it through the project's read policy.

    Jinja2's own file loader follows a link anywhere: ``templates/leak.html -> /etc/passwd`` would be
    published. Here a link may lead only inside the project or the packaged defaults, and only to a
    regular file; anything else is an error naming the template and where it leads.
    """

    def __init__(self, directories: list[Path], templates: Templates):
        self.directories = directories
        self.templates = templates

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)  # refuses '..' as Jinja2's own loader does
        for directory in self.directories:
            path = directory.joinpath(*pieces)
            if os.path.lexists(path):
                return self._read(path), str(path), _unchanged_since(path)
        raise jinja2.TemplateNotFound(template)

    def _read(self, path: Path) -> str:
        shown = self.templates.as_named(path)
        try:
            data = read_project_file(path, self.templates.roots, MAX_FILE_BYTES)
        except RefusedResource as error:
            raise InputError(Problem(shown, 0, "template", f"{error}; a template must be a regular file inside "
                                                           "the project")) from None
        except OSError as error:
            raise InputError(Problem(shown, 0, "template", f"cannot read the file: {error.strerror}")) from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputError(Problem(shown, line, "template",
                                     "not UTF-8 text; save the file as UTF-8 in your editor")) from None


def _unchanged_since(path: Path) -> Callable[[], bool]:
    """Jinja2's check that a cached template is still current: its file's modification time."""
    try:
        mtime = os.stat(path).st_mtime
    except OSError:
        mtime = None

    def unchanged() -> bool:
        try:
            return os.stat(path).st_mtime == mtime
        except OSError:
            return False

    return unchanged


def _read_labels(path: Path, shown: str, roots: tuple[Path, ...]) -> dict[str, SourceDict]:
    """``labels.yaml``: a mapping of language to a mapping of words."""
    raw = load_yaml(path, shown, empty_ok=True, roots=roots) or {}
    if not isinstance(raw, SourceDict):
        raise InputError(Problem(shown, 1, "", "must be a mapping from each language to its words, "
                                               "like 'en: {you_will: ...}'"))
    bad = [Where.of_key(raw, lang).problem("must be a mapping of words, like 'you_will: What you will do'")
           for lang, words in raw.items() if not isinstance(words, SourceDict)]
    if bad:
        raise InputError(bad)
    return {str(lang): words for lang, words in raw.items()}


def page_fields(label: str) -> Markup:
    """``"Page {page} of {pages}"`` with the page counters the PDF and the DOCX fill in."""
    return Markup(str(escape(label)).replace("{page}", '<span class="page-number"></span>')
                  .replace("{pages}", '<span class="page-count"></span>'))



@jinja2.pass_context
def plural(context: Any, forms: Any, count: int, **values: Any) -> str:
    """A label's plural form for a count, by the CLDR plural rules of the document's language.

    ``forms`` is ``{one: ..., other: ...}`` (or one text); ``{n}`` and the ``values`` are filled in:
    ``{{ t.experience|plural(1, years=1) }}`` is "At least 1 year of relevant experience".
    """
    if isinstance(forms, str):
        return forms.format(n=count, **values)
    category = plural_locale(str(context["t"].get("lang_tag", "en"))).plural_form(count)
    form = forms.get(category, forms.get("other"))
    if form is None:
        raise ValueError(f"the label {dict(forms)!r} has no '{category}' form, nor 'other', for {count}")
    return str(form).format(n=count, **values)


@functools.cache
def plural_locale(tag: str) -> Any:
    """Babel's locale for a language tag, whose plural rules pick a label's form."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse("en")  # render.document_locale reports a bad lang_tag with its place
