#!/usr/bin/env python3
"""What the real AI clients load from a pactkit deployment, and whether pactkit's agent
hook stops them from bypassing the git hooks. Run by tests/clients/run.sh, which installs
the clients; standard library only.

Three deployments, each in a fresh HOME and repository per client: `pactkit init` (user
level), `pactkit init --project`, and both. For each, every client is asked through its
own offline commands what it loaded, and the check asserts that each of pactkit's agents,
commands and skills is there exactly once, with no duplicate or parse warnings:

- Claude Code: `claude -p --input-format stream-json` with an `initialize` request;
- OpenCode: `opencode debug skill`, `opencode debug config` (and its WARN/ERROR log lines);
- Codex CLI: `codex app-server`, `skills/list`;
- GitHub Copilot: `copilot skill list --json`, `copilot instruction list --json`;
- Gemini CLI: `gemini skills list` (and its conflict warnings).

Then, with pactkit's agent hook installed (user level in the first and third deployment,
project level in the second), each client runs one turn against a fake model server on
127.0.0.1 (tests/clients/fake_model.py) that answers with one shell call,
`git commit --no-verify -m "feat: x"`. The check asserts that the commit did not happen,
that the client handed pactkit's refusal back to the model, and that every request that
carries pactkit's rules carries each of the 8 rule modules exactly once.

What a client offers no offline listing for is read from the requests it sends the fake
model: Copilot's agents (its `task` tool), Codex's agent roles (its `spawn_agent` tool),
Gemini's agents (its system prompt) and Gemini's commands (one turn per command, at the
user and the project level: the request must carry the command's text once, with its
argument).

Each (deployment, client) pair runs in a world of its own, so they run in parallel
(`--jobs`). A client that is asked for but not installed fails the run; one left out with
`--only` is named as skipped.

Exit status: 0 all passed, 1 a check failed.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fake_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RULE_MARKER = "Work moves through four phases"
REFUSAL = "pactkit refused this command"
CLIENTS = ["claude", "opencode", "codex", "copilot", "gemini"]


def names(kind):
    base = ROOT / "templates" / kind
    if kind == "skills":
        return sorted(p.name for p in base.iterdir() if (p / "SKILL.md").is_file())
    return sorted(p.stem for p in base.glob("*.md"))


AGENTS, COMMANDS, SKILLS = names("agents"), names("commands"), names("skills")


def rule_markers():
    """One line of each rule module that no client rewrites (no code span, path, `$` or
    table): rule name -> line. Every rule must have one, so a new module is covered."""
    markers = {}
    for path in sorted((ROOT / "templates" / "rules").glob("*.md")):
        body = path.read_text().split("\n---\n", 1)[1]
        for line in body.splitlines():
            text = line.strip().lstrip("-0123456789. ").strip()
            if len(text.split()) >= 6 and not re.search(r"[`/$*|<>]", text):
                markers[path.stem] = text
                break
        else:
            raise SystemExit(f"{path}: no line to recognise the rule by")
    return markers


RULES = rule_markers()


class Report:
    """The checks of one job, printed together when it ends (jobs run in parallel)."""

    def __init__(self, title, client):
        self.client = client
        self.lines = [title]
        self.failures = []
        self.passed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            self.lines.append(f"  ok    {name}")
        else:
            self.failures.append(name)
            self.lines.append(f"  FAIL  {name}: {detail}")
        return ok

    def note(self, text):
        self.lines.append(f"        ({text})")


def exactly_once(found, expected):
    """Problems: expected names missing or seen more than once in `found`."""
    problems = []
    for name in expected:
        n = found.count(name)
        if n != 1:
            problems.append(f"{name} x{n}")
    return problems


class World:
    """A fresh HOME and git repository, with the clients on PATH."""

    def __init__(self, base, label, pactkit, bin_dir, opencode_seed=None, cache=None):
        self.dir = Path(tempfile.mkdtemp(prefix=f"{label}-", dir=base))
        self.home = self.dir / "home"
        self.repo = self.dir / "repo"
        self.home.mkdir()
        self.repo.mkdir()
        self.env = {
            "HOME": str(self.home),
            "PATH": os.pathsep.join([str(Path(pactkit).parent), str(bin_dir), "/usr/local/bin", "/usr/bin", "/bin"]),
            "LANG": "C.UTF-8",
            "TERM": "dumb",
            "NO_COLOR": "1",
            "GIT_AUTHOR_NAME": "Check",
            "GIT_AUTHOR_EMAIL": "check@example.com",
            "GIT_COMMITTER_NAME": "Check",
            "GIT_COMMITTER_EMAIL": "check@example.com",
            "GIT_CONFIG_NOSYSTEM": "1",
            # The clients' own update checks and telemetry stay off.
            "DISABLE_AUTOUPDATER": "1",
            "DISABLE_TELEMETRY": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
            "OPENCODE_DISABLE_AUTOUPDATE": "1",
            "OPENCODE_DISABLE_MODELS_FETCH": "1",
            "COPILOT_AUTO_UPDATE": "false",
            "GEMINI_CLI_TRUSTED_FOLDERS_PATH": str(self.dir / "gemini-trusted.json"),
            # Unpacked client packages (Copilot's is 235 MB) are shared, not per HOME.
            "XDG_CACHE_HOME": str(cache or self.home / ".cache"),
        }
        (self.dir / "gemini-trusted.json").write_text(json.dumps({str(self.repo): "TRUST_FOLDER"}))
        # OpenCode installs its plugin package into every configuration directory it
        # reads, from npm, on every start; a copy of the installed package spares that.
        if opencode_seed:
            for config in (self.home / ".config" / "opencode", self.repo / ".opencode"):
                shutil.copytree(opencode_seed, config, dirs_exist_ok=True, symlinks=True)
        self.run("git", "init", "-q", "-b", "main")
        (self.repo / "README.md").write_text("A project.\n")
        self.run("git", "add", "README.md")
        self.run("git", "commit", "-q", "-m", "chore: initial commit")

    def run(self, *args, env=None, timeout=180, input=None):
        return subprocess.run(
            list(args), cwd=self.repo, env=dict(self.env, **(env or {})), capture_output=True,
            text=True, timeout=timeout, input=input if input is not None else "",
        )

    def pactkit(self, *args):
        out = self.run("pactkit", *args)
        if out.returncode != 0:
            raise SystemExit(f"pactkit {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
        return out

    def commits(self):
        return int(self.run("git", "rev-list", "--count", "HEAD").stdout.strip() or 0)


# What each client loaded -------------------------------------------------------------

def claude_initialize(world):
    """The `initialize` answer of Claude Code's stream-json control protocol. The fake
    model server stands in for the API it consults while starting."""
    server, _, url = fake_model.start()
    proc = subprocess.Popen(
        ["claude", "-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose"],
        cwd=world.repo, env=dict(world.env, ANTHROPIC_API_KEY="sk-ant-offline", ANTHROPIC_BASE_URL=url),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    request = {"type": "control_request", "request_id": "init", "request": {"subtype": "initialize"}}
    proc.stdin.write(json.dumps(request) + "\n")
    proc.stdin.flush()
    answer = None
    deadline = time.time() + 120
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        try:
            message = json.loads(line)
        except ValueError:
            continue
        if message.get("type") == "control_response" and message["response"].get("request_id") == "init":
            answer = message["response"].get("response", {})
            break
    proc.stdin.close()
    proc.kill()
    proc.wait()
    server.shutdown()
    return answer


def check_claude(world, report, label):
    answer = claude_initialize(world)
    if not report.check(f"{label}: claude answers initialize", answer is not None, "no answer"):
        return
    commands = [c.get("name") for c in answer.get("commands", [])]
    agents = [a if isinstance(a, str) else a.get("name") for a in answer.get("agents", [])]
    problems = exactly_once(commands, COMMANDS + SKILLS)
    report.check(f"{label}: claude lists {len(COMMANDS)} commands and {len(SKILLS)} skills once",
                 not problems, ", ".join(problems))
    problems = exactly_once(agents, AGENTS)
    report.check(f"{label}: claude lists {len(AGENTS)} agents once", not problems, ", ".join(problems))


def check_opencode(world, report, label):
    out = world.run("opencode", "debug", "skill", "--print-logs", "--log-level", "WARN")
    try:
        skills = [s["name"] for s in json.loads(out.stdout)]
    except ValueError:
        report.check(f"{label}: opencode debug skill", False, out.stderr[-500:])
        return
    problems = exactly_once(skills, SKILLS)
    extra = [s for s in skills if s.startswith("project-")]
    report.check(f"{label}: opencode loads {len(SKILLS)} skills once, no command as a skill",
                 not problems and not extra, ", ".join(problems + extra))
    warnings = [l for l in out.stderr.splitlines() if "level=WARN" in l or "level=ERROR" in l]
    duplicates = [l for l in warnings if "duplicate" in l]
    report.check(f"{label}: opencode logs no duplicate and no error", not duplicates and not any(
        "level=ERROR" in l for l in warnings), "\n".join(warnings[:5]))
    out = world.run("opencode", "debug", "config")
    try:
        config = json.loads(out.stdout)
    except ValueError:
        report.check(f"{label}: opencode debug config", False, out.stderr[-500:])
        return
    problems = exactly_once(list(config.get("agent", {})), AGENTS)
    problems += exactly_once(list(config.get("command", {})), COMMANDS)
    report.check(f"{label}: opencode has {len(AGENTS)} agents and {len(COMMANDS)} commands",
                 not problems, ", ".join(problems))


def codex_rpc(world, requests):
    proc = subprocess.Popen(["codex", "app-server"], cwd=world.repo, env=world.env, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    answers = {}

    def send(message):
        proc.stdin.write(json.dumps(message) + "\n")
        proc.stdin.flush()

    def wait(ident):
        deadline = time.time() + 120
        while time.time() < deadline:
            line = proc.stdout.readline()
            if not line:
                return None
            message = json.loads(line)
            if message.get("id") == ident:
                return message
        return None

    send({"id": 0, "method": "initialize", "params": {"clientInfo": {"name": "pactkit-check", "version": "1"}}})
    wait(0)
    send({"method": "initialized"})
    for ident, (method, params) in enumerate(requests, 1):
        send({"id": ident, "method": method, "params": params})
        answers[method] = wait(ident)
    proc.stdin.close()
    proc.kill()
    proc.wait()
    return answers


def check_codex(world, report, label):
    answers = codex_rpc(world, [("skills/list", {"cwds": [str(world.repo)]})])
    answer = answers.get("skills/list") or {}
    data = (answer.get("result") or {}).get("data", [])
    skills = [s["name"] for entry in data for s in entry.get("skills", [])]
    errors = [e for entry in data for e in entry.get("errors", [])]
    problems = exactly_once(skills, COMMANDS + SKILLS)
    report.check(f"{label}: codex lists {len(COMMANDS) + len(SKILLS)} skills once, no load error",
                 not problems and not errors and "error" not in answer, ", ".join(problems) + str(errors)[:300])


def check_copilot(world, report, label):
    out = world.run("copilot", "skill", "list", "--json")
    try:
        skills = [s["name"] for s in json.loads(out.stdout)]
    except ValueError:
        report.check(f"{label}: copilot skill list", False, (out.stdout + out.stderr)[-500:])
        return
    problems = exactly_once(skills, COMMANDS + SKILLS)
    report.check(f"{label}: copilot lists {len(COMMANDS) + len(SKILLS)} skills once", not problems,
                 ", ".join(problems))
    out = world.run("copilot", "instruction", "list", "--json")
    try:
        sources = json.loads(out.stdout)
    except ValueError:
        report.check(f"{label}: copilot instruction list", False, (out.stdout + out.stderr)[-500:])
        return
    with_rules = []
    for source in sources:
        path = Path(source["sourcePath"])
        path = path if path.is_absolute() else world.repo / path
        if path.is_file() and RULE_MARKER in path.read_text(errors="replace"):
            with_rules.append(str(path))
    report.check(f"{label}: copilot reads the rules from one instruction file", len(with_rules) == 1,
                 f"{with_rules}")


def check_gemini(world, report, label):
    out = world.run("gemini", "skills", "list")
    text = out.stdout + out.stderr
    skills = re.findall(r"^(\S+) \[(?:Enabled|Disabled)\]", out.stdout, re.M)
    problems = exactly_once(skills, SKILLS)
    conflicts = [l for l in text.splitlines() if "conflict" in l.lower() or "error" in l.lower()]
    report.check(f"{label}: gemini lists {len(SKILLS)} skills once, no conflict or error",
                 not problems and not conflicts and out.returncode == 0, ", ".join(problems) + "\n".join(conflicts[:5]))


LOADED = {"claude": check_claude, "opencode": check_opencode, "codex": check_codex,
          "copilot": check_copilot, "gemini": check_gemini}


# The hook, end to end -----------------------------------------------------------------

def gemini_key_auth(world):
    """Gemini CLI asks how to sign in until the user settings name a method."""
    settings = world.home / ".gemini" / "settings.json"
    doc = json.loads(settings.read_text()) if settings.is_file() else {}
    doc.setdefault("security", {}).setdefault("auth", {})["selectedType"] = "gemini-api-key"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(json.dumps(doc, indent=2))


def gemini_acknowledge_project_agents(world):
    """Gemini CLI loads a project's agents only once the user has acknowledged each (by
    name and content hash, recorded under ~/.gemini/acknowledgments/); interactively it
    asks. The check answers as the user would, so the agents' loading is what is tested."""
    agents = sorted((world.repo / ".gemini" / "agents").glob("*.md"))
    if not agents:
        return
    path = world.home / ".gemini" / "acknowledgments" / "agents.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    acknowledged = {p.stem: hashlib.sha256(p.read_bytes()).hexdigest() for p in agents}
    path.write_text(json.dumps({str(world.repo): acknowledged}, indent=2))


def model_turn(world, client, url, project):
    """Runs one non-interactive turn of `client` against the fake model at `url`."""
    prompt = "Commit the change."
    if client == "claude":
        return world.run("claude", "-p", prompt, "--output-format", "stream-json", "--verbose",
                         "--allowedTools", "Bash", "--model", "claude-sonnet-4-5",
                         env={"ANTHROPIC_BASE_URL": url, "ANTHROPIC_API_KEY": "sk-ant-fake"})
    if client == "opencode":
        config = world.home / ".config" / "opencode" / "opencode.json"
        doc = json.loads(config.read_text()) if config.is_file() else {}
        doc.update({"model": "anthropic/claude-sonnet-4-5", "autoupdate": False, "share": "disabled",
                    "provider": {"anthropic": {"options": {"baseURL": url + "/v1", "apiKey": "sk-ant-fake"}}}})
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps(doc, indent=2))
        return world.run("opencode", "run", prompt)
    if client == "codex":
        provider = f'model_providers.fake={{name="fake",base_url="{url}/v1",wire_api="responses",env_key="FAKE_KEY"}}'
        args = ["codex", "exec", "--dangerously-bypass-hook-trust", "--dangerously-bypass-approvals-and-sandbox",
                "-c", 'model_provider="fake"', "-c", provider, "-c", 'model="gpt-5.4"']
        if project:
            # Codex loads a project's .codex/ (hooks included) only in a trusted project.
            config = world.home / ".codex" / "config.toml"
            config.parent.mkdir(parents=True, exist_ok=True)
            with config.open("a") as f:
                f.write(f'\n[projects."{world.repo}"]\ntrust_level = "trusted"\n')
        return world.run(*args, prompt, env={"FAKE_KEY": "fake"})
    if client == "copilot":
        args = ["copilot", "-p", prompt, "--allow-all-tools", "--no-auto-update", "--output-format", "json"]
        if project:
            args.append("--trust-folder")
        return world.run(*args, env={"COPILOT_PROVIDER_BASE_URL": url + "/v1", "COPILOT_PROVIDER_TYPE": "openai",
                                     "COPILOT_PROVIDER_API_KEY": "fake", "COPILOT_MODEL": "gpt-5.4"})
    if client == "gemini":
        gemini_key_auth(world)
        gemini_acknowledge_project_agents(world)
        return world.run("gemini", "-p", prompt, "--yolo", "-m", "gemini-2.5-flash",
                         env={"GOOGLE_GEMINI_BASE_URL": url, "GEMINI_API_KEY": "fake"})
    raise ValueError(client)


def rules_once(bodies):
    """Problems with the rules in the requests that carry any of them: each of the rule
    modules must be there exactly once."""
    with_rules = [b for b in bodies if any(m in b for m in RULES.values())]
    if not with_rules:
        return ["no request carries the rules"]
    problems = []
    for body in with_rules:
        for name, marker in RULES.items():
            if body.count(marker) != 1:
                problems.append(f"{name} x{body.count(marker)}")
    return sorted(set(problems))


def listed(bodies, pattern):
    """The names `pattern` (one group, multiline) finds in the first request that lists any."""
    for body in bodies:
        found = re.findall(pattern, body, re.M)
        if found:
            return found
    return []


def copilot_agents(bodies):
    """Copilot names the custom agents in its `task` tool: `- **name**: description`."""
    for body in bodies:
        if "User-provided custom agents:" in body:
            section = body.split("User-provided custom agents:", 1)[1]
            return re.findall(r"^- \*\*([\w.-]+)\*\*:", section, re.M)
    return []


# The agents a client offers the model, read from its requests.
REQUESTED_AGENTS = {
    "copilot": copilot_agents,
    # Codex's `spawn_agent` tool: `Available roles:` then `name: {` lines.
    "codex": lambda bodies: listed(bodies, r"^([\w.-]+): \{$"),
    # Gemini's system prompt: `- name -> description`.
    "gemini": lambda bodies: listed(bodies, r"^- ([\w.-]+) -> "),
}


def check_hook(world, client, report, label, project):
    server, recorder, url = fake_model.start()
    # Something staged: a commit that got past the hook would succeed.
    change = world.repo / f"change-{client}.txt"
    change.write_text(f"{client}\n")
    world.run("git", "add", change.name)
    before = world.commits()
    level = "project" if project else "user"
    try:
        out = model_turn(world, client, url, project)
    except subprocess.TimeoutExpired:
        report.check(f"{label}: {client} finishes its turn", False, "timed out")
        server.shutdown()
        return
    server.shutdown()
    texts = recorder.texts()
    bodies = recorder.bodies()
    report.check(f"{label}: {client} asked the model and got the shell call", len(texts) >= 2,
                 f"exit {out.returncode}; {len(texts)} requests\n{out.stderr[-800:]}")
    report.check(f"{label}: {client} ({level}-level hook): the commit did not happen",
                 world.commits() == before, "the bypass reached git")
    report.check(f"{label}: {client} hands pactkit's refusal to the model", any(REFUSAL in t for t in texts),
                 f"{out.stdout[-600:]}\n{out.stderr[-600:]}")
    problems = rules_once(bodies)
    report.check(f"{label}: {client} sends each of the {len(RULES)} rule modules once", not problems,
                 ", ".join(problems))
    if client in REQUESTED_AGENTS:
        problems = exactly_once(REQUESTED_AGENTS[client](bodies), AGENTS)
        report.check(f"{label}: {client} offers the model {len(AGENTS)} agents once", not problems,
                     ", ".join(problems))


def check_gemini_command(world, command, report, label):
    """Gemini CLI has no offline list of its custom commands: one turn with the command
    shows what it loaded, its text (once) with the argument in place."""
    server, recorder, url = fake_model.start(tool_calls=False)
    argument = f"argument-of-{command}"
    try:
        out = world.run("gemini", "-p", f"/{command} {argument}", "-m", "gemini-2.5-flash",
                        env={"GOOGLE_GEMINI_BASE_URL": url, "GEMINI_API_KEY": "fake"})
    except subprocess.TimeoutExpired:
        report.check(f"{label}: gemini runs /{command}", False, "timed out")
        server.shutdown()
        return
    server.shutdown()
    heading = f"# /{command}:"
    counts = sorted({b.count(heading) for b in recorder.bodies() if argument in b})
    report.check(f"{label}: gemini expands /{command} once, with its argument", counts == [1],
                 f"exit {out.returncode}; heading counts {counts}\n{out.stderr[-500:]}")


# The jobs ---------------------------------------------------------------------------------

DEPLOYMENTS = [
    # label, the inits, the level of the agent hook
    ("user", [["init"]], False),
    ("project", [["init", "--project"]], True),
    ("both", [["init"], ["init", "--project"]], False),
]


def world_for(args, base, label, inits, client):
    world = World(base, f"{label}-{client}", args.pactkit, args.clients,
                  args.opencode_seed if client == "opencode" else None, args.cache)
    for init in inits:
        world.pactkit(*init)
    return world


def client_job(args, base, label, inits, project, client):
    """What `client` loaded from the deployment `label`, then its turn with the hook."""
    report = Report(f"{label} ({' && '.join('pactkit ' + ' '.join(i) for i in inits)}): {client}", client)
    started = time.time()
    world = world_for(args, base, label, inits, client)
    LOADED[client](world, report, label)
    world.pactkit("hooks", "agent", "install", client, *(["--project"] if project else []))
    check_hook(world, client, report, label, project)
    report.note(f"{time.time() - started:.1f} s")
    return report


def gemini_commands_job(args, base, label, inits, commands):
    report = Report(f"{label} ({' && '.join('pactkit ' + ' '.join(i) for i in inits)}): gemini commands", "gemini")
    started = time.time()
    world = world_for(args, base, label, inits, "gemini")
    gemini_key_auth(world)
    for command in commands:
        check_gemini_command(world, command, report, label)
    report.note(f"{time.time() - started:.1f} s")
    return report


def warm_up(args, base, clients):
    """Runs each client once, one after the other: the first run unpacks what a client
    keeps in the shared cache (Copilot's package), which parallel jobs must not race on.
    Returns the clients that are missing."""
    world = World(base, "warm-up", args.pactkit, args.clients, None, args.cache)
    missing = []
    for client in clients:
        try:
            out = world.run(client, "--version", timeout=120)
        except (FileNotFoundError, subprocess.TimeoutExpired) as e:
            missing.append((client, str(e)))
            continue
        if out.returncode != 0:
            missing.append((client, f"`{client} --version` exited {out.returncode}: {out.stderr[-200:]}"))
        else:
            print(f"{client}: {out.stdout.strip().splitlines()[0] if out.stdout.strip() else ''}")
    return missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pactkit", required=True, help="the pactkit binary")
    parser.add_argument("--clients", required=True, help="directory holding the clients' executables")
    parser.add_argument("--only", action="append", choices=CLIENTS, help="check these clients only")
    parser.add_argument("--opencode-seed", help="a directory holding @opencode-ai/plugin installed with npm")
    parser.add_argument("--cache", help="a cache directory the clients share (XDG_CACHE_HOME)")
    parser.add_argument("--jobs", type=int, default=3, help="checks run at once (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the scratch directories")
    args = parser.parse_args()
    args.pactkit = str(Path(args.pactkit).resolve())
    args.clients = str(Path(args.clients).resolve())
    clients = args.only or CLIENTS
    base = Path(tempfile.mkdtemp(prefix="pactkit-clients-"))
    started = time.time()
    missing = warm_up(args, base, clients)
    clients = [c for c in clients if c not in dict(missing)]
    jobs = []
    for label, inits, project in DEPLOYMENTS:
        for client in clients:
            jobs.append((client_job, (args, base, label, inits, project, client)))
        if "gemini" in clients and label != "both":
            # Two jobs per level, so the pool stays busy.
            half = (len(COMMANDS) + 1) // 2
            for part in (COMMANDS[:half], COMMANDS[half:]):
                jobs.append((gemini_commands_job, (args, base, label, inits, part)))
    # Longest first: the pool's last job is then a short one.
    jobs.sort(key=lambda j: j[0] is gemini_commands_job)
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(fn, *job_args) for fn, job_args in jobs]
        reports = []
        for future in futures:
            report = future.result()
            print("\n".join(report.lines), flush=True)
            reports.append(report)
    passed = sum(r.passed for r in reports)
    failed = sum(len(r.failures) for r in reports) + len(missing)
    per_client = {c: sum(r.passed for r in reports if r.client == c) for c in clients}
    print(f"real-client checks: {time.time() - started:.0f} s with {args.jobs} jobs")
    print("checks passed per client: " + ", ".join(f"{c} {n}" for c, n in per_client.items()))
    for client, why in missing:
        print(f"FAIL  {client} cannot run, not checked: {why}")
    skipped = [c for c in CLIENTS if c not in clients]
    if skipped:
        print(f"skipped (--only): {', '.join(skipped)}")
    if args.keep:
        print(f"scratch directories kept in {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
