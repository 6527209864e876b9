"""Proves the images' .NET build stages without a Docker engine (see ops/check-images.sh).

  check.py closure DOCKERFILE...   fast: each Dockerfile copies exactly the project files its restore needs
                                    (the ProjectReference closure of the restored project) before restoring,
                                    and every closure project's sources before publishing
  check.py self-test DOCKERFILE... the closure check fails for each Dockerfile with any one csproj COPY removed
  check.py replay DOCKERFILE SCRATCH   replays the build stage in SCRATCH: its COPY lines from the build
                                    context (.dockerignore applied), then its dotnet RUN lines
"""
import os
import shlex
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET

import dockerfile as df

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
# Imported by MSBuild from the folders above every project, so a restore reads them like project files.
IMPLICIT_IMPORTS = ("Directory.Build.props", "Directory.Packages.props")


class CheckFailed(Exception):
    pass


def project_references(csproj: str) -> list[str]:
    """Repository-relative paths of the projects csproj references."""
    folder = os.path.dirname(csproj)
    refs = []
    for element in ET.parse(os.path.join(ROOT, csproj)).iter():
        if element.tag.endswith("ProjectReference") and element.get("Include"):
            path = element.get("Include").replace("\\", "/")
            refs.append(os.path.normpath(os.path.join(folder, path)))
    return refs


def closure(csproj: str) -> dict[str, str | None]:
    """Every project csproj needs, mapped to the project that first references it (None for csproj)."""
    found: dict[str, str | None] = {csproj: None}
    pending = [csproj]
    while pending:
        current = pending.pop()
        for ref in project_references(current):
            if ref not in found:
                found[ref] = current
                pending.append(ref)
    return found


def dotnet_target(run: str, verb: str) -> str | None:
    words = shlex.split(run)
    if len(words) >= 3 and words[0] == "dotnet" and words[1] == verb:
        return next(w for w in words[2:] if not w.startswith("-"))
    return None


def check_closure(name: str, text: str, files: list[str]) -> list[str]:
    """Problems with one Dockerfile's build stage, as messages naming the missing or extra file."""
    problems = []
    for stage in df.build_stages(text):
        workdir, copied, restored = "/", {}, None  # copied: image path -> context file
        in_layout = lambda: {src for dst, src in copied.items() if dst == os.path.join(prefix, src)}
        for keyword, args in stage.steps:
            if keyword == "WORKDIR":
                workdir = args
            elif keyword == "COPY":
                copied.update({dst: src for src, dst in df.plan_copy(args, workdir, files)})
            elif keyword == "RUN" and (target := dotnet_target(args, "restore")):
                # Project references are relative paths, so the image must mirror the repository below
                # one folder: the one the restored project sits in the way it sits in the repository.
                image_path = os.path.normpath(os.path.join(workdir, target))
                if image_path not in copied:
                    problems.append(f"`{args}`: {target} is not copied before it")
                    continue
                project = copied[image_path]
                prefix = image_path[: len(image_path) - len(project)]
                restored, present = closure(project), in_layout()
                for needed, referrer in restored.items():
                    if needed not in present:
                        why = f"referenced by {referrer}" if referrer else "the restored project"
                        problems.append(f"{needed} ({why}) is not copied to {os.path.join(prefix, needed)} before `{args}`")
                for extra in sorted(f for f in present if f.endswith(".csproj") and f not in restored):
                    problems.append(f"{extra} is copied before `{args}` but is not in its closure")
                for props in IMPLICIT_IMPORTS:
                    if props in files and props not in present:
                        problems.append(f"{props} is not copied to {prefix} before `{args}`")
            elif keyword == "RUN" and (target := dotnet_target(args, "publish")):
                image_path = os.path.normpath(os.path.join(workdir, target))
                if restored is None or copied.get(image_path) not in restored:
                    problems.append(f"`{args}` publishes a project no earlier `dotnet restore` restored")
                    continue
                present = in_layout()
                for project in restored:
                    folder = os.path.dirname(project) + "/"
                    missing = [f for f in files if f.startswith(folder) and f not in present]
                    if missing:
                        problems.append(f"{project}: {len(missing)} source files (e.g. {missing[0]}) are not copied before `{args}`")
        if restored is None:
            problems.append(f"build stage {stage.name or stage.image} runs no `dotnet restore`")
    # Images without a .NET build stage (the edge) are not replayed: their context COPY sources must exist.
    for stage in df.stages(text):
        if stage.image.startswith(df.SDK_IMAGE):
            continue
        for keyword, args in stage.steps:
            if keyword == "COPY" and not args.from_stage:
                try:
                    df.plan_copy(args, "/", files)
                except ValueError as error:
                    problems.append(str(error))
    return [f"{name}: {p}" for p in problems]


def self_test(name: str, text: str, files: list[str]) -> list[str]:
    """The closure check must notice each csproj COPY line taken away; returns lines it did not notice."""
    unnoticed = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("COPY ") and ".csproj" in line:
            mutated = "\n".join(lines[:i] + lines[i + 1:])
            if not check_closure(name, mutated, files):
                unnoticed.append(f"{name}: removing `{line}` went unnoticed")
    return unnoticed


# ---------- replay ----------

def replay(name: str, text: str, scratch: str) -> None:
    files = df.context_files(ROOT)
    root = os.path.abspath(scratch)
    inside = lambda path: os.path.join(root, path.lstrip("/"))
    env = dict(os.environ, DOTNET_NOLOGO="1", DOTNET_CLI_TELEMETRY_OPTOUT="1",
               # No MSBuild worker nodes outliving the replay (a container would take them down with it).
               MSBUILDDISABLENODEREUSE="1")
    stages, timings = df.build_stages(text), []
    for stage in stages:
        workdir = "/"
        for keyword, args in stage.steps:
            if keyword == "WORKDIR":
                workdir = args
                os.makedirs(inside(workdir), exist_ok=True)
            elif keyword == "COPY":
                for src, dst in df.plan_copy(args, workdir, files):
                    os.makedirs(os.path.dirname(inside(dst)), exist_ok=True)
                    shutil.copy2(os.path.join(ROOT, src), inside(dst))
            elif keyword == "RUN":
                # Absolute paths of the image (-o /app/publish) land inside the scratch folder.
                words = [inside(w) if w.startswith("/") else w for w in shlex.split(args)]
                started = time.monotonic()
                done = subprocess.run(words, cwd=inside(workdir), env=env, capture_output=True, text=True)
                if done.returncode != 0:
                    output = (done.stdout + done.stderr).strip().splitlines()
                    raise CheckFailed(f"{name}: `RUN {args}` exited with {done.returncode}:\n  " + "\n  ".join(output[-25:]))
                timings.append(f"{words[1]} {time.monotonic() - started:.1f} s")
    check_outputs(name, text, {s.name for s in stages if s.name}, inside)
    if not stages:
        print(f"images: {name} has no .NET build stage (its COPY sources are checked by `closure`)")
        return
    print(f"images: {name} build stage replayed ({', '.join(timings)})")


def check_outputs(name: str, text: str, build_names: set[str], inside) -> None:
    """What later stages take from the build stage exists, and holds the ENTRYPOINT's assembly."""
    dll, found_dll = df.entrypoint_dll(text), False
    for stage in df.stages(text):
        for keyword, args in stage.steps:
            if keyword == "COPY" and args.from_stage in build_names:
                for source in args.sources:
                    if not os.path.exists(inside(source)):
                        raise CheckFailed(f"{name}: `COPY --from={args.from_stage} {source}` but the build stage made no {source}")
                    found_dll |= bool(dll) and os.path.isfile(os.path.join(inside(source), dll))
    if dll and not found_dll:
        raise CheckFailed(f"{name}: ENTRYPOINT runs {dll}, which the build stage did not publish")


def main(argv: list[str]) -> int:
    command, args = argv[0], argv[1:]
    try:
        if command == "replay":
            replay(args[0], open(os.path.join(ROOT, args[0]), encoding="utf-8").read(), args[1])
            return 0
        files = df.context_files(ROOT)
        check = {"closure": check_closure, "self-test": self_test}[command]
        problems = [p for name in args for p in check(name, open(os.path.join(ROOT, name), encoding="utf-8").read(), files)]
    except (CheckFailed, ValueError) as error:
        print(f"FAIL {error}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"FAIL {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
