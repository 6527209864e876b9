"""Reads what a Dockerfile's .NET build stage does and what its build context holds.

Only the instructions our Dockerfiles use are understood; anything else in a build stage is an error,
so a replay can never silently differ from what `docker build` would do.
"""
import fnmatch
import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass, field

SDK_IMAGE = "mcr.microsoft.com/dotnet/sdk"


@dataclass
class Copy:
    sources: list[str]
    dest: str
    from_stage: str | None


@dataclass
class Stage:
    image: str
    name: str | None
    workdir: str = "/"
    steps: list[tuple[str, object]] = field(default_factory=list)  # ("COPY", Copy) | ("RUN", str) | ("WORKDIR", str)


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    result, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if pending and line.startswith("#"):
            continue  # comment lines inside a continuation are ignored by the parser
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        full = (pending + line).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        result.append((keyword.upper(), args.strip()))
    return result


def parse_copy(args: str) -> Copy:
    words = json.loads(args) if args.startswith("[") else shlex.split(args)
    from_stage = None
    while words and words[0].startswith("--"):
        flag = words.pop(0)
        if flag.startswith("--from="):
            from_stage = flag.split("=", 1)[1]
        elif not flag.startswith("--chown=") and not flag.startswith("--chmod="):
            raise ValueError(f"COPY flag {flag} is not understood by the replay")
    if len(words) < 2:
        raise ValueError(f"COPY needs a source and a destination: COPY {args}")
    return Copy(words[:-1], words[-1], from_stage)


def stages(text: str) -> list[Stage]:
    result: list[Stage] = []
    for keyword, args in instructions(text):
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else None
            result.append(Stage(words[0], name))
            continue
        if not result:
            raise ValueError(f"{keyword} before the first FROM")
        stage = result[-1]
        if keyword == "WORKDIR":
            stage.workdir = os.path.normpath(os.path.join(stage.workdir, args))
            stage.steps.append(("WORKDIR", stage.workdir))
        elif keyword == "COPY":
            stage.steps.append(("COPY", parse_copy(args)))
        elif keyword == "RUN":
            stage.steps.append(("RUN", args))
        else:
            stage.steps.append((keyword, args))
    return result


def build_stages(text: str) -> list[Stage]:
    """The stages that build .NET code (on the SDK image); those are what the replay runs."""
    found = [s for s in stages(text) if s.image.startswith(SDK_IMAGE)]
    for stage in found:
        for keyword, args in stage.steps:
            if keyword not in ("WORKDIR", "COPY", "RUN"):
                raise ValueError(f"{keyword} in the build stage is not understood by the replay: {keyword} {args}")
            if keyword == "RUN" and not str(args).startswith("dotnet "):
                raise ValueError(f"the build stage runs something other than dotnet: RUN {args}")
            if keyword == "COPY" and args.from_stage:
                raise ValueError(f"the build stage copies from stage {args.from_stage}: the replay copies only the context")
    return found


def entrypoint_dll(text: str) -> str | None:
    for keyword, args in instructions(text):
        if keyword == "ENTRYPOINT" and args.startswith("["):
            return next((w for w in json.loads(args) if w.endswith(".dll")), None)
    return None


def plan_copy(copy: Copy, workdir: str, files: list[str]) -> list[tuple[str, str]]:
    """(context file, absolute destination) pairs for one COPY from the build context, as Docker
    resolves them: a folder source copies its contents, a file goes into a destination ending in /."""
    plan = []
    for source in copy.sources:
        source = os.path.normpath(source)
        if any(c in source for c in "*?["):
            matches = [f for f in files if fnmatch.fnmatchcase(f, source) and f.count("/") == source.count("/")]
        else:
            matches = [f for f in files if f == source]
        folder = [f for f in files if source == "." or f.startswith(source + "/")]
        if not matches and not folder:
            raise ValueError(f"COPY source {source} is not in the build context (missing, or excluded by .dockerignore)")
        dest = os.path.join(workdir, copy.dest)
        into_folder = copy.dest.endswith("/") or len(copy.sources) > 1 or len(matches) > 1
        for f in matches:
            plan.append((f, os.path.join(dest, os.path.basename(f)) if into_folder else dest))
        for f in folder:
            plan.append((f, os.path.join(dest, f if source == "." else os.path.relpath(f, source))))
    return [(src, os.path.normpath(dst)) for src, dst in plan]


# ---------- build context: the repository minus .dockerignore ----------

def _pattern_regex(pattern: str) -> re.Pattern:
    """Docker's .dockerignore matching: Go filepath.Match per segment plus `**` for any depth."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out += "(?:.*/)?"; i += 3
        elif pattern.startswith("**", i):
            out += ".*"; i += 2
        elif pattern[i] == "*":
            out += "[^/]*"; i += 1
        elif pattern[i] == "?":
            out += "[^/]"; i += 1
        else:
            out += re.escape(pattern[i]); i += 1
    return re.compile(out + r"\Z")


def ignore_rules(context: str) -> list[tuple[bool, re.Pattern]]:
    path = os.path.join(context, ".dockerignore")
    rules = []
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            negate = line.startswith("!")
            line = os.path.normpath(line.lstrip("!").strip().lstrip("/"))
            rules.append((negate, _pattern_regex(line)))
    return rules


def ignored(rel: str, rules) -> bool:
    """Last matching rule wins; a rule matching a parent folder excludes everything below it."""
    parts = rel.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    verdict = False
    for negate, regex in rules:
        if any(regex.match(p) for p in prefixes):
            verdict = not negate
    return verdict


def context_files(context: str) -> list[str]:
    """The files `docker build` would send from a clean checkout: what git tracks (plus new files not
    ignored by git, so uncommitted work counts), or the whole folder outside git; .dockerignore applied."""
    rules = ignore_rules(context)
    try:
        listed = subprocess.run(["git", "-C", context, "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                                check=True, capture_output=True).stdout.decode().split("\0")
        candidates = [f for f in listed if f and os.path.isfile(os.path.join(context, f))]
    except (OSError, subprocess.CalledProcessError):
        candidates = [os.path.relpath(os.path.join(folder, name), context)
                      for folder, _, files in os.walk(context) for name in files]
    return sorted(f for f in candidates if not ignored(f, rules))
