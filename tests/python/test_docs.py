"""Every fenced code block in docs/**/*.md and README.md is run, and the
output the docs show is the output the code prints.

How a block is treated depends on its language and on an optional HTML
comment on the line right before its opening fence (invisible when the
Markdown is rendered):

  ```python   run with /usr/bin/python3, PYTHONPATH = <build>/lang_python.
  ```c        a complete program: compiled with
              cc -std=c11 -Wall -Wextra -Werror -I include -I <build>/include,
              linked with <build>/lang_c/user/liboif_c.so and the libraries
              below it (with an rpath), and run.
  ```sh       run with bash.
  ```output   the exact standard output of the nearest run block above it
              (the next fenced block after it); "..." stands for any text,
              possibly spanning lines, as in doctest's ELLIPSIS.

  <!-- docs-test: file PATH -->
              the block is one file of a multi-file example (an
              implementation's source, its .conf, a spec): it is written to
              PATH, relative to the document's example folder, for the blocks
              after it; any language.
  <!-- docs-test: excerpt-of DOC -->
              a short excerpt (README's teasers): each of its lines, without
              trailing comments, must occur in order in one block of DOC in
              the same language, which is itself run.
  <!-- docs-test: needs-impl: INTERFACE/NAME -->
              a run block about an implementation that only some builds
              have (sundials_cvode_mpi, where MPI is installed): run as
              usual where the build has it; elsewhere neither it nor its
              output block is checked.
  <!-- docs-test: no-run: REASON -->
              only for ```sh blocks that must not run inside the test suite
              (`make`, `make test`, installing): they are checked with
              `bash -n`.

Any other fenced block fails the test.  Diagrams and folder trees are
indented blocks, as in README.md, not fenced ones.

All blocks of one document run in order, in one example folder that stands
for the repository root (and sh blocks as one shell session: variables one
exports are set in the next): a fresh temporary folder with a symlink to each
top-level entry of the repository and `build` linked to the build tree.
Files written by `file` blocks must therefore not land in those entries.
Every run block must exit with status 0 and write nothing to stderr; the
environment has no OIF_* variables, and /usr/bin first on PATH (Debian's
python3, which has NumPy).
"""

import os
import pathlib
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUILD = pathlib.Path(os.environ.get("OIF_BUILD_DIR", ROOT / "build")).resolve()
PYTHON = "/usr/bin/python3"
DOCUMENTS = sorted(ROOT.glob("docs/**/*.md")) + [ROOT / "README.md"]
RUN_LANGUAGES = {"python", "c", "sh"}
# Written by someone else at the same time as these docs: linked to before
# they exist.  Remove once both are in docs/.
# Set for every block: a block that starts the test suite again (`make
# test`) fails at once instead of recursing without end.
NESTED = "DOCS_TEST_NESTED"
ANNOTATION = re.compile(r"^<!--\s*docs-test:\s*(file|excerpt-of|no-run|needs-impl)\b:?\s*(.*?)\s*-->$")


@dataclass
class Block:
    document: pathlib.Path
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    directive: str = ""  # "file", "excerpt-of", "no-run", "needs-impl", "unknown" or ""
    argument: str = ""

    @property
    def where(self):
        return f"{self.document.relative_to(ROOT)}:{self.line}"


def parse_blocks(document):
    blocks, lines = [], document.read_text().splitlines()
    i = 0
    while i < len(lines):
        fence = re.match(r"^(`{3,})\s*([\w+-]*)\s*$", lines[i])
        if fence is None:
            i += 1
            continue
        start, marker = i, fence.group(1)
        i += 1
        while i < len(lines) and lines[i].strip() != marker:
            i += 1
        if i == len(lines):
            raise AssertionError(f"{document.relative_to(ROOT)}:{start + 1}: unclosed code fence")
        block = Block(document, start + 1, fence.group(2), "\n".join(lines[start + 1 : i]) + "\n")
        annotation = ANNOTATION.match(lines[start - 1].strip()) if start > 0 else None
        if annotation is not None:
            block.directive, block.argument = annotation.groups()
        elif start > 0 and "docs-test" in lines[start - 1]:
            block.directive, block.argument = "unknown", lines[start - 1].strip()
        blocks.append(block)
        i += 1
    return blocks


def clean_environment():
    env = {k: v for k, v in os.environ.items() if not k.startswith("OIF_") and k not in ("PYTHONPATH", "PKG_CONFIG_PATH")}
    env["PATH"] = "/usr/bin:/bin:" + env.get("PATH", "")
    env["PYTHONPATH"] = str(BUILD / "lang_python")
    env[NESTED] = "1"
    return env


def make_example_folder():
    folder = pathlib.Path(tempfile.mkdtemp(prefix="oif_docs_"))
    for entry in ROOT.iterdir():
        if entry.name not in (".git", "build"):
            (folder / entry.name).symlink_to(entry)
    (folder / "build").symlink_to(BUILD)
    return folder


def write_file(block, folder):
    """Writes a file block into the example folder; returns a problem or None."""
    path = pathlib.PurePosixPath(block.argument)
    if not block.argument or path.is_absolute() or ".." in path.parts:
        return f"'file' needs a relative path inside the example folder, not {block.argument!r}"
    if (ROOT / path.parts[0]).exists() or path.parts[0] == "build":
        return f"{path} would be written into the repository's own {path.parts[0]}"
    target = folder / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(block.text)
    return None


def run_block(block, folder, number):
    env = clean_environment()
    if block.language == "python":
        script = folder / f"_block_{number}.py"
        script.write_text(block.text)
        command = [PYTHON, script.name]
    elif block.language == "c":
        source, program = folder / f"_block_{number}.c", folder / f"_block_{number}"
        source.write_text(block.text)
        compile_command = [
            "cc", "-std=c11", "-Wall", "-Wextra", "-Werror",
            "-I", str(ROOT / "include"), "-I", str(BUILD / "include"),
            str(source), str(BUILD / "lang_c" / "user" / "liboif_c.so"),
            str(BUILD / "dispatch" / "liboif_dispatch.so"), str(BUILD / "common" / "liboif_common.so"),
            f"-Wl,-rpath,{BUILD / 'lang_c' / 'user'}:{BUILD / 'dispatch'}:{BUILD / 'common'}", "-lm", "-o", str(program),
        ]  # fmt: skip
        compiled = subprocess.run(compile_command, capture_output=True, text=True, env=env)
        if compiled.returncode != 0:
            return None, f"does not compile:\n{compiled.stderr}"
        command = [str(program)]
    else:
        # Like one terminal session: what a block exports, the next sees.
        session = folder / "_exported_variables.sh"
        script = f"[ ! -f {session} ] || . {session}\n{block.text}\nexport -p > {session}\n"
        command = ["bash", "-e", "-o", "pipefail", "-c", script]
    # A session of its own, so that a timeout ends everything the block started.
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=folder, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return None, "did not finish within 120 s"
    if process.returncode != 0 or stderr:
        return None, f"exited with {process.returncode}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    return stdout, None


def output_matches(expected, actual):
    pattern = ".*?".join(re.escape(part) for part in expected.split("..."))
    return re.fullmatch(pattern, actual, re.DOTALL) is not None


def strip_trailing_comment(line, language):
    marker = {"python": "#", "sh": "#", "c": "/*"}.get(language)
    if marker and f" {marker}" in line:
        line = line[: line.index(f" {marker}")]
    return line.strip()


def is_excerpt(excerpt_lines, text, language):
    lines = [strip_trailing_comment(line, language) for line in text.splitlines()]
    position = 0
    for wanted in excerpt_lines:
        while position < len(lines) and wanted not in lines[position]:
            position += 1
        if position == len(lines):
            return False
        position += 1
    return True


def check_excerpt(block):
    source = ROOT / block.argument
    if not source.is_file():
        return f"excerpt-of names {block.argument}, which does not exist"
    wanted = [strip_trailing_comment(line, block.language) for line in block.text.splitlines()]
    wanted = [line for line in wanted if line]
    candidates = [b for b in parse_blocks(source) if b.language == block.language and not b.directive]
    if not any(is_excerpt(wanted, candidate.text, block.language) for candidate in candidates):
        return f"is not an excerpt of any {block.language} block run in {block.argument}"
    return None


def document_id(document):
    return str(document.relative_to(ROOT))


@pytest.mark.parametrize("document", DOCUMENTS, ids=document_id)
def test_code_blocks_run_and_print_what_the_docs_show(document):
    assert NESTED not in os.environ, "a block of the docs ran the test suite: mark it no-run"
    blocks = parse_blocks(document)
    failures = []
    folder = make_example_folder()
    try:
        last_output = None  # stdout of the last run block, until an output block claims it
        skipped = False  # the last block was a needs-impl block this build cannot run
        for number, block in enumerate(blocks):
            problem, output = None, None
            if block.directive == "needs-impl" and block.language in RUN_LANGUAGES:
                conf = BUILD / "impl" / block.argument / (pathlib.PurePosixPath(block.argument).name + ".conf")
                skipped = not conf.is_file()
                if not skipped:
                    output, problem = run_block(block, folder, number)
                last_output = output
                if problem is not None:
                    failures.append(f"{block.where}: {problem}")
                continue
            if block.language == "output" and skipped:
                skipped = False
                continue
            skipped = False
            if block.directive == "file":
                problem = write_file(block, folder)
            elif block.directive == "unknown":
                problem = f"unknown docs-test annotation {block.argument!r} (see the top of test_docs.py)"
            elif block.directive == "needs-impl":
                problem = "needs-impl is only for blocks that run"
            elif block.directive == "excerpt-of":
                problem = check_excerpt(block)
            elif block.directive == "no-run":
                if block.language != "sh" or not block.argument:
                    problem = "no-run is only for sh blocks, with a reason"
                else:
                    syntax = subprocess.run(["bash", "-n", "-c", block.text], capture_output=True, text=True)
                    problem = syntax.stderr or None
            elif block.language == "output":
                if last_output is None:
                    problem = "an output block must follow a block that runs"
                elif not output_matches(block.text, last_output):
                    problem = f"the block above printed:\n{last_output}which differs from what is shown"
            elif block.language in RUN_LANGUAGES:
                output, problem = run_block(block, folder, number)
            else:
                problem = f"a ```{block.language or '(no language)'} block is neither run nor a file of an example"
            # Only the block right after a run block may claim its output.
            last_output = output if block.language in RUN_LANGUAGES and not block.directive else None
            if problem is not None:
                failures.append(f"{block.where}: {problem}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert not failures, "\n\n".join(failures)


def test_every_document_is_found_and_has_blocks():
    # The glob above must see the docs; an empty list would pass vacuously.
    names = {document_id(d) for d in DOCUMENTS}
    for required in ["docs/index.md", "docs/getting-started.md", "docs/user-guide/ivp.md", "docs/errors.md"]:
        assert required in names
    assert sum(len(parse_blocks(d)) for d in DOCUMENTS) > 40


@pytest.mark.parametrize("document", DOCUMENTS, ids=document_id)
def test_relative_links_resolve(document):
    text = document.read_text()
    text = re.sub(r"^(`{3,}).*?^\1\s*$", "", text, flags=re.MULTILINE | re.DOTALL)  # code is not prose
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        if not path.exists():
            broken.append(target)
    assert not broken, f"{document_id(document)} links to missing files: {broken}"
